"""The stream dispatcher end to end: a table write reaches its mapping's handler within
milliseconds, as AWS's DynamoDB-stream Lambda event, with the images the stream's view type
keeps; writes that change nothing invoke nothing.

The seed stack's own stream_handler is watched through the server's output; the other mappings
deliver to recording_handlers' recorder.handler (a handler library loaded from the stack file),
which appends each event it receives to a file.
"""

import json
import os
import re
import statistics
import sys
import time
import unittest

import harness
from stack_support import StackTestCase, stream_handler_events

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED_TABLE = "stream-demo-table"
VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
SEQUENCE_NUMBER = re.compile(r"^[0-9]{21,40}$")
EVENT_ID = re.compile(r"^[0-9a-f]{32}$")

ITEM_V1 = {"itemKey": {"S": "k1"}, "name": {"S": "alice"}}
ITEM_V2 = {"itemKey": {"S": "k1"}, "name": {"S": "bob"}, "visits": {"N": "2"}}
KEYS = {"itemKey": {"S": "k1"}}
# DynamoDB's item sizes (names plus values; a number is ceil(digits / 2) + 1 bytes): Keys 9
# (itemKey + k1), V1 18 (+ name alice), V2 24 (+ name bob + visits 2).
SIZES = {"keys": 9, "v1": 18, "v2": 24}


def view_table(view):
    return "view-" + view.lower().replace("_", "-")


def seed_stack_with_recorder(directory):
    with open(os.path.join(REPO, "config", "stack.json")) as f:
        stack = json.load(f)
    record_file = os.path.join(directory, "recorder.jsonl")
    for view in VIEW_TYPES:
        stack["tables"].append({"name": view_table(view), "partitionKey": {"name": "itemKey", "type": "S"},
                                "stream": view})
        stack["eventSourceMappings"].append({"function": "recorder", "source": "table:" + view_table(view),
                                             "StartingPosition": "TRIM_HORIZON", "BatchSize": 10})
    stack["tables"].append({"name": "latency", "partitionKey": {"name": "itemKey", "type": "S"},
                            "stream": "NEW_IMAGE"})
    stack["eventSourceMappings"].append({"function": "recorder", "source": "table:latency",
                                         "StartingPosition": "LATEST", "BatchSize": 1})
    stack["functions"].append(harness.recorder_function("recorder", record_file))
    return harness.write_stack(directory, stack), record_file


