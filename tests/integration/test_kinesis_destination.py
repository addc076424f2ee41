"""The seed stack's Kinesis streaming destination ("Kinesis Data Streams for DynamoDB"): every
change of stream-demo-table is one record on demo-stream, committed with the item, carrying the
JSON AWS writes (streams-lambda.md §6); writes that change nothing write nothing."""

import json
import os
import re
import time
import unittest

from botocore.exceptions import ClientError

import harness
from kinesis_support import KinesisTestCase, arn_of

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = "stream-demo-table"
STREAM = "demo-stream"
STREAM_ARN = arn_of(STREAM)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PARTITION_KEY = re.compile(r"^[0-9A-F]{32}$")
ITEM_V1 = {"itemKey": {"S": "k1"}, "name": {"S": "alice"}}
ITEM_V2 = {"itemKey": {"S": "k1"}, "name": {"S": "bob"}, "visits": {"N": "2"}}
KEYS = {"itemKey": {"S": "k1"}}


class KinesisDestinationTest(KinesisTestCase):
    server_args = ("--config", os.path.join(REPO, "config", "stack.json"))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = cls.server.client()

    def setUp(self):
        # Every test starts from the seed stack alone, as a fixture resets between tests.
        response = self.server.raw(path="/_streamstack/reset", sign=False, content_type=None)
        self.assertEqual(response.status, 200, response)

    def demo_records(self):
        return self.read_shard(STREAM, "shardId-000000000000")[0]

    def change_of(self, record):
        """The record's Data as text and parsed (order kept, to compare with AWS's order)."""
        text = record["Data"].decode("utf-8")
        return text, json.loads(text)

    def assertAwsRecord(self, record, event_name, before_us, after_us, new_image=None, old_image=None):
        text, change = self.change_of(record)
        self.assertRegex(record["PartitionKey"], PARTITION_KEY)
        self.assertRegex(change["eventID"], UUID)
        created = change["dynamodb"]["ApproximateCreationDateTime"]
        self.assertTrue(before_us <= created <= after_us, (before_us, created, after_us))
        self.assertEqual(len(str(created)), 16)  # microseconds, the destination's precision
        images = [image for image in (new_image, old_image) if image is not None]
        size = 9 + sum(sum(len(k) + len(v.get("S", "")) + (2 if "N" in v else 0) for k, v in image.items())
                       for image in images)
        dynamodb = {"ApproximateCreationDateTime": created, "Keys": KEYS}
        if new_image is not None:
            dynamodb["NewImage"] = new_image
        if old_image is not None:
            dynamodb["OldImage"] = old_image
        dynamodb.update({"SizeBytes": size, "ApproximateCreationDateTimePrecision": "MICROSECOND"})
        expected = {"awsRegion": "us-east-1", "eventID": change["eventID"], "eventName": event_name,
                    "userIdentity": None, "recordFormat": "application/json", "tableName": TABLE,
                    "dynamodb": dynamodb, "eventSource": "aws:dynamodb"}
        self.assertEqual(change, expected)
        self.assertEqual(text, json.dumps(expected, separators=(",", ":")))

    def test_the_seed_table_streams_to_demo_stream(self):
        answer = self.ddb.describe_kinesis_streaming_destination(TableName=TABLE)
        self.assertEqual((answer["TableName"], answer["KinesisDataStreamDestinations"]),
                         (TABLE, [{"StreamArn": STREAM_ARN, "DestinationStatus": "ACTIVE",
                                   "ApproximateCreationDateTimePrecision": "MICROSECOND"}]))

    def test_a_put_yields_exactly_one_record_with_the_aws_payload(self):
        # A consumer from TRIM_HORIZON after start, then one put (the seed check).
        iterator = self.iterator(STREAM, "shardId-000000000000")
        before = int(time.time() * 1e6)
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        after = int(time.time() * 1e6)
        records = self.kinesis.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual(len(records), 1)
        self.assertAwsRecord(records[0], "INSERT", before, after, new_image=ITEM_V1)
        self.assertNotIn("EncryptionType", records[0])  # the stream is not encrypted

    def test_writes_that_change_nothing_write_no_record(self):
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        self.ddb.delete_item(TableName=TABLE, Key={"itemKey": {"S": "missing"}})
        self.ddb.update_item(TableName=TABLE, Key=KEYS, UpdateExpression="SET #n = :v",
                             ExpressionAttributeNames={"#n": "name"},
                             ExpressionAttributeValues={":v": {"S": "alice"}})
        with self.assertRaises(ClientError):
            self.ddb.put_item(TableName=TABLE, Item=ITEM_V2, ConditionExpression="attribute_not_exists(itemKey)")
        self.assertEqual([self.change_of(r)[1]["eventName"] for r in self.demo_records()], ["INSERT"])

    def test_modify_and_remove_carry_the_images_of_the_change(self):
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        before = int(time.time() * 1e6)
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V2)
        self.ddb.delete_item(TableName=TABLE, Key=KEYS)
        after = int(time.time() * 1e6)
        insert, modify, remove = self.demo_records()
        self.assertAwsRecord(modify, "MODIFY", before, after, new_image=ITEM_V2, old_image=ITEM_V1)
        self.assertAwsRecord(remove, "REMOVE", before, after, old_image=ITEM_V2)
        # One item's changes share a partition key, so they stay in order on one shard.
        self.assertEqual(len({r["PartitionKey"] for r in (insert, modify, remove)}), 1)

    def test_batch_writes_stream_each_change(self):
        self.ddb.batch_write_item(RequestItems={TABLE: [
            {"PutRequest": {"Item": {"itemKey": {"S": "b%d" % i}}}} for i in range(3)]})
        self.ddb.batch_write_item(RequestItems={TABLE: [
            {"PutRequest": {"Item": {"itemKey": {"S": "b1"}}}},
            {"DeleteRequest": {"Key": {"itemKey": {"S": "b0"}}}},
            {"DeleteRequest": {"Key": {"itemKey": {"S": "missing"}}}}]})
        changes = [self.change_of(r)[1] for r in self.demo_records()]
        self.assertEqual([(c["eventName"], c["dynamodb"]["Keys"]["itemKey"]["S"]) for c in changes],
                         [("INSERT", "b0"), ("INSERT", "b1"), ("INSERT", "b2"), ("REMOVE", "b0")])

    def test_update_switches_precision_and_disable_stops_the_records(self):
        answer = self.ddb.update_kinesis_streaming_destination(
            TableName=TABLE, StreamArn=STREAM_ARN,
            UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MILLISECOND"})
        self.assertEqual({k: v for k, v in answer.items() if k != "ResponseMetadata"}, {
            "TableName": TABLE, "StreamArn": STREAM_ARN, "DestinationStatus": "UPDATING",
            "UpdateKinesisStreamingConfiguration": {"ApproximateCreationDateTimePrecision": "MILLISECOND"}})
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        (record,) = self.demo_records()
        dynamodb = self.change_of(record)[1]["dynamodb"]
        self.assertEqual((len(str(dynamodb["ApproximateCreationDateTime"])),
                          dynamodb["ApproximateCreationDateTimePrecision"]), (13, "MILLISECOND"))
        answer = self.ddb.disable_kinesis_streaming_destination(TableName=TABLE, StreamArn=STREAM_ARN)
        self.assertEqual({k: v for k, v in answer.items() if k != "ResponseMetadata"},
                         {"TableName": TABLE, "StreamArn": STREAM_ARN, "DestinationStatus": "DISABLING"})
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V2)
        self.assertEqual(len(self.demo_records()), 1)
        self.assertEqual(self.ddb.describe_kinesis_streaming_destination(TableName=TABLE)
                         ["KinesisDataStreamDestinations"][0]["DestinationStatus"], "DISABLED")
        answer = self.ddb.enable_kinesis_streaming_destination(TableName=TABLE, StreamArn=STREAM_ARN)
        self.assertEqual({k: v for k, v in answer.items() if k != "ResponseMetadata"},
                         {"TableName": TABLE, "StreamArn": STREAM_ARN, "DestinationStatus": "ENABLING"})

    def test_enabling_an_active_destination_or_a_missing_stream_is_refused(self):
        with self.assertRaises(ClientError) as caught:
            self.ddb.enable_kinesis_streaming_destination(TableName=TABLE, StreamArn=STREAM_ARN)
        self.assertEqual(caught.exception.response["Error"], {
            "Code": "ValidationException",
            "Message": "Table is not in a valid state to enable Kinesis Streaming Destination:"
                       "EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE "
                       "operation."})
        with self.assertRaises(ClientError) as caught:
            self.ddb.enable_kinesis_streaming_destination(TableName=TABLE, StreamArn=arn_of("no-such-stream"))
        self.assertEqual(caught.exception.response["Error"], {
            "Code": "ValidationException", "Message": "User does not have a permission to use kinesis stream"})

    def test_a_deleted_destination_stream_does_not_fail_the_table_write(self):
        self.kinesis.delete_stream(StreamName=STREAM)
        self.ddb.put_item(TableName=TABLE, Item=ITEM_V1)
        self.assertEqual(self.ddb.get_item(TableName=TABLE, Key=KEYS)["Item"], ITEM_V1)


if __name__ == "__main__":
    unittest.main()
