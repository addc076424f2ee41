"""A mapping's function failing as AWS defines it, through the real server: a handler that
throws, one that sleeps past its timeout and one that calls an action its role does not allow are
retried, then skipped per MaximumRetryAttempts; BisectBatchOnFunctionError splits a failing batch
until the bad record stands alone; ReportBatchItemFailures retries from the lowest reported
record. Meanwhile the server keeps answering.

The functions run recording_handlers' recorder.handler (loaded from the stack file), which
records each delivery before it fails as the record's "behaviour" attribute asks.
"""

import json
import os
import time
import unittest

import harness
from stack_support import StackTestCase

TABLES = ["fail-throw", "fail-blocked", "fail-bisect", "fail-partial", "fail-timeout", "fail-deny"]


def failure_stack(directory):
    files = {name: os.path.join(directory, name + ".jsonl") for name in ("rec", "sleeper", "denied")}
    stack = {
        "tables": [{"name": t, "partitionKey": {"name": "itemKey", "type": "S"}, "stream": "NEW_IMAGE"}
                   for t in TABLES],
        "functions": [
            harness.recorder_function("rec", files["rec"]),
            # Timeout 1 s, and the sleep asked for lasts 3 s.
            harness.recorder_function("sleeper", files["sleeper"], timeout=1, environment={"SLEEP_MS": "3000"}),
            # A role that allows nothing: its GetItem on the table must be denied.
            harness.recorder_function("denied", files["denied"], environment={"TABLE": "fail-deny"}, statements=[]),
        ],
    }
    return harness.write_stack(directory, stack), files


