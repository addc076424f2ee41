"""CloudWatch Logs (JSON 1.1, Logs_20140328) through boto3 and Debian's AWS CLI v2: the log groups
Lambda fills (/aws/lambda/<function>, a stream per server run with START, the handler's lines,
END and REPORT, each ending in a newline as Lambda's do), the calls to write and read logs by
hand, FilterLogEvents' plain-text filter patterns, and `aws logs tail [--follow]`, which polls
FilterLogEvents (the CLI v1 on PATH has no `logs tail`).
"""

import json
import os
import re
import select
import subprocess
import tempfile
import time
import unittest

from botocore.exceptions import ClientError

import harness

STREAM_NAME = re.compile(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")
REPORT = re.compile(r"^REPORT RequestId: ([0-9a-f-]{36})\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\t"
                    r"Memory Size: 128 MB\tMax Memory Used: \d+ MB\t\n$")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_STACK = os.path.join(REPO, "config", "stack.json")


class LogsTestCase(unittest.TestCase):
    data = ":memory:"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = harness.Server(cls.data, extra_args=["--config", SEED_STACK]).start()
        cls.logs = cls.server.client("logs")
        cls.lam = cls.server.client("lambda")
        cls.ddb = cls.server.client("dynamodb")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def assertLogsError(self, call, code, message):
        with self.assertRaises(ClientError) as caught:
            call()
        error = caught.exception.response
        self.assertEqual((error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"],
                          error["Error"].get("Message")), (400, code, message))

    def put_item(self, key, name):
        self.ddb.put_item(TableName="stream-demo-table", Item={"itemKey": {"S": key}, "name": {"S": name}})

    def wait_for_message(self, group, needle, timeout=5.0):
        """The events of `group` once one of them contains `needle`."""
        def events():
            try:
                found = self.logs.filter_log_events(logGroupName=group)["events"]
            except self.logs.exceptions.ResourceNotFoundException:
                return None  # Lambda creates the group with the function's first line
            return found if any(needle in e["message"] for e in found) else None
        found = harness.wait_for(events, timeout=timeout, interval=0.02)
        self.assertIsNotNone(found, "%s never logged %r" % (group, needle))
        return found


class LambdaLogGroupTest(LogsTestCase):
    def test_an_invocation_writes_start_handler_lines_end_and_report(self):
        answer = self.lam.invoke(FunctionName="stream_handler", Payload=json.dumps({"Records": [], "probe": "one"}))
        self.assertEqual(answer["StatusCode"], 200)
        events = self.wait_for_message("/aws/lambda/stream_handler", '"probe":"one"')
        start = next(i for i, e in enumerate(events) if '"probe":"one"' in e["message"]) - 1
        four = [e["message"] for e in events[start:start + 4]]
        request_id = re.match(r"^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST\n$", four[0]).group(1)
        self.assertEqual(four[1:3], ['{"Records":[],"probe":"one"}\n', "END RequestId: %s\n" % request_id])
        self.assertEqual(REPORT.match(four[3]).group(1), request_id)
        streams = {e["logStreamName"] for e in events}
        self.assertEqual(len(streams), 1)
        self.assertRegex(streams.pop(), STREAM_NAME)

    def test_describe_log_groups_lists_the_function_groups(self):
        self.lam.invoke(FunctionName="get_handler", Payload=json.dumps({"itemKey": "none"}))
        self.wait_for_message("/aws/lambda/get_handler", "REPORT")
        groups = self.logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/get")["logGroups"]
        self.assertEqual(len(groups), 1)
        group = groups[0]
        self.assertIsInstance(group.pop("creationTime"), int)
        self.assertGreater(group.pop("storedBytes"), 0)
        self.assertEqual(group, {
            "logGroupName": "/aws/lambda/get_handler", "metricFilterCount": 0,
            "arn": "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/get_handler:*",
            "logGroupClass": "STANDARD",
            "logGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/get_handler"})

    def test_a_stream_write_reaches_stream_handler_log(self):
        self.put_item("logs-1", "first")
        events = self.wait_for_message("/aws/lambda/stream_handler", '"logs-1"')
        line = next(e["message"] for e in events if '"logs-1"' in e["message"])
        record = json.loads(line)["Records"][0]
        self.assertEqual((record["eventName"], record["dynamodb"]["NewImage"]),
                         ("INSERT", {"itemKey": {"S": "logs-1"}, "name": {"S": "first"}}))


class LogApiTest(LogsTestCase):
    def test_put_and_get_log_events_by_hand(self):
        self.logs.create_log_group(logGroupName="/app/by-hand")
        self.logs.create_log_stream(logGroupName="/app/by-hand", logStreamName="s1")
        now = int(time.time() * 1000)
        put = self.logs.put_log_events(logGroupName="/app/by-hand", logStreamName="s1", logEvents=[
            {"timestamp": now, "message": "one"}, {"timestamp": now + 1, "message": "two"},
            {"timestamp": now + 2, "message": "three"}])
        self.assertIn("nextSequenceToken", put)
        self.assertRegex(put["ResponseMetadata"]["RequestId"], harness.UUID_REQUEST_ID)
        got = self.logs.get_log_events(logGroupName="/app/by-hand", logStreamName="s1", startFromHead=True, limit=2)
        self.assertEqual([(e["timestamp"], e["message"]) for e in got["events"]], [(now, "one"), (now + 1, "two")])
        self.assertEqual(set(got["events"][0]), {"timestamp", "message", "ingestionTime"})
        self.assertRegex(got["nextForwardToken"], r"^f/\d{56}/s$")
        rest = self.logs.get_log_events(logGroupName="/app/by-hand", logStreamName="s1",
                                        nextToken=got["nextForwardToken"])
        self.assertEqual([e["message"] for e in rest["events"]], ["three"])
        # At the end, the forward token stays where it is: how clients know to stop.
        end = self.logs.get_log_events(logGroupName="/app/by-hand", logStreamName="s1",
                                       nextToken=rest["nextForwardToken"])
        self.assertEqual((end["events"], end["nextForwardToken"]), ([], rest["nextForwardToken"]))
        newest = self.logs.get_log_events(logGroupName="/app/by-hand", logStreamName="s1", limit=1)
        self.assertEqual([e["message"] for e in newest["events"]], ["three"])
        back = self.logs.get_log_events(logGroupName="/app/by-hand", logStreamName="s1",
                                        nextToken=newest["nextBackwardToken"])
        self.assertEqual([e["message"] for e in back["events"]], ["one", "two"])

        stream = self.logs.describe_log_streams(logGroupName="/app/by-hand")["logStreams"][0]
        self.assertEqual((stream["logStreamName"], stream["firstEventTimestamp"], stream["lastEventTimestamp"],
                          stream["arn"]),
                         ("s1", now, now + 2, "arn:aws:logs:us-east-1:000000000000:log-group:/app/by-hand:log-stream:s1"))

    def test_errors_in_cloudwatch_logs_words(self):
        self.logs.create_log_group(logGroupName="/app/errors")
        self.assertLogsError(lambda: self.logs.create_log_group(logGroupName="/app/errors"),
                             "ResourceAlreadyExistsException", "The specified log group already exists")
        self.assertLogsError(lambda: self.logs.create_log_stream(logGroupName="/app/none", logStreamName="s"),
                             "ResourceNotFoundException", "The specified log group does not exist.")
        self.assertLogsError(lambda: self.logs.put_log_events(logGroupName="/app/errors", logStreamName="none",
                                                              logEvents=[{"timestamp": 1, "message": "x"}]),
                             "ResourceNotFoundException", "The specified log stream does not exist.")
        self.assertLogsError(lambda: self.logs.create_log_group(logGroupName="bad name!"),
                             "InvalidParameterException",
                             "1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy "
                             "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")
        self.logs.create_log_stream(logGroupName="/app/errors", logStreamName="s")
        self.assertLogsError(lambda: self.logs.create_log_stream(logGroupName="/app/errors", logStreamName="s"),
                             "ResourceAlreadyExistsException", "The specified log stream already exists")
        raw = self.server.raw(target="Logs_20140328.DescribeLogGroups", body={"limit": 0},
                              content_type="application/x-amz-json-1.1")
        self.assertEqual((raw.status, raw.body),
                         (400, {"__type": "InvalidParameterException",
                                "message": "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                                           "constraint: Member must have value greater than or equal to 1"}))

    def test_filter_log_events_with_plain_term_patterns(self):
        group = "/app/filter"
        self.logs.create_log_group(logGroupName=group)
        base = int(time.time() * 1000)
        lines = {"a": ["ERROR disk full", "INFO started", "ERROR timeout on db"],
                 "b": ["WARN slow request id=7", "ERROR disk full again", "INFO disk ok"]}
        for stream, messages in lines.items():
            self.logs.create_log_stream(logGroupName=group, logStreamName=stream)
            offset = 0 if stream == "a" else 10
            self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
                {"timestamp": base + offset + i, "message": m} for i, m in enumerate(messages)])

        def matching(**kwargs):
            events = self.logs.filter_log_events(logGroupName=group, **kwargs)["events"]
            return [(e["logStreamName"], e["message"]) for e in events]

        self.assertEqual(matching(filterPattern="ERROR"),
                         [("a", "ERROR disk full"), ("a", "ERROR timeout on db"), ("b", "ERROR disk full again")])
        self.assertEqual(matching(filterPattern="ERROR disk"), [("a", "ERROR disk full"), ("b", "ERROR disk full again")])
        self.assertEqual(matching(filterPattern='"disk full again"'), [("b", "ERROR disk full again")])
        self.assertEqual(matching(filterPattern="?WARN ?timeout"), [("a", "ERROR timeout on db"),
                                                                    ("b", "WARN slow request id=7")])
        self.assertEqual(matching(filterPattern="disk -ERROR"), [("b", "INFO disk ok")])
        self.assertEqual(matching(filterPattern="error"), [], "terms are case-sensitive")
        self.assertEqual(matching(filterPattern="ERROR", logStreamNames=["b"]), [("b", "ERROR disk full again")])
        self.assertEqual(matching(startTime=base + 10, endTime=base + 11),
                         [("b", "WARN slow request id=7"), ("b", "ERROR disk full again")])
        first = self.logs.filter_log_events(logGroupName=group, limit=4)
        self.assertEqual(len(first["events"]), 4)
        rest = self.logs.filter_log_events(logGroupName=group, nextToken=first["nextToken"])
        self.assertEqual([e["message"] for e in rest["events"]], ["ERROR disk full again", "INFO disk ok"])
        self.assertNotIn("nextToken", rest)
        self.assertEqual(len({e["eventId"] for e in first["events"] + rest["events"]}), 6)

    def test_describe_log_streams_orders_and_pages(self):
        group = "/app/streams"
        self.logs.create_log_group(logGroupName=group)
        for i, name in enumerate(["c", "a", "b"]):
            self.logs.create_log_stream(logGroupName=group, logStreamName=name)
            self.logs.put_log_events(logGroupName=group, logStreamName=name,
                                     logEvents=[{"timestamp": 1000 + i, "message": name}])
        names = lambda **kw: [s["logStreamName"] for s in  # noqa: E731
                              self.logs.describe_log_streams(logGroupName=group, **kw)["logStreams"]]
        self.assertEqual(names(), ["a", "b", "c"])
        self.assertEqual(names(orderBy="LastEventTime", descending=True), ["b", "a", "c"])
        self.assertEqual(names(logStreamNamePrefix="b"), ["b"])
        page = self.logs.describe_log_streams(logGroupName=group, limit=2)
        self.assertEqual([s["logStreamName"] for s in page["logStreams"]], ["a", "b"])
        self.assertEqual(names(nextToken=page["nextToken"]), ["c"])


class LogsTailTest(LogsTestCase):
    def test_logs_tail_follow_shows_stream_events_as_they_happen(self):
        """`aws logs tail --follow` prints what exists, then each new invocation of
        stream_handler within one of its 5 s polls."""
        self.put_item("tail-1", "before")
        self.wait_for_message("/aws/lambda/stream_handler", '"tail-1"')
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("AWS_"))
        env.update(harness.aws_v2_environment(self.server))
        tail = subprocess.Popen([harness.AWS_CLI_V2, "--endpoint-url", self.server.endpoint, "logs", "tail",
                                 "/aws/lambda/stream_handler", "--follow", "--since", "10m"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            lines, pending = [], [b""]

            def read_until(needle, timeout):
                """Reads the raw pipe (a buffered reader would hide lines from select)."""
                deadline = time.monotonic() + timeout
                while not any(needle in line for line in lines) and time.monotonic() < deadline:
                    ready, _, _ = select.select([tail.stdout], [], [], 0.1)
                    if not ready:
                        continue
                    chunk = os.read(tail.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    *complete, pending[0] = (pending[0] + chunk).split(b"\n")
                    lines.extend(line.decode() + "\n" for line in complete)
                return any(needle in line for line in lines)

            self.assertTrue(read_until('"tail-1"', 15), lines)
            self.put_item("tail-2", "after")
            self.assertTrue(read_until('"tail-2"', 8), lines)
            line = next(line for line in lines if '"tail-2"' in line)
            timestamp, stream, message = line.rstrip("\n").split(" ", 2)
            self.assertRegex(timestamp, r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$")
            self.assertRegex(stream, STREAM_NAME)
            record = json.loads(message)["Records"][0]
            self.assertEqual((record["eventName"], record["dynamodb"]["Keys"]), ("INSERT", {"itemKey": {"S": "tail-2"}}))
        finally:
            tail.terminate()
            tail.wait(timeout=10)
            tail.stdout.close()


class LogStreamPerRunTest(LogsTestCase):
    data = None  # a file, set in setUpClass

    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="streamstack-logs-")
        cls.data = os.path.join(cls.data_dir, "data.db")
        super().setUpClass()

    def test_each_server_run_writes_a_new_stream_and_keeps_the_old(self):
        self.lam.invoke(FunctionName="stream_handler", Payload=json.dumps({"Records": [], "run": 1}))
        self.wait_for_message("/aws/lambda/stream_handler", '"run":1')
        self.server.restart()
        logs = self.server.client("logs")
        self.server.client("lambda").invoke(FunctionName="stream_handler",
                                            Payload=json.dumps({"Records": [], "run": 2}))
        def two_streams():
            found = logs.describe_log_streams(logGroupName="/aws/lambda/stream_handler")["logStreams"]
            return found if len(found) == 2 and all("lastEventTimestamp" in s for s in found) else None
        found = harness.wait_for(two_streams)
        self.assertIsNotNone(found)
        messages = {}
        for stream in found:
            self.assertRegex(stream["logStreamName"], STREAM_NAME)
            events = logs.get_log_events(logGroupName="/aws/lambda/stream_handler",
                                         logStreamName=stream["logStreamName"], startFromHead=True)["events"]
            messages[stream["logStreamName"]] = [e["message"] for e in events if e["message"].startswith("{")]
        self.assertEqual(sorted(messages.values()), [['{"Records":[],"run":1}\n'], ['{"Records":[],"run":2}\n']])


if __name__ == "__main__":
    unittest.main()
