"""A user's own handlers, without rebuilding streamstack: handlers/example built as its own
project (tests/unit/handlers/fixtures builds it exactly as its README says), named by the
example's own stack file, loaded at start and invoked both directly and by its event source
mapping. Libraries that do not fit, and stack files that are wrong, stop the server at start with
a message naming the file, the place and what was expected. Applying the stack again on a
restart is harmless.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import harness

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(REPO, "handlers", "example")


def copy_example(directory):
    """The example folder as a user has it after building: its stack.json, and its library in
    build/ (a link to the one the fixtures built)."""
    shutil.copy(os.path.join(EXAMPLE, "stack.json"), directory)
    os.makedirs(os.path.join(directory, "build"), exist_ok=True)
    os.symlink(harness.handler_library("example"), os.path.join(directory, "build", "libmy_handlers.so"))
    return os.path.join(directory, "stack.json")


def start_failure(stack_path, timeout=10):
    """Runs streamstack on a stack file that must be refused; returns (exit code, stderr)."""
    proc = subprocess.run([harness.binary_path(), "--port", "0", "--data", ":memory:", "--config", stack_path],
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stderr


class ExampleLibraryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = tempfile.mkdtemp(prefix="streamstack-example-")
        cls.stack = copy_example(cls.dir)
        cls.server = harness.Server(":memory:", extra_args=["--config", cls.stack, "--log-level", "info"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    def change_lines(self):
        return [line.split("[changes] ", 1)[1] for line in self.server.logs().splitlines()
                if "[changes] " in line and not re.search(r"\[changes\] (START|END|REPORT) ", line)]

    def test_invoke_then_the_mapping_delivers_the_change(self):
        """The README's loop: `aws lambda invoke` runs visit_counter.handler from the library; its
        UpdateItem goes to the stream, and the mapping runs change_logger.handler, whose lines
        show up in the server's log."""
        out = os.path.join(self.dir, "out.json")
        answer = self.server.aws("lambda", "invoke", "--function-name", "visits", "--payload",
                                 json.dumps({"page": "home"}), out, check=True).json
        self.assertEqual(answer, {"StatusCode": 200, "ExecutedVersion": "$LATEST"})
        with open(out) as f:
            self.assertEqual(json.load(f), {"page": "home", "visits": 1})
        self.server.aws("lambda", "invoke", "--function-name", "visits", "--payload", json.dumps({"page": "home"}),
                        out, check=True)
        lines = harness.wait_for(lambda: len(self.change_lines()) >= 2 and self.change_lines())
        self.assertEqual(lines, ['INSERT {"itemKey":"home"} - -> {"itemKey":"home","visits":1}',
                                 'MODIFY {"itemKey":"home"} {"itemKey":"home","visits":1} -> '
                                 '{"itemKey":"home","visits":2}'])

    def test_functions_come_from_the_library(self):
        lam = self.server.client("lambda")
        config = lam.get_function(FunctionName="changes")["Configuration"]
        self.assertEqual(config["Handler"], "change_logger.handler")
        with open(harness.handler_library("example"), "rb") as f:
            size = len(f.read())
        self.assertEqual(config["CodeSize"], size)
        mappings = lam.list_event_source_mappings(FunctionName="changes")["EventSourceMappings"]
        self.assertEqual([(m["BatchSize"], m["FunctionResponseTypes"]) for m in mappings],
                         [(10, ["ReportBatchItemFailures"])])


