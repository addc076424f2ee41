"""The seed tutorial's flow through its two LambdaRestApis, as the tutorial does it with Postman:
the server starts with config/stack.json and prints the endpoints as `cdk deploy` does; a POST
with itemKey and name to the put endpoint stores the item, stream_handler prints the INSERT (in
the server's output and in its log group, read with `aws logs tail`), and a GET with itemKey on
the get endpoint returns it.
"""

import json
import os
import re
import unittest
import urllib.parse

import harness
from stack_support import stream_handler_events

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_STACK = os.path.join(REPO, "config", "stack.json")


class SeedEndpointsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = harness.Server(":memory:", extra_args=["--config", SEED_STACK, "--log-level", "info"]).start()
        cls.outputs = dict(re.findall(r"^(\S+) = (http://\S+)$", cls.server.stdout(), re.M))

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def call(self, method, url, body=b"", headers=()):
        """A request to one of the printed endpoint URLs (plus a path or query)."""
        parsed = urllib.parse.urlsplit(url)
        target = parsed.path + ("?" + parsed.query if parsed.query else "")
        return harness.http_request(parsed.port, method, target, body, headers, host=parsed.netloc)

    def insert_printed(self, key):
        """The INSERT record stream_handler printed for `key`, once it has."""
        def find():
            for event in stream_handler_events(self.server):
                for record in event["Records"]:
                    if record["dynamodb"]["Keys"] == {"itemKey": {"S": key}}:
                        return record
            return None
        return harness.wait_for(find, timeout=5)

    def test_outputs_name_the_two_endpoints(self):
        port = self.server.port
        self.assertEqual(self.outputs, {
            "handler-endpoint": "http://localhost:%d/restapis/gethandler/prod/_user_request_/" % port,
            "put-handler-endpoint": "http://localhost:%d/restapis/puthandler/prod/_user_request_/" % port})

    def test_post_then_get_the_item_with_the_insert_printed_and_logged(self):
        put = self.call("POST", self.outputs["put-handler-endpoint"], '{"itemKey":"1","name":"a"}',
                        [("Content-Type", "application/json")])
        self.assertEqual((put.status, put.json), (200, {"itemKey": "1", "name": "a"}))
        self.assertEqual(put.header("Content-Type"), "application/json")

        record = self.insert_printed("1")
        self.assertIsNotNone(record, self.server.logs()[-3000:])
        self.assertEqual((record["eventName"], record["eventSource"], record["dynamodb"]["NewImage"],
                          record["dynamodb"]["StreamViewType"]),
                         ("INSERT", "aws:dynamodb", {"itemKey": {"S": "1"}, "name": {"S": "a"}}, "NEW_AND_OLD_IMAGES"))
        self.assertNotIn("OldImage", record["dynamodb"])

        got = self.call("GET", self.outputs["handler-endpoint"] + "?itemKey=1")
        self.assertEqual((got.status, got.json), (200, {"itemKey": "1", "name": "a"}))

        # The same invocation in /aws/lambda/stream_handler, through `aws logs tail` (CLI v2).
        tail = harness.aws_v2(self.server, "logs", "tail", "/aws/lambda/stream_handler", "--since", "1h")
        self.assertEqual(tail.rc, 0, tail)
        lines = [line.split(" ", 2) for line in tail.stdout.splitlines()]
        messages = [parts[2] for parts in lines]
        at = next(i for i, m in enumerate(messages) if '"itemKey":{"S":"1"}' in m)
        request_id = re.match(r"^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$", messages[at - 1]).group(1)
        self.assertEqual(json.loads(messages[at])["Records"][0], record)
        self.assertEqual(messages[at + 1], "END RequestId: " + request_id)
        self.assertRegex(messages[at + 2], r"^REPORT RequestId: %s\tDuration: [0-9.]+ ms\t" % request_id)

    def test_post_with_the_query_string_and_get_by_path(self):
        put = self.call("POST", self.outputs["put-handler-endpoint"] + "?itemKey=q1&name=from+query")
        self.assertEqual((put.status, put.json), (200, {"itemKey": "q1", "name": "from query"}))
        got = self.call("GET", self.outputs["handler-endpoint"] + "q1")
        self.assertEqual((got.status, got.json), (200, {"itemKey": "q1", "name": "from query"}))

    def test_post_without_name_is_400_and_stores_nothing(self):
        put = self.call("POST", self.outputs["put-handler-endpoint"], '{"itemKey":"no-name"}',
                        [("Content-Type", "application/json")])
        self.assertEqual(put.status, 400)
        self.assertEqual(put.json, {"message": "Missing required field(s): name. Send {\"itemKey\": \"...\", "
                                               "\"name\": \"...\"} as a JSON body or ?itemKey=...&name=... in "
                                               "the query string"})
        got = self.call("GET", self.outputs["handler-endpoint"] + "?itemKey=no-name")
        self.assertEqual((got.status, got.json), (404, {"message": "Item not found", "itemKey": "no-name"}))

    def test_get_without_a_key_is_400(self):
        got = self.call("GET", self.outputs["handler-endpoint"])
        self.assertEqual((got.status, got.json),
                         (400, {"message": "Missing required parameter itemKey: GET ?itemKey=<key> or /<key>"}))


if __name__ == "__main__":
    unittest.main()
