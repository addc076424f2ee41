"""DynamoDB Streams through the AWS CLI, boto3 and raw HTTP: what table writes put in a table's
stream, exactly, and the Streams API's answers and errors."""

import re
import unittest

from botocore.exceptions import ClientError

from harness import (ACCOUNT, DYNAMODB_REQUEST_ID, REGION, ServerTestCase, cli_error_exit_code,
                     unique_name)

SEQUENCE_NUMBER = re.compile(r"^[0-9]{21,40}$")
SHARD_ID = re.compile(r"^shardId-[0-9]{20}-[0-9a-f]{8}$")
EVENT_ID = re.compile(r"^[0-9a-f]{32}$")
LABEL = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}$")
STREAMS_TARGET = "DynamoDBStreams_20120810."

# The AWS developer guide's sample (Streams Lambda tutorial): its records are 26 bytes (INSERT)
# and 59 bytes (MODIFY with both images).
NEW_ITEM = {"Id": {"N": "101"}, "Message": {"S": "New item!"}}
CHANGED_ITEM = {"Id": {"N": "101"}, "Message": {"S": "This item has changed"}}


class StreamsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.streams = cls.server.client("dynamodbstreams")
        cls.error_rc = cli_error_exit_code()

    # --- helpers -------------------------------------------------------------------------------

    def create_stream_table(self, view_type="NEW_AND_OLD_IMAGES", hash_key=("Id", "N")):
        name = unique_name("streams")
        spec = {"StreamEnabled": True, "StreamViewType": view_type} if view_type else None
        kwargs = {"StreamSpecification": spec} if spec else {}
        answer = self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}],
            KeySchema=[{"AttributeName": hash_key[0], "KeyType": "HASH"}], **kwargs)
        return name, answer["TableDescription"]

    def cli(self, *args):
        return self.server.aws(*args, check=True).json

    def shard_id(self, arn):
        return self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]

    def iterator(self, arn, kind="TRIM_HORIZON", sequence=None):
        kwargs = {"SequenceNumber": sequence} if sequence else {}
        return self.streams.get_shard_iterator(StreamArn=arn, ShardId=self.shard_id(arn),
                                               ShardIteratorType=kind, **kwargs)["ShardIterator"]

    def records(self, arn, kind="TRIM_HORIZON", sequence=None):
        return self.streams.get_records(ShardIterator=self.iterator(arn, kind, sequence))["Records"]

    def raw_streams(self, operation, body):
        return self.server.raw(body=body, target=STREAMS_TARGET + operation)

    def assertRecord(self, record, event, keys, view, size, new=None, old=None):
        """The whole record but its ids and time, which are checked by shape."""
        self.assertRegex(record["eventID"], EVENT_ID)
        self.assertRegex(record["dynamodb"]["SequenceNumber"], SEQUENCE_NUMBER)
        body = dict(record["dynamodb"])
        self.assertIn("ApproximateCreationDateTime", body)
        del body["ApproximateCreationDateTime"]
        del body["SequenceNumber"]
        expected_body = {"Keys": keys, "SizeBytes": size, "StreamViewType": view}
        if new is not None:
            expected_body["NewImage"] = new
        if old is not None:
            expected_body["OldImage"] = old
        self.assertEqual(body, expected_body)
        rest = {k: v for k, v in record.items() if k not in ("eventID", "dynamodb")}
        self.assertEqual(rest, {"eventName": event, "eventVersion": "1.1",
                                "eventSource": "aws:dynamodb", "awsRegion": REGION})

    # --- tests ---------------------------------------------------------------------------------

    def test_create_table_with_stream_lists_and_describes_it_in_the_cli(self):
        name, description = self.create_stream_table("NEW_AND_OLD_IMAGES")
        arn = description["LatestStreamArn"]
        label = description["LatestStreamLabel"]
        self.assertRegex(label, LABEL)
        self.assertEqual(arn, "arn:aws:dynamodb:%s:%s:table/%s/stream/%s" % (REGION, ACCOUNT, name, label))
        self.assertEqual(description["StreamSpecification"],
                         {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        listed = self.cli("dynamodbstreams", "list-streams", "--table-name", name)
        self.assertEqual(listed, {"Streams": [{"StreamArn": arn, "TableName": name, "StreamLabel": label}]})
        stream = self.cli("dynamodbstreams", "describe-stream", "--stream-arn", arn)["StreamDescription"]
        shards = stream.pop("Shards")
        stream.pop("CreationRequestDateTime")
        self.assertEqual(stream, {"StreamArn": arn, "StreamLabel": label, "StreamStatus": "ENABLED",
                                  "StreamViewType": "NEW_AND_OLD_IMAGES", "TableName": name,
                                  "KeySchema": [{"AttributeName": "Id", "KeyType": "HASH"}]})
        self.assertEqual(len(shards), 1)
        self.assertRegex(shards[0]["ShardId"], SHARD_ID)
        self.assertEqual(list(shards[0]["SequenceNumberRange"]), ["StartingSequenceNumber"])
        self.assertRegex(shards[0]["SequenceNumberRange"]["StartingSequenceNumber"], SEQUENCE_NUMBER)
        self.assertEqual(self.ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"], arn)
        # DynamoDB Streams answers with DynamoDB's form of request id.
        answer = self.streams.describe_stream(StreamArn=arn)
        self.assertRegex(answer["ResponseMetadata"]["RequestId"], DYNAMODB_REQUEST_ID)

    def test_records_carry_exact_images_through_the_cli(self):
        name, description = self.create_stream_table("NEW_AND_OLD_IMAGES")
        arn = description["LatestStreamArn"]
        self.ddb.put_item(TableName=name, Item=NEW_ITEM)
        self.ddb.put_item(TableName=name, Item=CHANGED_ITEM)
        self.ddb.delete_item(TableName=name, Key={"Id": {"N": "101"}})
        shard = self.shard_id(arn)
        iterator = self.cli("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                            "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
        self.assertTrue(iterator.startswith(arn + "|1|"), iterator)
        answer = self.cli("dynamodbstreams", "get-records", "--shard-iterator", iterator)
        records = answer["Records"]
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        keys = {"Id": {"N": "101"}}
        self.assertRecord(records[0], "INSERT", keys, "NEW_AND_OLD_IMAGES", 26, new=NEW_ITEM)
        self.assertRecord(records[1], "MODIFY", keys, "NEW_AND_OLD_IMAGES", 59,
                          new=CHANGED_ITEM, old=NEW_ITEM)
        self.assertRecord(records[2], "REMOVE", keys, "NEW_AND_OLD_IMAGES", 38, old=CHANGED_ITEM)
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertIn("NextShardIterator", answer)
        more = self.cli("dynamodbstreams", "get-records", "--shard-iterator", answer["NextShardIterator"])
        self.assertEqual(more["Records"], [])

    def test_view_types_keep_their_images(self):
        expected = {
            "KEYS_ONLY": [(None, None, 5), (None, None, 5), (None, None, 5)],
            "NEW_IMAGE": [(NEW_ITEM, None, 26), (CHANGED_ITEM, None, 38), (None, None, 5)],
            "OLD_IMAGE": [(None, None, 5), (None, NEW_ITEM, 26), (None, CHANGED_ITEM, 38)],
        }
        for view, shapes in expected.items():
            with self.subTest(view=view):
                name, description = self.create_stream_table(view)
                self.ddb.put_item(TableName=name, Item=NEW_ITEM)
                self.ddb.put_item(TableName=name, Item=CHANGED_ITEM)
                self.ddb.delete_item(TableName=name, Key={"Id": {"N": "101"}})
                records = self.records(description["LatestStreamArn"])
                self.assertEqual(len(records), 3)
                for record, event, (new, old, size) in zip(records, ["INSERT", "MODIFY", "REMOVE"], shapes):
                    self.assertRecord(record, event, {"Id": {"N": "101"}}, view, size, new=new, old=old)

    def test_writes_that_change_nothing_write_no_record(self):
        name, description = self.create_stream_table("NEW_AND_OLD_IMAGES", hash_key=("itemKey", "S"))
        arn = description["LatestStreamArn"]
        item = {"itemKey": {"S": "k1"}, "x": {"N": "1"}, "tags": {"SS": ["a", "b"]}}
        self.ddb.put_item(TableName=name, Item=item)
        latest = self.iterator(arn, "LATEST")
        # An identical put, a set in another order, a SET to the current value, ADD of zero,
        # REMOVE of a missing attribute, a delete of a missing item, a failed condition.
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.put_item(TableName=name, Item=dict(item, tags={"SS": ["b", "a"]}))
        self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k1"}}, UpdateExpression="SET x = :one",
                             ExpressionAttributeValues={":one": {"N": "1"}})
        self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k1"}}, UpdateExpression="ADD x :zero",
                             ExpressionAttributeValues={":zero": {"N": "0"}})
        self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k1"}}, UpdateExpression="REMOVE notThere")
        self.ddb.delete_item(TableName=name, Key={"itemKey": {"S": "nobody"}})
        with self.assertRaises(ClientError):
            self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "k1"}, "x": {"N": "9"}},
                              ConditionExpression="attribute_not_exists(itemKey)")
        # Then one real change: the only record after LATEST.
        self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k1"}}, UpdateExpression="SET x = :two",
                             ExpressionAttributeValues={":two": {"N": "2"}})
        records = self.streams.get_records(ShardIterator=latest)["Records"]
        self.assertEqual([r["eventName"] for r in records], ["MODIFY"])
        self.assertEqual(records[0]["dynamodb"]["OldImage"], item)
        self.assertEqual(records[0]["dynamodb"]["NewImage"], dict(item, x={"N": "2"}))
        self.assertEqual([r["eventName"] for r in self.records(arn)], ["INSERT", "MODIFY"])

    def test_batch_write_item_records_each_change_in_its_tables_stream(self):
        """BatchWriteItem's puts and deletes are captured like PutItem's and DeleteItem's, each in
        its own table's stream, in request order; its no-ops (an identical put, a delete of a
        missing item) write nothing."""
        first, first_description = self.create_stream_table("NEW_AND_OLD_IMAGES")
        second, second_description = self.create_stream_table("KEYS_ONLY")
        self.ddb.put_item(TableName=first, Item=NEW_ITEM)
        self.ddb.batch_write_item(RequestItems={
            first: [{"PutRequest": {"Item": NEW_ITEM}},
                    {"PutRequest": {"Item": {"Id": {"N": "102"}}}},
                    {"DeleteRequest": {"Key": {"Id": {"N": "999"}}}}],
            second: [{"PutRequest": {"Item": {"Id": {"N": "7"}}}},
                     {"DeleteRequest": {"Key": {"Id": {"N": "8"}}}}],
        })
        self.ddb.batch_write_item(RequestItems={first: [{"DeleteRequest": {"Key": {"Id": {"N": "101"}}}}]})
        records = self.records(first_description["LatestStreamArn"])
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["Id"]["N"]) for r in records],
                         [("INSERT", "101"), ("INSERT", "102"), ("REMOVE", "101")])
        self.assertRecord(records[2], "REMOVE", {"Id": {"N": "101"}}, "NEW_AND_OLD_IMAGES", 26, old=NEW_ITEM)
        records = self.records(second_description["LatestStreamArn"])
        self.assertEqual(len(records), 1)
        self.assertRecord(records[0], "INSERT", {"Id": {"N": "7"}}, "KEYS_ONLY", 4)

    def test_latest_and_after_sequence_number(self):
        name, description = self.create_stream_table("KEYS_ONLY")
        arn = description["LatestStreamArn"]
        for i in (1, 2):
            self.ddb.put_item(TableName=name, Item={"Id": {"N": str(i)}})
        latest = self.iterator(arn, "LATEST")
        self.assertEqual(self.streams.get_records(ShardIterator=latest)["Records"], [])
        self.ddb.put_item(TableName=name, Item={"Id": {"N": "3"}})
        after_latest = self.streams.get_records(ShardIterator=latest)["Records"]
        self.assertEqual([r["dynamodb"]["Keys"] for r in after_latest], [{"Id": {"N": "3"}}])
        first = self.records(arn)[0]["dynamodb"]["SequenceNumber"]
        after = self.records(arn, "AFTER_SEQUENCE_NUMBER", first)
        self.assertEqual([r["dynamodb"]["Keys"]["Id"]["N"] for r in after], ["2", "3"])
        at = self.records(arn, "AT_SEQUENCE_NUMBER", first)
        self.assertEqual([r["dynamodb"]["Keys"]["Id"]["N"] for r in at], ["1", "2", "3"])

    def test_update_table_enables_and_disables_streams(self):
        name, _ = self.create_stream_table(view_type=None)
        self.assertEqual(self.streams.list_streams(TableName=name)["Streams"], [])
        with self.assertRaises(ClientError) as no_stream:
            self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        self.assertEqual(no_stream.exception.response["Error"],
                         {"Code": "ValidationException",
                          "Message": "Table has no stream to disable: TableName: " + name})
        enabled = self.ddb.update_table(TableName=name, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]
        first = enabled["LatestStreamArn"]
        self.assertEqual(self.streams.list_streams(TableName=name)["Streams"][0]["StreamArn"], first)
        with self.assertRaises(ClientError) as again:
            self.ddb.update_table(TableName=name, StreamSpecification={
                "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        self.assertEqual(again.exception.response["Error"],
                         {"Code": "ValidationException",
                          "Message": "Table already has an enabled stream: TableName: " + name})
        self.ddb.put_item(TableName=name, Item={"Id": {"N": "1"}})
        iterator = self.iterator(first)
        disabled = self.ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        # AWS keeps the last stream's ARN and label on the table.
        self.assertEqual(disabled["TableDescription"]["LatestStreamArn"], first)
        self.ddb.put_item(TableName=name, Item={"Id": {"N": "2"}})
        stream = self.streams.describe_stream(StreamArn=first)["StreamDescription"]
        self.assertEqual(stream["StreamStatus"], "DISABLED")
        self.assertRegex(stream["Shards"][0]["SequenceNumberRange"]["EndingSequenceNumber"], SEQUENCE_NUMBER)
        # The closed shard still reads, and read to its end it has no next iterator.
        answer = self.streams.get_records(ShardIterator=iterator)
        self.assertEqual([r["dynamodb"]["Keys"] for r in answer["Records"]], [{"Id": {"N": "1"}}])
        self.assertNotIn("NextShardIterator", answer)
        second = self.ddb.update_table(TableName=name, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]["LatestStreamArn"]
        self.assertNotEqual(second, first)
        listed = [s["StreamArn"] for s in self.streams.list_streams(TableName=name)["Streams"]]
        self.assertEqual(listed, [second, first])

    def test_delete_table_closes_its_stream(self):
        name, description = self.create_stream_table("KEYS_ONLY")
        arn = description["LatestStreamArn"]
        self.ddb.put_item(TableName=name, Item={"Id": {"N": "1"}})
        self.ddb.delete_table(TableName=name)
        stream = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(stream["StreamStatus"], "DISABLED")
        self.assertEqual(len(self.records(arn)), 1)
        self.assertEqual([s["StreamArn"] for s in self.streams.list_streams(TableName=name)["Streams"]], [arn])

    def test_list_streams_pages(self):
        arns = {self.create_stream_table("KEYS_ONLY")[1]["LatestStreamArn"] for _ in range(3)}
        seen, start = [], None
        while True:
            kwargs = {"ExclusiveStartStreamArn": start} if start else {}
            page = self.streams.list_streams(Limit=1, **kwargs)
            self.assertLessEqual(len(page["Streams"]), 1)
            seen += [s["StreamArn"] for s in page["Streams"]]
            start = page.get("LastEvaluatedStreamArn")
            if not start:
                break
        self.assertTrue(arns <= set(seen))
        self.assertEqual(len(seen), len(set(seen)))

    def test_raw_answers_are_dynamodb_json(self):
        name, description = self.create_stream_table("NEW_IMAGE")
        arn = description["LatestStreamArn"]
        self.ddb.put_item(TableName=name, Item=NEW_ITEM)
        iterator = self.raw_streams("GetShardIterator", {
            "StreamArn": arn, "ShardId": self.shard_id(arn), "ShardIteratorType": "TRIM_HORIZON"})
        self.assertEqual(iterator.status, 200, iterator)
        self.assertTrue(iterator.crc32_ok())
        self.assertEqual(iterator.headers["content-type"], "application/x-amz-json-1.0")
        answer = self.raw_streams("GetRecords", {"ShardIterator": iterator.body["ShardIterator"]})
        record = answer.body["Records"][0]
        # Epoch seconds, rounded down, as a JSON number.
        created = record["dynamodb"]["ApproximateCreationDateTime"]
        self.assertIsInstance(created, float)
        self.assertEqual(created, int(created))
        self.assertNotIn("eventSourceARN", record)
        self.assertNotIn("userIdentity", record)
        self.assertIsInstance(answer.body["Records"][0]["dynamodb"]["SizeBytes"], int)

    def test_errors_through_the_cli_and_boto3(self):
        # The raw answers to bad requests are golden cases: tests/cases/dynamodb/streams/.
        name, description = self.create_stream_table("KEYS_ONLY")
        arn = description["LatestStreamArn"]
        result = self.server.aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                                 "--shard-id", self.shard_id(arn),
                                 "--shard-iterator-type", "AT_SEQUENCE_NUMBER")
        self.assertEqual(result.rc, self.error_rc, result)
        self.assertIn("An error occurred (ValidationException) when calling the GetShardIterator "
                      "operation: One or more parameter values were invalid: SequenceNumber is "
                      "required for ShardIteratorType AT_SEQUENCE_NUMBER", result.stderr)
        with self.assertRaises(ClientError) as shard:
            self.streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                                            ShardIteratorType="LATEST")
        self.assertEqual(shard.exception.response["Error"],
                         {"Code": "ResourceNotFoundException",
                          "Message": "Requested resource not found: Shard does not exist"})


if __name__ == "__main__":
    unittest.main()