class DispatcherFailuresTest(StackTestCase):
    log_level = "info"

    @classmethod
    def write_stack(cls, directory):
        stack, cls.files = failure_stack(directory)
        return stack

    def map(self, function, table, **settings):
        arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        mapping = self.lam.create_event_source_mapping(FunctionName=function, EventSourceArn=arn,
                                                       StartingPosition="TRIM_HORIZON", **settings)
        return arn, mapping["UUID"]

    def batches(self, function, arn):
        """The itemKeys of each batch `function` received from stream `arn`, in order."""
        out = []
        for d in harness.read_deliveries(self.files[function]):
            keys = [r["dynamodb"]["Keys"]["itemKey"]["S"] for r in d["records"] if r["eventSourceARN"] == arn]
            if keys:
                out.append(keys)
        return out

    def wait_batches(self, function, arn, count, timeout=15):
        found = harness.wait_for(lambda: len(self.batches(function, arn)) >= count, timeout=timeout)
        self.assertTrue(found, "only %r arrived" % self.batches(function, arn))
        time.sleep(0.1)  # anything more than expected would show up now
        return self.batches(function, arn)

    def put(self, table, key, behaviour=None):
        item = {"itemKey": {"S": key}}
        if behaviour:
            item["behaviour"] = {"S": behaviour}
        self.ddb.put_item(TableName=table, Item=item)

    def batch_put(self, table, items):
        """One BatchWriteItem: one commit, so its records are read as one batch."""
        requests = []
        for key, behaviour in items:
            item = {"itemKey": {"S": key}}
            if behaviour:
                item["behaviour"] = {"S": behaviour}
            requests.append({"PutRequest": {"Item": item}})
        self.ddb.batch_write_item(RequestItems={table: requests})

    def assertServerAnswersQuickly(self):
        started = time.monotonic()
        self.ddb.get_item(TableName="fail-throw", Key={"itemKey": {"S": "anything"}})
        self.assertLess(time.monotonic() - started, 0.5)

    def log_lines(self, function):
        return [line.split("[%s] " % function, 1)[1] for line in self.server.logs().splitlines()
                if "[%s] " % function in line]

    def test_throwing_handler_is_retried_then_skipped(self):
        """MaximumRetryAttempts 2: the first attempt and two retries, then the shard moves on;
        LastProcessingResult says so."""
        arn, uuid = self.map("rec", "fail-throw", BatchSize=1, MaximumRetryAttempts=2)
        self.put("fail-throw", "poison", "throw")
        self.assertServerAnswersQuickly()
        self.put("fail-throw", "good")
        batches = self.wait_batches("rec", arn, 4)
        self.assertEqual(batches, [["poison"], ["poison"], ["poison"], ["good"]])
        mapping = harness.wait_for(lambda: (lambda m: m if m["LastProcessingResult"] == "OK" else None)(
            self.lam.get_event_source_mapping(UUID=uuid)))
        self.assertEqual(mapping["State"], "Enabled")
        errors = [line for line in self.log_lines("rec") if line.startswith("[ERROR]") and '"poison"' in line]
        self.assertEqual(errors, ['[ERROR] std::runtime_error: poison record {"itemKey":{"S":"poison"}}'] * 3)

    def test_failure_result_is_reported_while_retrying(self):
        """With the default MaximumRetryAttempts (-1) a failing batch blocks its shard; the
        mapping reports the failure, and the server keeps answering."""
        arn, uuid = self.map("rec", "fail-blocked", BatchSize=1)
        mapping = self.lam.get_event_source_mapping(UUID=uuid)
        self.assertEqual(mapping["MaximumRetryAttempts"], -1)
        self.assertEqual(mapping["LastProcessingResult"], "No records processed")
        self.put("fail-blocked", "stuck", "throw")
        self.put("fail-blocked", "behind")
        found = harness.wait_for(lambda: self.lam.get_event_source_mapping(UUID=uuid)["LastProcessingResult"]
                                 == "PROBLEM: Function call failed")
        self.assertTrue(found)
        self.assertGreaterEqual(len(harness.wait_for(lambda: len(self.batches("rec", arn)) >= 3 and
                                                     self.batches("rec", arn))), 3)
        self.assertServerAnswersQuickly()
        # Still retrying the same record; the one behind it waits.
        self.assertEqual({tuple(b) for b in self.batches("rec", arn)}, {("stuck",)})
        self.lam.delete_event_source_mapping(UUID=uuid)

    def test_bisect_isolates_the_bad_record(self):
        """The failing batch is split in halves, oldest first, until the bad record stands alone;
        splitting uses no retries, so with MaximumRetryAttempts 0 only the bad record is lost."""
        arn, _ = self.map("rec", "fail-bisect", BatchSize=10, BisectBatchOnFunctionError=True,
                          MaximumRetryAttempts=0)
        self.batch_put("fail-bisect", [("b1", None), ("b2", None), ("b3", "throw"), ("b4", None)])
        batches = self.wait_batches("rec", arn, 5)
        self.assertEqual(batches, [["b1", "b2", "b3", "b4"], ["b1", "b2"], ["b3", "b4"], ["b3"], ["b4"]])

    def test_partial_batch_response_retries_from_the_lowest_failure(self):
        """ReportBatchItemFailures: the checkpoint moves to just before the reported record and
        everything from it on is retried (a retry attempt); once retries are used up the rest of
        the batch is discarded and later records flow again."""
        arn, _ = self.map("rec", "fail-partial", BatchSize=10, FunctionResponseTypes=["ReportBatchItemFailures"],
                          MaximumRetryAttempts=1)
        self.batch_put("fail-partial", [("p1", None), ("p2", "fail-item"), ("p3", None), ("p4", None)])
        batches = self.wait_batches("rec", arn, 2)
        self.assertEqual(batches, [["p1", "p2", "p3", "p4"], ["p2", "p3", "p4"]])
        self.put("fail-partial", "p5")
        batches = self.wait_batches("rec", arn, 3)
        self.assertEqual(batches, [["p1", "p2", "p3", "p4"], ["p2", "p3", "p4"], ["p5"]])

    def test_handler_past_its_timeout_is_a_function_error(self):
        """Lambda stops waiting at the timeout (the handler's thread cannot be stopped, but its
        result no longer counts): each attempt fails with Lambda's timeout error, the retries
        run, and the server answers all along."""
        arn, _ = self.map("sleeper", "fail-timeout", BatchSize=1, MaximumRetryAttempts=1)
        started = time.monotonic()
        self.put("fail-timeout", "slow", "sleep")
        harness.wait_for(lambda: self.batches("sleeper", arn))
        self.assertServerAnswersQuickly()
        self.put("fail-timeout", "quick")
        batches = self.wait_batches("sleeper", arn, 3)
        self.assertEqual(batches, [["slow"], ["slow"], ["quick"]])
        self.assertLess(time.monotonic() - started, 6, "two 1 s timeouts, not two 3 s sleeps")
        lines = self.log_lines("sleeper")
        timeouts = [line for line in lines if line.endswith("Task timed out after 1.00 seconds")]
        self.assertEqual(len(timeouts), 2, lines)
        reports = [line for line in lines if line.startswith("REPORT") and "Status: timeout" in line]
        self.assertEqual(len(reports), 2, lines)

    def test_call_outside_the_role_is_access_denied(self):
        """The handler's GetItem is refused with AWS's AccessDeniedException text, which makes the
        invocation fail; MaximumRetryAttempts 0 skips it at once."""
        arn, _ = self.map("denied", "fail-deny", BatchSize=1, MaximumRetryAttempts=0)
        self.put("fail-deny", "forbidden", "deny")
        self.put("fail-deny", "fine")
        batches = self.wait_batches("denied", arn, 2)
        self.assertEqual(batches, [["forbidden"], ["fine"]])
        errors = [line for line in self.log_lines("denied") if line.startswith("[ERROR]")]
        self.assertIn(
            "[ERROR] ClientError: An error occurred (AccessDeniedException) when calling the GetItem operation: "
            "User: arn:aws:sts::000000000000:assumed-role/denied-role/denied is not authorized to perform: "
            "dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/fail-deny because no "
            "identity-based policy allows the dynamodb:GetItem action", errors)


if __name__ == "__main__":
    unittest.main()
