"""Time to Live through boto3, the AWS CLI and the AWS SDK for JavaScript v3, with the clock
moved by POST /_streamstack/clock: expired items are deleted in the background, each with a
REMOVE stream record and Kinesis destination record naming the TTL service, and no test waits
for time to pass (it moves the clock, then polls for the sweep that the move woke)."""

import json
import time
import unittest

from botocore.exceptions import ClientError

from harness import wait_for
from transaction_support import ChangeRecordsTestCase, n, run_js, s

TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


class TimeToLiveTest(ChangeRecordsTestCase):

    def now(self):
        """The server's clock, in epoch seconds."""
        return self.clock()[1]["epochMillis"] // 1000

    def enable(self, table, attribute="ttl"):
        self.ddb.update_time_to_live(TableName=table,
                                     TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute})

    def swept(self, table, key):
        """Waits (briefly, polling) for the sweep the clock's move woke to delete `key`."""
        return wait_for(lambda: "Item" not in self.ddb.get_item(TableName=table, Key=key), timeout=5.0)

    def test_the_clock_endpoint_reads_and_moves_the_clock(self):
        status, before = self.clock()
        self.assertEqual(status, 200)
        self.assertEqual(set(before), {"now", "epochMillis", "offsetMillis"})
        status, after = self.clock({"advanceSeconds": 3600})
        self.assertEqual(status, 200)
        self.assertEqual(after["offsetMillis"], before["offsetMillis"] + 3_600_000)
        self.assertGreaterEqual(after["epochMillis"], before["epochMillis"] + 3_600_000)
        status, at = self.clock({"set": "2099-06-01T12:00:00Z"})
        self.assertEqual((status, at["now"][:19]), (200, "2099-06-01T12:00:00"))
        self.assertEqual(self.clock({"set": "2000-01-01T00:00:00Z"})[0], 400)
        self.assertEqual(self.clock({"advanceSeconds": -1}),
                         (400, {"message": "advanceSeconds must be a number of seconds, 0 or more: the clock only "
                                           "moves forward"}))

    def test_expired_items_are_swept_with_a_remove_record_naming_the_ttl_service(self):
        table = self.create_table()
        self.enable(table)
        self.assertEqual(self.ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"})
        now = self.now()
        self.ddb.put_item(TableName=table, Item={"id": s("soon"), "ttl": n(now + 60)})
        self.ddb.put_item(TableName=table, Item={"id": s("later"), "ttl": n(now + 7200)})
        self.ddb.put_item(TableName=table, Item={"id": s("text"), "ttl": s(str(now))})
        # Not expired yet, and an expired item stays readable until the sweep deletes it.
        self.clock({"advanceSeconds": 61})
        self.assertTrue(self.swept(table, {"id": s("soon")}))
        for kept in ("later", "text"):
            self.assertIn("Item", self.ddb.get_item(TableName=table, Key={"id": s(kept)}))
        removal = self.stream_records(table)[-1]
        self.assertEqual(removal["eventName"], "REMOVE")
        # On the wire its members are lower case, as AWS sends them (test below), which botocore's
        # model (Type, PrincipalId) does not read: boto3 shows the member, empty.
        self.assertEqual(removal["userIdentity"], {})
        self.assertEqual(removal["dynamodb"]["OldImage"], {"id": s("soon"), "ttl": n(now + 60)})
        change = self.destination_records(table)[-1]
        self.assertEqual((change["eventName"], change["userIdentity"]), ("REMOVE", TTL_IDENTITY))
        self.assertEqual(change["dynamodb"]["OldImage"], {"id": s("soon"), "ttl": n(now + 60)})

    def test_the_stream_record_of_a_ttl_delete_is_awss_text(self):
        table = self.create_table(destination=False)
        self.enable(table)
        self.ddb.put_item(TableName=table, Item={"id": s("x"), "ttl": n(self.now() - 1)})
        self.clock({"advanceSeconds": 1})
        self.assertTrue(self.swept(table, {"id": s("x")}))
        arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                   ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        response = self.server.raw(body={"ShardIterator": iterator},
                                   target="DynamoDBStreams_20120810.GetRecords")
        self.assertEqual(response.body["Records"][-1]["userIdentity"], TTL_IDENTITY)

    def test_a_table_with_a_sort_key_and_an_attribute_named_ttl(self):
        table = self.create_table(range_key=("sk", "N"), destination=False)
        self.enable(table, "TTL")
        now = self.now()
        for sk, expiry in ((1, now + 10), (2, now + 100000), (3, now + 10)):
            self.ddb.put_item(TableName=table, Item={"id": s("p"), "sk": n(sk), "TTL": n(expiry)})
        self.clock({"advanceSeconds": 11})
        self.assertTrue(wait_for(lambda: self.ddb.query(
            TableName=table, KeyConditionExpression="id = :p",
            ExpressionAttributeValues={":p": s("p")})["Count"] == 1, timeout=5.0))
        self.assertEqual(self.ddb.scan(TableName=table)["Items"], [{"id": s("p"), "sk": n(2), "TTL": n(now + 100000)}])
        self.assertEqual([r["eventName"] for r in self.stream_records(table)].count("REMOVE"), 2)

    def test_an_item_rewritten_with_a_later_expiry_stays(self):
        table = self.create_table(destination=False)
        self.enable(table)
        now = self.now()
        self.ddb.put_item(TableName=table, Item={"id": s("renewed"), "ttl": n(now + 30)})
        self.ddb.put_item(TableName=table, Item={"id": s("renewed"), "ttl": n(now + 100000)})
        self.ddb.put_item(TableName=table, Item={"id": s("marker"), "ttl": n(now + 30)})
        self.clock({"advanceSeconds": 31})
        # Once the marker that expired with it is gone, the sweep has passed over the renewed item.
        self.assertTrue(self.swept(table, {"id": s("marker")}))
        self.assertIn("Item", self.ddb.get_item(TableName=table, Key={"id": s("renewed")}))
        removed = [r["dynamodb"]["Keys"] for r in self.stream_records(table) if r["eventName"] == "REMOVE"]
        self.assertEqual(removed, [{"id": s("marker")}])

    def test_update_time_to_live_errors_in_awss_words(self):
        table = self.create_table(stream=False, destination=False)
        self.enable(table)
        cases = [
            ({"Enabled": True, "AttributeName": "ttl"}, "TimeToLive is already enabled"),
            ({"Enabled": False, "AttributeName": "ttl"},
             "Time to live has been modified multiple times within a fixed interval"),
        ]
        for spec, message in cases:
            with self.subTest(message=message), self.assertRaises(ClientError) as caught:
                self.ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)
            self.assertEqual(caught.exception.response["Error"], {"Code": "ValidationException", "Message": message})
        # boto3 refuses an empty name before sending it; AWS's answer to one that is sent.
        self.assertAwsError(
            self.server.raw("UpdateTimeToLive", {"TableName": table, "TimeToLiveSpecification": {
                "Enabled": True, "AttributeName": ""}}),
            400, "com.amazon.coral.validate#ValidationException", "TimeToLiveSpecification.AttributeName must be non empty")
        self.clock({"advanceSeconds": 3600})
        self.ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": False, "AttributeName": "ttl"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "DISABLED"})

    def test_the_cli_and_the_javascript_sdk_configure_ttl(self):
        table = self.create_table(stream=False, destination=False)
        result = self.server.aws("dynamodb", "update-time-to-live", "--table-name", table,
                                 "--time-to-live-specification", "Enabled=true,AttributeName=expires", check=True)
        self.assertEqual(result.json, {"TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
        described = self.server.aws("dynamodb", "describe-time-to-live", "--table-name", table, check=True)
        self.assertEqual(described.json, {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED",
                                                                    "AttributeName": "expires"}})
        results = run_js(self.server, [
            {"command": "DescribeTimeToLive", "input": {"TableName": table}},
            {"command": "UpdateTimeToLive", "input": {"TableName": table, "TimeToLiveSpecification": {
                "Enabled": True, "AttributeName": "expires"}}},
        ])
        self.assertEqual(results[0], {"output": {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED",
                                                                           "AttributeName": "expires"}}})
        self.assertEqual(results[1]["error"]["name"], "ValidationException")
        self.assertEqual(results[1]["error"]["message"], "TimeToLive is already enabled")


if __name__ == "__main__":
    unittest.main()