class StartRefusalTest(unittest.TestCase):
    """What stops the server at start, and its words: the stack file, the JSON pointer, what was
    expected there."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamstack-refusal-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def stack_with_code(self, library):
        return harness.write_stack(self.dir, {"functions": [{"name": "f", "handler": "x.handler", "code": library}]})

    def test_library_built_for_another_abi_version_is_refused(self):
        library = harness.handler_library("bad_abi_handlers")
        stack = self.stack_with_code(library)
        code, stderr = start_failure(stack)
        self.assertEqual(code, 1)
        self.assertIn("streamstack: %s: at /functions/0/code: expected a usable handler library: handler library "
                      "%s cannot be used: it was built for handler ABI version 999, but this streamstack speaks "
                      "version 1; rebuild it against this streamstack's handlers/sdk/include\n" % (stack, library),
                      stderr)

    def test_library_without_the_entry_points_is_refused(self):
        library = harness.handler_library("not_handlers")
        stack = self.stack_with_code(library)
        code, stderr = start_failure(stack)
        self.assertEqual(code, 1)
        self.assertIn("at /functions/0/code: expected a usable handler library: handler library %s is not a "
                      "streamstack handler library: it exports no streamstack_handlers_abi" % library, stderr)

    def test_missing_library_is_refused(self):
        stack = self.stack_with_code("build/libnothing.so")
        code, stderr = start_failure(stack)
        self.assertEqual(code, 1)
        self.assertIn("at /functions/0/code: expected a usable handler library: handler library %s cannot be "
                      "loaded: " % os.path.join(self.dir, "build", "libnothing.so"), stderr)

    def test_handler_the_library_does_not_register_is_refused(self):
        stack = self.stack_with_code(harness.handler_library("example"))
        code, stderr = start_failure(stack)
        self.assertEqual(code, 1)
        self.assertRegex(stderr, r'at /functions/0/handler: expected the name of a registered handler \(.*'
                                 r'change_logger\.handler.*visit_counter\.handler.*\), got "x\.handler"')

    def test_stack_file_errors_name_the_pointer_and_what_was_expected(self):
        cases = [
            ({"tables": [{"name": "t", "partitionKey": {"name": "k", "type": "S"}, "stream": "ALL"}]},
             'at /tables/0/stream: expected one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, got "ALL"'),
            ({"functions": [{"name": "f", "handler": "stream_handler.handler"}],
              "eventSourceMappings": [{"function": "nope", "source": "table:t"}]},
             'at /eventSourceMappings/0/function: expected the name of a function in /functions, got "nope"'),
            ({"tables": [{"name": "t", "partitionKey": {"name": "k", "type": "S"}}]},
             "at /tables/0: expected a table DynamoDB accepts: ValidationException: TableName must be at least 3 "
             "characters long and at most 255 characters long"),
            ({"functions": [{"name": "f", "handler": "stream_handler.handler", "timeout": 0}]},
             "at /functions/0/timeout: expected an integer from 1 to 900, got 0"),
        ]
        for document, message in cases:
            with self.subTest(message=message):
                stack = harness.write_stack(self.dir, document)
                code, stderr = start_failure(stack)
                self.assertEqual(code, 1)
                self.assertIn("streamstack: %s: %s\n" % (stack, message), stderr)

    def test_mapping_to_a_table_without_a_stream_is_refused(self):
        stack = harness.write_stack(self.dir, {
            "tables": [{"name": "plain", "partitionKey": {"name": "k", "type": "S"}}],
            "functions": [{"name": "f", "handler": "stream_handler.handler"}],
            "eventSourceMappings": [{"function": "f", "source": "table:plain"}]})
        code, stderr = start_failure(stack)
        self.assertEqual(code, 1)
        self.assertIn('streamstack: %s: event source "table:plain" names a table without a stream' % stack, stderr)


class RestartTest(unittest.TestCase):
    def test_applying_the_stack_again_on_restart_changes_nothing(self):
        """A restart on the same data applies the stack again: the table, its stream and the
        mapping (and its checkpoint) are the ones already there."""
        directory = tempfile.mkdtemp(prefix="streamstack-restart-")
        try:
            stack = copy_example(directory)
            server = harness.Server(os.path.join(directory, "data.db"), extra_args=["--config", stack])
            server.start()
            try:
                ddb, lam = server.client(), server.client("lambda")
                before = ddb.describe_table(TableName="pages")["Table"]["LatestStreamArn"]
                mappings = lam.list_event_source_mappings()["EventSourceMappings"]
                server.restart()
                ddb, lam = server.client(), server.client("lambda")
                self.assertEqual(ddb.describe_table(TableName="pages")["Table"]["LatestStreamArn"], before)
                self.assertEqual(ddb.list_tables()["TableNames"], ["pages"])
                after = lam.list_event_source_mappings()["EventSourceMappings"]
                self.assertEqual([m["UUID"] for m in after], [m["UUID"] for m in mappings])
                self.assertEqual(sorted(f["FunctionName"] for f in lam.list_functions()["Functions"]),
                                 ["changes", "visits"])
            finally:
                server.close()
        finally:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