class DispatcherTest(StackTestCase):
    log_level = "info"

    @classmethod
    def write_stack(cls, directory):
        stack, cls.record_file = seed_stack_with_recorder(directory)
        return stack

    def stream_arn(self, table):
        return self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]

    def handler_events(self):
        return stream_handler_events(self.server)

    def delivered(self, arn):
        """The records the recorder received from stream `arn`, in delivery order."""
        return [r for d in harness.read_deliveries(self.record_file) for r in d["records"]
                if r["eventSourceARN"] == arn]

    def assertLambdaRecord(self, record, event_name, view, arn, size, new=None, old=None):
        """The whole record of AWS's DynamoDB-stream Lambda event; ids and time by shape."""
        self.assertRegex(record["eventID"], EVENT_ID)
        change = dict(record["dynamodb"])
        self.assertRegex(change.pop("SequenceNumber"), SEQUENCE_NUMBER)
        created = change.pop("ApproximateCreationDateTime")
        self.assertIsInstance(created, float)
        self.assertEqual(created, int(created))
        self.assertLessEqual(abs(created - time.time()), 60)
        expected = {"Keys": KEYS, "SizeBytes": size, "StreamViewType": view}
        if new is not None:
            expected["NewImage"] = new
        if old is not None:
            expected["OldImage"] = old
        self.assertEqual(change, expected)
        rest = {k: v for k, v in record.items() if k not in ("eventID", "dynamodb")}
        self.assertEqual(rest, {"eventName": event_name, "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                                "awsRegion": harness.REGION, "eventSourceARN": arn})

    def test_seed_stream_handler_prints_each_change_within_milliseconds(self):
        """The tutorial's loop: put-item with the AWS CLI, and stream_handler prints the INSERT
        (NewImage only), then the MODIFY (both images), then the REMOVE (OldImage only)."""
        arn = self.stream_arn(SEED_TABLE)
        before = len(self.handler_events())
        self.server.aws("dynamodb", "put-item", "--table-name", SEED_TABLE, "--item", json.dumps(ITEM_V1), check=True)
        started = time.monotonic()
        events = harness.wait_for(lambda: self.handler_events()[before:] or None, timeout=5)
        waited = time.monotonic() - started
        self.assertIsNotNone(events, self.server.logs()[-3000:])
        self.assertLess(waited, 1.0, "the handler must run as the write commits, not on a polling interval")
        self.ddb.put_item(TableName=SEED_TABLE, Item=ITEM_V2)
        self.ddb.delete_item(TableName=SEED_TABLE, Key=KEYS)
        events = harness.wait_for(lambda: len(self.handler_events()) >= before + 3 and self.handler_events()[before:])
        self.assertEqual(len(events), 3)
        # BatchSize 1: one record per invocation, in the stream's order.
        self.assertEqual([len(e["Records"]) for e in events], [1, 1, 1])
        insert, modify, remove = (e["Records"][0] for e in events)
        view = "NEW_AND_OLD_IMAGES"
        self.assertLambdaRecord(insert, "INSERT", view, arn, SIZES["keys"] + SIZES["v1"], new=ITEM_V1)
        self.assertLambdaRecord(modify, "MODIFY", view, arn, SIZES["keys"] + SIZES["v1"] + SIZES["v2"],
                                new=ITEM_V2, old=ITEM_V1)
        self.assertLambdaRecord(remove, "REMOVE", view, arn, SIZES["keys"] + SIZES["v2"], old=ITEM_V2)
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in (insert, modify, remove)]
        self.assertEqual(numbers, sorted(set(numbers)))
        # Each invocation's lines come between its START and its END and REPORT.
        out = self.server.logs()
        request = re.search(r"\[stream_handler\] START RequestId: ([0-9a-f-]{36}) Version: \$LATEST\n"
                            r".*\[stream_handler\] \{\"Records\".*\n"
                            r".*\[stream_handler\] END RequestId: \1\n"
                            r".*\[stream_handler\] REPORT RequestId: \1\tDuration: [0-9.]+ ms\t", out)
        self.assertIsNotNone(request, out[-3000:])

    def test_every_view_type_delivers_exactly_its_images(self):
        """AWS's table of images: for each StreamViewType, INSERT, MODIFY and REMOVE carry
        exactly the images it keeps, and SizeBytes counts Keys plus those images."""
        k, v1, v2 = SIZES["keys"], SIZES["v1"], SIZES["v2"]
        expected = {
            "KEYS_ONLY": [(None, None, k), (None, None, k), (None, None, k)],
            "NEW_IMAGE": [(ITEM_V1, None, k + v1), (ITEM_V2, None, k + v2), (None, None, k)],
            "OLD_IMAGE": [(None, None, k), (None, ITEM_V1, k + v1), (None, ITEM_V2, k + v2)],
            "NEW_AND_OLD_IMAGES": [(ITEM_V1, None, k + v1), (ITEM_V2, ITEM_V1, k + v1 + v2), (None, ITEM_V2, k + v2)],
        }
        for view in VIEW_TYPES:
            table = view_table(view)
            self.ddb.put_item(TableName=table, Item=ITEM_V1)
            self.ddb.put_item(TableName=table, Item=ITEM_V2)
            self.ddb.delete_item(TableName=table, Key=KEYS)
        for view in VIEW_TYPES:
            with self.subTest(view=view):
                arn = self.stream_arn(view_table(view))
                records = harness.wait_for(lambda: len(self.delivered(arn)) >= 3 and self.delivered(arn))
                self.assertIsNotNone(records, "no delivery from %s" % arn)
                self.assertEqual(len(records), 3)
                for record, name, (new, old, size) in zip(records, ["INSERT", "MODIFY", "REMOVE"], expected[view]):
                    self.assertLambdaRecord(record, name, view, arn, size, new=new, old=old)

    def test_writes_that_change_nothing_invoke_nothing(self):
        """No record, so no invocation, for: an identical put (alone and inside BatchWriteItem),
        a SET to the current value, ADD of zero, REMOVE of a missing attribute, deletes of a
        missing item, a failed condition. A BatchWriteItem mixing no-ops and a change delivers
        only the change."""
        table = view_table("NEW_AND_OLD_IMAGES")
        arn = self.stream_arn(table)
        item = {"itemKey": {"S": "noop"}, "n": {"N": "1"}, "m": {"M": {"a": {"S": "x"}, "b": {"S": "y"}}}}
        self.ddb.put_item(TableName=table, Item=item)
        harness.wait_for(lambda: any(r["dynamodb"]["Keys"] == {"itemKey": {"S": "noop"}} for r in self.delivered(arn)))
        before = len(self.delivered(arn))
        key = {"itemKey": {"S": "noop"}}
        self.ddb.put_item(TableName=table, Item=item)
        self.ddb.put_item(TableName=table, Item=dict(item, m={"M": {"b": {"S": "y"}, "a": {"S": "x"}}}))
        self.ddb.update_item(TableName=table, Key=key, UpdateExpression="SET n = :one",
                             ExpressionAttributeValues={":one": {"N": "1"}})
        self.ddb.update_item(TableName=table, Key=key, UpdateExpression="ADD n :zero",
                             ExpressionAttributeValues={":zero": {"N": "0"}})
        self.ddb.update_item(TableName=table, Key=key, UpdateExpression="REMOVE absentAttribute")
        self.ddb.delete_item(TableName=table, Key={"itemKey": {"S": "nobody"}})
        with self.assertRaises(Exception):
            self.ddb.put_item(TableName=table, Item=dict(item, n={"N": "5"}),
                              ConditionExpression="attribute_not_exists(itemKey)")
        batch_new = {"itemKey": {"S": "noop-batch"}}
        self.ddb.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": item}},
            {"DeleteRequest": {"Key": {"itemKey": {"S": "nobody-either"}}}},
            {"PutRequest": {"Item": batch_new}},
        ]})
        records = harness.wait_for(lambda: len(self.delivered(arn)) > before and self.delivered(arn)[before:])
        time.sleep(0.2)  # anything wrongly captured would have arrived by now
        records = self.delivered(arn)[before:]
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]) for r in records], [("INSERT", batch_new)])
        self.assertEqual(records[0]["dynamodb"]["NewImage"], batch_new)

    def test_write_to_handler_latency(self):
        """PutItem acknowledged -> handler entered, over sequential writes (figures printed; the
        bound asserted is loose, the targets are measured by make bench)."""
        arn = self.stream_arn("latency")
        fast = harness.FastDynamoDb(self.server.port)
        acked = {}
        for i in range(200):
            key = "lat-%03d" % i
            status, _ = fast.call("PutItem", {"TableName": "latency", "Item": {"itemKey": {"S": key}}})
            acked[key] = time.time() * 1e6
            self.assertEqual(status, 200)
            # One at a time, so each measures an idle dispatcher woken by its commit.
            harness.wait_for(lambda: key in self.entered(arn), timeout=5, interval=0.0005)
        fast.close()
        entered = self.entered(arn)
        latencies = sorted(entered[k] - acked[k] for k in acked)
        p50 = statistics.median(latencies) / 1000
        p99 = latencies[int(len(latencies) * 0.99) - 1] / 1000
        print("\nwrite -> handler entered over %d PutItems: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
              % (len(latencies), p50, p99, latencies[-1] / 1000), file=sys.stderr)
        self.assertLess(p50, 250)

    def entered(self, arn):
        """itemKey -> when the recorder was entered with its record (epoch microseconds)."""
        out = {}
        for d in harness.read_deliveries(self.record_file):
            for r in d["records"]:
                if r["eventSourceARN"] == arn:
                    out.setdefault(r["dynamodb"]["Keys"]["itemKey"]["S"], d["entered_us"])
        return out


if __name__ == "__main__":
    unittest.main()
