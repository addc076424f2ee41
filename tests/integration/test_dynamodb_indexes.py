"""Secondary indexes through boto3: global and local indexes with their projections, Query and
Scan of an index (ties, sparse indexes, paging, Select and ConsistentRead rules), multi-attribute
keys, UpdateTable's online index changes and their limits, DescribeTable's index figures,
ReturnConsumedCapacity INDEXES, item collections, and stream records that indexes leave alone.
Messages are AWS's (dynalite's and DynamoDB Local's texts, and moto's AWS-verified tests for
multi-attribute keys)."""

import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from harness import (ACCOUNT, JSON_10, REGION, TARGET_PREFIX, Server, ServerTestCase,
                     sign_headers, unique_name)

BUILD_TIMEOUT_S = 120
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "..", ".node")
JS_SDK = os.path.join(NODE_DIR, "node_modules", "@aws-sdk", "client-dynamodb")


def error_of(context):
    error = context.exception.response["Error"]
    return error["Code"], error["Message"]


def S(value):
    return {"S": value}


def N(value):
    return {"N": str(value)}


def orders_table(ddb, name, billing="PAY_PER_REQUEST"):
    """customer (S) / order (N), global indexes byStatus (status, placed; KEYS_ONLY) and
    byStatusNote (status; INCLUDE note), local index byTotal (customer, total; ALL)."""
    gsi_throughput = {} if billing == "PAY_PER_REQUEST" else {
        "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}}
    table_throughput = {"BillingMode": billing} if billing == "PAY_PER_REQUEST" else {
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in
                              [("customer", "S"), ("order", "N"), ("status", "S"),
                               ("placed", "N"), ("total", "N")]],
        KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"},
                   {"AttributeName": "order", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            dict({"IndexName": "byStatus",
                  "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                {"AttributeName": "placed", "KeyType": "RANGE"}],
                  "Projection": {"ProjectionType": "KEYS_ONLY"}}, **gsi_throughput),
            dict({"IndexName": "byStatusNote",
                  "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                  "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}},
                 **gsi_throughput)],
        LocalSecondaryIndexes=[
            {"IndexName": "byTotal",
             "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                           {"AttributeName": "total", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "ALL"}}],
        **table_throughput)


def order(ddb, table, customer, number, status=None, placed=None, total=None, **extra):
    item = {"customer": S(customer), "order": N(number)}
    if status is not None:
        item["status"] = S(status)
    if placed is not None:
        item["placed"] = N(placed)
    if total is not None:
        item["total"] = N(total)
    item.update({k: S(v) for k, v in extra.items()})
    ddb.put_item(TableName=table, Item=item)


def keys_of(items):
    return ["%s/%s" % (i["customer"]["S"], i["order"]["N"]) for i in items]


class IndexQueryTest(ServerTestCase):

    def setUp(self):
        self.table = unique_name("orders")
        orders_table(self.ddb, self.table)
        order(self.ddb, self.table, "c1", 1, "open", 10, 30, note="first", extra="x")
        order(self.ddb, self.table, "c1", 2, "open", 10, 20, note="second", extra="x")
        order(self.ddb, self.table, "c2", 1, "open", 5, 10, note="third", extra="x")
        order(self.ddb, self.table, "c2", 2, "shipped", 7, 40, note="fourth", extra="x")
        order(self.ddb, self.table, "c3", 1, total=1)  # no status: in no global index

    def query_open(self, index="byStatus", **kwargs):
        return self.ddb.query(TableName=self.table, IndexName=index,
                              KeyConditionExpression="#s = :s",
                              ExpressionAttributeNames={"#s": "status"},
                              ExpressionAttributeValues={":s": S("open")}, **kwargs)

    def test_global_index_returns_its_projection_in_index_order_with_ties_in_table_key_order(self):
        out = self.query_open()
        self.assertEqual(keys_of(out["Items"]), ["c2/1", "c1/1", "c1/2"])
        self.assertEqual(out["Items"][0], {"customer": S("c2"), "order": N(1),
                                           "status": S("open"), "placed": N(5)})
        self.assertEqual((out["Count"], out["ScannedCount"]), (3, 3))
        backwards = self.query_open(ScanIndexForward=False)
        self.assertEqual(keys_of(backwards["Items"]), ["c1/2", "c1/1", "c2/1"])

    def test_include_projection_holds_the_keys_and_the_named_attributes(self):
        out = self.query_open(index="byStatusNote")
        self.assertEqual(out["Items"][0], {"customer": S("c1"), "order": N(1),
                                           "status": S("open"), "note": S("first")})

    def test_resource_api_pages_an_index_through_every_tie(self):
        table = self.server.resource().Table(self.table)
        first = table.query(IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"),
                            Limit=2)
        self.assertEqual(first["LastEvaluatedKey"],
                         {"customer": "c1", "order": 1, "status": "open", "placed": 10})
        rest = table.query(IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"),
                           Limit=2, ExclusiveStartKey=first["LastEvaluatedKey"])
        self.assertEqual([(i["customer"], i["order"]) for i in rest["Items"]], [("c1", 2)])
        self.assertNotIn("LastEvaluatedKey", rest)
        pages = self.ddb.get_paginator("query").paginate(
            TableName=self.table, IndexName="byStatus", KeyConditionExpression="#s = :s",
            ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": S("open")},
            PaginationConfig={"PageSize": 1})
        self.assertEqual(sum(p["Count"] for p in pages), 3)

    def test_sparse_index_scan_holds_only_items_with_the_key(self):
        out = self.ddb.scan(TableName=self.table, IndexName="byStatusNote")
        self.assertEqual(sorted(keys_of(out["Items"])), ["c1/1", "c1/2", "c2/1", "c2/2"])
        segments = [self.ddb.scan(TableName=self.table, IndexName="byStatusNote", Segment=s,
                                  TotalSegments=3)["Count"] for s in range(3)]
        self.assertEqual(sum(segments), 4)

    def test_select_all_attributes_of_a_keys_only_global_index_is_refused(self):
        with self.assertRaises(ClientError) as e:
            self.query_open(Select="ALL_ATTRIBUTES")
        self.assertEqual(error_of(e), (
            "ValidationException",
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index byStatus because its projection type is not ALL"))
        with self.assertRaises(ClientError) as e:
            self.ddb.scan(TableName=self.table, IndexName="byStatus", Select="ALL_ATTRIBUTES")
        self.assertEqual(error_of(e)[0], "ValidationException")

    def test_select_all_projected_and_specific_attributes(self):
        projected = self.query_open(index="byStatusNote", Select="ALL_PROJECTED_ATTRIBUTES")
        self.assertEqual(projected["Items"][0]["note"], S("first"))
        specific = self.query_open(index="byStatusNote", Select="SPECIFIC_ATTRIBUTES",
                                   ProjectionExpression="note")
        self.assertEqual(specific["Items"][0], {"note": S("first")})
        with self.assertRaises(ClientError) as e:
            self.query_open(index="byStatusNote", ProjectionExpression="extra, note")
        self.assertEqual(error_of(e), (
            "ValidationException",
            "One or more parameter values were invalid: Global secondary index byStatusNote "
            "does not project [extra]"))
        with self.assertRaises(ClientError) as e:
            self.ddb.query(TableName=self.table, KeyConditionExpression="customer = :c",
                           ExpressionAttributeValues={":c": S("c1")},
                           Select="ALL_PROJECTED_ATTRIBUTES")
        self.assertEqual(error_of(e), (
            "ValidationException",
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"))

    def test_consistent_read_is_refused_on_a_global_index(self):
        with self.assertRaises(ClientError) as e:
            self.query_open(ConsistentRead=True)
        self.assertEqual(error_of(e), ("ValidationException",
                                       "Consistent reads are not supported on global secondary "
                                       "indexes"))
        local = self.ddb.query(TableName=self.table, IndexName="byTotal", ConsistentRead=True,
                               KeyConditionExpression="customer = :c AND #t > :t",
                               ExpressionAttributeNames={"#t": "total"},
                               ExpressionAttributeValues={":c": S("c1"), ":t": N(20)})
        self.assertEqual(keys_of(local["Items"]), ["c1/1"])

    def test_local_index_orders_a_partition_by_its_sort_key(self):
        out = self.ddb.query(TableName=self.table, IndexName="byTotal",
                             KeyConditionExpression="customer = :c",
                             ExpressionAttributeValues={":c": S("c1")})
        self.assertEqual(keys_of(out["Items"]), ["c1/2", "c1/1"])
        self.assertEqual(out["Items"][0]["extra"], S("x"))

    def test_index_errors(self):
        with self.assertRaises(ClientError) as e:
            self.query_open(index="nope")
        self.assertEqual(error_of(e), ("ValidationException",
                                       "The table does not have the specified index: nope"))
        with self.assertRaises(ClientError) as e:
            self.ddb.query(TableName=self.table, IndexName="byStatus",
                           KeyConditionExpression="customer = :c",
                           ExpressionAttributeValues={":c": S("c1")})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "Query condition missed key schema element: status"))
        with self.assertRaises(ClientError) as e:
            self.query_open(ExclusiveStartKey={"customer": S("c1"), "order": N(1)})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "The provided starting key is invalid"))
        with self.assertRaises(ClientError) as e:
            self.query_open(ExclusiveStartKey={"customer": S("c1"), "order": N(1),
                                               "status": N(1), "placed": N(1)})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "The provided key element does not match the schema"))
        with self.assertRaises(ClientError) as e:
            self.query_open(ExclusiveStartKey={"customer": S("c1"), "order": N(1),
                                               "status": S("shipped"), "placed": N(1)})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "The provided starting key is outside query boundaries "
                                       "based on provided conditions"))
        with self.assertRaises(ClientError) as e:
            self.ddb.query(TableName=self.table, IndexName="byStatus",
                           KeyConditions={"status": {"ComparisonOperator": "EQ",
                                                     "AttributeValueList": [S("open")]}},
                           QueryFilter={"placed": {"ComparisonOperator": "GT",
                                                   "AttributeValueList": [N(1)]}})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "QueryFilter can only contain non-primary key attributes: "
                                       "Primary key attribute: placed"))

    def test_reads_are_charged_to_the_index(self):
        out = self.query_open(ReturnConsumedCapacity="INDEXES")
        self.assertEqual(out["ConsumedCapacity"], {
            "TableName": self.table, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
            "GlobalSecondaryIndexes": {"byStatus": {"CapacityUnits": 0.5}}})
        local = self.ddb.query(TableName=self.table, IndexName="byTotal",
                               KeyConditionExpression="customer = :c",
                               ExpressionAttributeValues={":c": S("c1")},
                               ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
        self.assertEqual(local["ConsumedCapacity"], {
            "TableName": self.table, "CapacityUnits": 1.0, "Table": {"CapacityUnits": 0.0},
            "LocalSecondaryIndexes": {"byTotal": {"CapacityUnits": 1.0}}})

    def test_writes_are_charged_to_each_index_whose_entry_changes(self):
        put = dict(TableName=self.table, ReturnConsumedCapacity="INDEXES",
                   Item={"customer": S("c9"), "order": N(1), "status": S("open"), "placed": N(1)})
        self.assertEqual(self.ddb.put_item(**put)["ConsumedCapacity"], {
            "TableName": self.table, "CapacityUnits": 3.0, "Table": {"CapacityUnits": 1.0},
            "GlobalSecondaryIndexes": {"byStatus": {"CapacityUnits": 1.0},
                                       "byStatusNote": {"CapacityUnits": 1.0}}})
        same = self.ddb.put_item(**put)["ConsumedCapacity"]
        self.assertEqual(same, {"TableName": self.table, "CapacityUnits": 1.0,
                                "Table": {"CapacityUnits": 1.0}})
        moved = self.ddb.update_item(
            TableName=self.table, Key={"customer": S("c9"), "order": N(1)},
            UpdateExpression="SET placed = :p, #t = :t", ExpressionAttributeNames={"#t": "total"},
            ExpressionAttributeValues={":p": N(2), ":t": N(5)}, ReturnConsumedCapacity="INDEXES")
        # byStatus moves its entry (2); byTotal gains one (1); byStatusNote does not hold placed.
        self.assertEqual(moved["ConsumedCapacity"], {
            "TableName": self.table, "CapacityUnits": 4.0, "Table": {"CapacityUnits": 1.0},
            "GlobalSecondaryIndexes": {"byStatus": {"CapacityUnits": 2.0}},
            "LocalSecondaryIndexes": {"byTotal": {"CapacityUnits": 1.0}}})
        batch = self.ddb.batch_write_item(
            RequestItems={self.table: [{"DeleteRequest": {"Key": {"customer": S("c9"),
                                                                  "order": N(1)}}}]},
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(batch["ConsumedCapacity"],
                         [{"TableName": self.table, "CapacityUnits": 4.0}])

    def test_index_key_types_and_empty_values_are_refused(self):
        with self.assertRaises(ClientError) as e:
            self.ddb.put_item(TableName=self.table, Item={"customer": S("c5"), "order": N(2),
                                                          "status": N(1)})
        self.assertEqual(error_of(e), (
            "ValidationException",
            "One or more parameter values were invalid: Type mismatch for Index Key status "
            "Expected: S Actual: N IndexName: byStatusNote"))
        with self.assertRaises(ClientError) as e:
            self.ddb.put_item(TableName=self.table, Item={"customer": S("c5"), "order": N(2),
                                                          "status": S("")})
        self.assertEqual(error_of(e), (
            "ValidationException",
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: byStatusNote, IndexKey: status"))


class DescribeIndexesTest(ServerTestCase):

    def test_provisioned_indexes_are_described_with_their_figures(self):
        name = unique_name("described")
        orders_table(self.ddb, name, billing="PROVISIONED")
        order(self.ddb, name, "c1", 1, "open", 10, 30, note="n")
        order(self.ddb, name, "c1", 2, "open")
        table = self.ddb.describe_table(TableName=name)["Table"]
        arn = "arn:aws:dynamodb:%s:%s:table/%s" % (REGION, ACCOUNT, name)
        by_status, by_note = table["GlobalSecondaryIndexes"]
        self.assertEqual(by_status, {
            "IndexName": "byStatus",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                          {"AttributeName": "placed", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
            "IndexStatus": "ACTIVE",
            "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 2,
                                      "WriteCapacityUnits": 3},
            # customer+c1 (10), order+1 (7), status+open (10), placed+10 (8)
            "IndexSizeBytes": 35, "ItemCount": 1,
            "IndexArn": arn + "/index/byStatus",
            "WarmThroughput": {"ReadUnitsPerSecond": 2, "WriteUnitsPerSecond": 3,
                               "Status": "ACTIVE"}})
        # Each entry: customer+c1 (10), order+n (7), status+open (10); the first note+n (5).
        self.assertEqual((by_note["ItemCount"], by_note["IndexSizeBytes"]), (2, 32 + 27))
        self.assertEqual(table["LocalSecondaryIndexes"], [{
            "IndexName": "byTotal",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                          {"AttributeName": "total", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
            "IndexSizeBytes": 47, "ItemCount": 1,
            "IndexArn": arn + "/index/byTotal"}])

    def test_on_demand_indexes_show_no_capacity_and_the_warm_throughput_of_on_demand(self):
        name = unique_name("ondemand")
        orders_table(self.ddb, name)
        index = self.ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        self.assertEqual(index["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0,
                          "WriteCapacityUnits": 0})
        self.assertEqual(index["WarmThroughput"], {"ReadUnitsPerSecond": 12000,
                                                   "WriteUnitsPerSecond": 4000,
                                                   "Status": "ACTIVE"})

    def test_delete_table_answers_without_its_global_indexes(self):
        name = unique_name("deleted")
        orders_table(self.ddb, name)
        answer = self.ddb.delete_table(TableName=name)["TableDescription"]
        self.assertNotIn("GlobalSecondaryIndexes", answer)
        self.assertEqual(answer["TableStatus"], "DELETING")


def create_index_update(name, attribute, kind="S", projection="ALL"):
    return dict(AttributeDefinitions=[{"AttributeName": attribute, "AttributeType": kind}],
                GlobalSecondaryIndexUpdates=[{"Create": {
                    "IndexName": name,
                    "KeySchema": [{"AttributeName": attribute, "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": projection}}}])


class OnlineIndexTest(ServerTestCase):

    def wait_active(self, table, index):
        deadline = time.monotonic() + BUILD_TIMEOUT_S
        while time.monotonic() < deadline:
            described = self.ddb.describe_table(TableName=table)["Table"]
            for i in described.get("GlobalSecondaryIndexes", []):
                if i["IndexName"] == index and i["IndexStatus"] == "ACTIVE":
                    return i
            time.sleep(0.05)
        self.fail("index %s of %s not ACTIVE within %d s" % (index, table, BUILD_TIMEOUT_S))

    def test_an_index_added_to_existing_items_is_backfilled_and_queryable(self):
        name = self.create_table(hash_key=("id", "S"))
        for i in range(20):
            item = {"id": S("k%d" % i)}
            if i % 2 == 0:
                item["colour"] = S("red" if i % 4 == 0 else "blue")
            self.ddb.put_item(TableName=name, Item=item)
        answer = self.ddb.update_table(TableName=name, **create_index_update("byColour", "colour"))
        created = answer["TableDescription"]["GlobalSecondaryIndexes"][0]
        self.assertEqual((created["IndexStatus"], created["Backfilling"]), ("CREATING", False))
        index = self.wait_active(name, "byColour")
        self.assertNotIn("Backfilling", index)
        self.assertEqual(index["ItemCount"], 10)
        red = self.ddb.query(TableName=name, IndexName="byColour",
                             KeyConditionExpression="colour = :c",
                             ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(sorted(i["id"]["S"] for i in red["Items"]),
                         ["k0", "k12", "k16", "k4", "k8"])

    def test_only_one_online_index_change_at_a_time(self):
        name = self.create_table(hash_key=("id", "S"))
        update = create_index_update("one", "a")
        update["AttributeDefinitions"].append({"AttributeName": "b", "AttributeType": "S"})
        update["GlobalSecondaryIndexUpdates"].append(
            create_index_update("two", "b")["GlobalSecondaryIndexUpdates"][0])
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName=name, **update)
        self.assertEqual(error_of(e), (
            "LimitExceededException",
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table"))
        self.assertNotIn("GlobalSecondaryIndexes", self.ddb.describe_table(TableName=name)["Table"])

    def test_deleting_a_missing_index_is_not_found(self):
        name = self.create_table(hash_key=("id", "S"))
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName=name,
                                  GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "nope"}}])
        self.assertEqual(error_of(e), ("ResourceNotFoundException", "Requested resource not found"))

    def test_an_attribute_cannot_be_redefined_with_another_type(self):
        name = self.create_table(hash_key=("id", "S"))
        with self.assertRaises(ClientError) as e:
            self.ddb.update_table(TableName=name, **create_index_update("byId", "id", "N"))
        self.assertEqual(error_of(e), (
            "ValidationException",
            "invalid attribute, SchemaElement redefined should be of same type as previously "
            "defined"))

    def test_deleted_index_is_gone_and_its_name_free(self):
        name = self.create_table(hash_key=("id", "S"))
        self.ddb.put_item(TableName=name, Item={"id": S("1"), "colour": S("red")})
        self.ddb.update_table(TableName=name, **create_index_update("byColour", "colour"))
        self.wait_active(name, "byColour")
        self.ddb.update_table(TableName=name,
                              GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byColour"}}])
        described = self.ddb.describe_table(TableName=name)["Table"]
        self.assertNotIn("GlobalSecondaryIndexes", described)
        self.assertEqual(described["AttributeDefinitions"],
                         [{"AttributeName": "id", "AttributeType": "S"}])
        with self.assertRaises(ClientError) as e:
            self.ddb.query(TableName=name, IndexName="byColour",
                           KeyConditionExpression="colour = :c",
                           ExpressionAttributeValues={":c": S("red")})
        self.assertEqual(error_of(e)[1], "The table does not have the specified index: byColour")
        self.ddb.update_table(TableName=name,
                              **create_index_update("byColour", "colour", projection="KEYS_ONLY"))
        self.assertEqual(self.wait_active(name, "byColour")["ItemCount"], 1)


class LargeBackfillTest(unittest.TestCase):
    """A global index added to a table of 100,000 items, built in the background while the
    server keeps answering; the server is killed during the build and resumes it on restart."""

    ITEMS = 100_000

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamstack-backfill-")
        self.server = Server(data=self.dir + "/data.db").start()
        self.ddb = self.server.client()

    def tearDown(self):
        self.server.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def load(self, name):
        """BatchWriteItem, 25 items a request, over one kept-alive connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            for start in range(0, self.ITEMS, 25):
                writes = [{"PutRequest": {"Item": {"id": S("k%06d" % i),
                                                   "bucket": S("b%d" % (i % 100)),
                                                   "n": N(i)}}}
                          for i in range(start, min(start + 25, self.ITEMS))]
                body = json.dumps({"RequestItems": {name: writes}}).encode()
                headers = sign_headers(self.server.endpoint + "/", "POST",
                                       {"Content-Type": JSON_10,
                                        "X-Amz-Target": TARGET_PREFIX + "BatchWriteItem"},
                                       body, REGION)
                conn.request("POST", "/", body=body, headers=headers)
                response = conn.getresponse()
                self.assertEqual(response.status, 200, response.read())
                response.read()
        finally:
            conn.close()

    def test_a_global_index_added_to_a_table_of_100000_items_backfills_and_is_queryable(self):
        name = unique_name("large")
        self.ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        self.load(name)
        started = time.monotonic()
        answer = self.ddb.update_table(TableName=name,
                                       **create_index_update("byBucket", "bucket"))
        answered = time.monotonic() - started
        self.assertEqual(answer["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"],
                         "CREATING")
        # The build goes on in the background: a crash now loses none of it.
        self.server.restart(sig=signal.SIGKILL)
        self.ddb = self.server.client()
        deadline = time.monotonic() + BUILD_TIMEOUT_S
        while True:
            index = self.ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
            if index["IndexStatus"] == "ACTIVE":
                break
            self.assertEqual(index["Backfilling"], True)
            self.assertLess(time.monotonic(), deadline, "backfill did not finish")
            time.sleep(0.1)
        self.assertEqual(index["ItemCount"], self.ITEMS)
        out = self.ddb.query(TableName=name, IndexName="byBucket",
                             KeyConditionExpression="#b = :b", ExpressionAttributeNames={"#b": "bucket"},
                             ExpressionAttributeValues={":b": S("b42")}, Select="COUNT")
        self.assertEqual(out["Count"], self.ITEMS // 100)
        print("UpdateTable answered in %.1f ms for %d items" % (answered * 1000, self.ITEMS))


class MultiAttributeKeyTest(ServerTestCase):
    """A global index of two HASH and two RANGE attributes (the tournament example of AWS's
    multi-attribute keys pattern)."""

    def setUp(self):
        self.table = unique_name("matches")
        self.ddb.create_table(
            TableName=self.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t in
                                  [("id", "S"), ("tournament", "S"), ("region", "S"),
                                   ("round", "S"), ("score", "N")]],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "byPlace", "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": "tournament", "KeyType": "HASH"},
                              {"AttributeName": "region", "KeyType": "HASH"},
                              {"AttributeName": "round", "KeyType": "RANGE"},
                              {"AttributeName": "score", "KeyType": "RANGE"}]}])
        for id_, region, round_, score in [("1", "eu", "final", 300), ("2", "eu", "semi", 200),
                                           ("3", "eu", "semi", 100), ("4", "us", "semi", 150)]:
            self.ddb.put_item(TableName=self.table, Item={
                "id": S(id_), "tournament": S("w24"), "region": S(region), "round": S(round_),
                "score": N(score)})
        self.ddb.put_item(TableName=self.table, Item={"id": S("5"), "tournament": S("w24"),
                                                      "region": S("eu"), "round": S("semi")})

    def query(self, condition="", **values):
        values.update({":t": S("w24"), ":r": S("eu")})
        return self.ddb.query(TableName=self.table, IndexName="byPlace",
                              KeyConditionExpression="tournament = :t AND #r = :r" + condition,
                              ExpressionAttributeNames={"#r": "region"},
                              ExpressionAttributeValues=values)

    def test_the_key_schema_is_described_as_given(self):
        index = self.ddb.describe_table(TableName=self.table)["Table"]["GlobalSecondaryIndexes"][0]
        self.assertEqual([e["KeyType"] for e in index["KeySchema"]],
                         ["HASH", "HASH", "RANGE", "RANGE"])
        self.assertEqual(index["ItemCount"], 4)  # id 5 has no score

    def test_queries_by_every_hash_attribute_and_a_prefix_of_range_attributes(self):
        ids = lambda out: [i["id"]["S"] for i in out["Items"]]
        self.assertEqual(ids(self.query()), ["1", "3", "2"])
        self.assertEqual(ids(self.query(" AND round = :o", **{":o": S("semi")})), ["3", "2"])
        self.assertEqual(ids(self.query(" AND round = :o AND score >= :s",
                                        **{":o": S("semi"), ":s": N(150)})), ["2"])
        legacy = self.ddb.query(TableName=self.table, IndexName="byPlace", KeyConditions={
            "tournament": {"ComparisonOperator": "EQ", "AttributeValueList": [S("w24")]},
            "region": {"ComparisonOperator": "EQ", "AttributeValueList": [S("eu")]},
            "round": {"ComparisonOperator": "EQ", "AttributeValueList": [S("semi")]},
            "score": {"ComparisonOperator": "GT", "AttributeValueList": [N(100)]}})
        self.assertEqual(ids(legacy), ["2"])

    def test_a_range_attribute_cannot_be_skipped(self):
        with self.assertRaises(ClientError) as e:
            self.query(" AND score > :s", **{":s": N(1)})
        self.assertEqual(error_of(e), (
            "ValidationException",
            "RANGE key attributes round must have equality conditions specified in the query "
            "because a condition is present on key attribute score"))
        with self.assertRaises(ClientError) as e:
            self.ddb.query(TableName=self.table, IndexName="byPlace",
                           KeyConditionExpression="tournament = :t",
                           ExpressionAttributeValues={":t": S("w24")})
        self.assertEqual(error_of(e), ("ValidationException",
                                       "Query condition missed key schema element: region"))

    def test_pages_carry_every_key_attribute(self):
        first = self.ddb.query(TableName=self.table, IndexName="byPlace", Limit=1,
                               KeyConditionExpression="tournament = :t AND #r = :r",
                               ExpressionAttributeNames={"#r": "region"},
                               ExpressionAttributeValues={":t": S("w24"), ":r": S("eu")})
        self.assertEqual(first["LastEvaluatedKey"], {
            "id": S("1"), "tournament": S("w24"), "region": S("eu"), "round": S("final"),
            "score": N(300)})


class ItemCollectionTest(unittest.TestCase):
    """A table with a local index: ReturnItemCollectionMetrics, and the collection size limit
    (lowered for the test through STREAMSTACK_DYNAMODB_ITEM_COLLECTION_LIMIT)."""

    @classmethod
    def setUpClass(cls):
        os.environ["STREAMSTACK_DYNAMODB_ITEM_COLLECTION_LIMIT"] = "3000"
        try:
            cls.server = Server().start()
        finally:
            del os.environ["STREAMSTACK_DYNAMODB_ITEM_COLLECTION_LIMIT"]
        cls.ddb = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def setUp(self):
        self.table = unique_name("collections")
        orders_table(self.ddb, self.table)

    def test_writes_return_the_size_of_their_item_collection(self):
        put = self.ddb.put_item(TableName=self.table, ReturnItemCollectionMetrics="SIZE",
                                Item={"customer": S("c1"), "order": N(1), "total": N(5)})
        self.assertEqual(put["ItemCollectionMetrics"], {"ItemCollectionKey": {"customer": S("c1")},
                                                        "SizeEstimateRangeGB": [0.0, 1.0]})
        update = self.ddb.update_item(TableName=self.table, ReturnItemCollectionMetrics="SIZE",
                                      Key={"customer": S("c1"), "order": N(1)},
                                      UpdateExpression="SET note = :n",
                                      ExpressionAttributeValues={":n": S("x")})
        self.assertEqual(update["ItemCollectionMetrics"]["ItemCollectionKey"],
                         {"customer": S("c1")})
        batch = self.ddb.batch_write_item(ReturnItemCollectionMetrics="SIZE", RequestItems={
            self.table: [{"PutRequest": {"Item": {"customer": S("c2"), "order": N(1)}}},
                         {"DeleteRequest": {"Key": {"customer": S("c1"), "order": N(1)}}}]})
        self.assertEqual(batch["ItemCollectionMetrics"], {self.table: [
            {"ItemCollectionKey": {"customer": S("c2")}, "SizeEstimateRangeGB": [0.0, 1.0]},
            {"ItemCollectionKey": {"customer": S("c1")}, "SizeEstimateRangeGB": [0.0, 1.0]}]})
        deleted = self.ddb.delete_item(TableName=self.table, ReturnItemCollectionMetrics="SIZE",
                                       Key={"customer": S("c1"), "order": N(9)})
        self.assertEqual(deleted["ItemCollectionMetrics"]["ItemCollectionKey"],
                         {"customer": S("c1")})

    def test_a_collection_past_its_limit_refuses_to_grow_and_is_left_as_it_was(self):
        # Each item about 630 bytes, and as much again in the local index (ALL) plus 100: two
        # fit in 3000 bytes, a third does not.
        big = "x" * 600
        for n in range(2):
            self.ddb.put_item(TableName=self.table, Item={"customer": S("c1"), "order": N(n),
                                                          "total": N(n), "blob": S(big)})
        with self.assertRaises(ClientError) as e:
            self.ddb.put_item(TableName=self.table, Item={"customer": S("c1"), "order": N(3),
                                                          "total": N(3), "blob": S(big)})
        self.assertEqual(error_of(e), ("ItemCollectionSizeLimitExceededException",
                                       "Collection size exceeded"))
        self.assertNotIn("Item", self.ddb.get_item(TableName=self.table,
                                                   Key={"customer": S("c1"), "order": N(3)}))
        # Shrinking is allowed; another partition is another collection.
        self.ddb.delete_item(TableName=self.table, Key={"customer": S("c1"), "order": N(0)})
        self.ddb.put_item(TableName=self.table, Item={"customer": S("c2"), "order": N(3),
                                                      "total": N(3), "blob": S(big)})


class IndexesLeaveStreamsAloneTest(ServerTestCase):

    def test_index_entries_write_no_stream_or_kinesis_record(self):
        name = unique_name("streamed")
        kinesis = self.server.client("kinesis")
        stream_name = unique_name("dest")
        kinesis.create_stream(StreamName=stream_name, ShardCount=1)
        stream_arn = kinesis.describe_stream_summary(
            StreamName=stream_name)["StreamDescriptionSummary"]["StreamARN"]
        self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{"IndexName": "byG",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
        self.ddb.enable_kinesis_streaming_destination(TableName=name, StreamArn=stream_arn)
        self.ddb.put_item(TableName=name, Item={"id": S("1"), "g": S("a")})
        self.ddb.update_item(TableName=name, Key={"id": S("1")}, UpdateExpression="SET g = :g",
                             ExpressionAttributeValues={":g": S("b")})
        self.ddb.delete_item(TableName=name, Key={"id": S("1")})
        streams = self.server.client("dynamodbstreams")
        arn = self.ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]) for r in records],
                         [("INSERT", {"id": S("1")}), ("MODIFY", {"id": S("1")}),
                          ("REMOVE", {"id": S("1")})])
        shard_iterator = kinesis.get_shard_iterator(
            StreamName=stream_name, ShardId="shardId-000000000000",
            ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual(len(kinesis.get_records(ShardIterator=shard_iterator)["Records"]), 3)


def ensure_js_sdk():
    """The node_modules folder holding @aws-sdk/client-dynamodb, installed from
    tests/.node/package.json when it is not there."""
    if not os.path.isdir(JS_SDK):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed (`make deps` installs it); it is needed for the JS SDK")
        proc = subprocess.run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 or not os.path.isdir(JS_SDK):
            raise RuntimeError("npm install --prefix %s failed (%d):\n%s"
                               % (NODE_DIR, proc.returncode, proc.stderr[-3000:]))
    return os.path.join(NODE_DIR, "node_modules")


class JavaScriptSdkTest(ServerTestCase):
    """The same behaviours through the AWS SDK for JavaScript v3 (dynamodb_indexes_js.js)."""

    def test_javascript_sdk_queries_pages_and_builds_indexes(self):
        env = dict(os.environ, NODE_PATH=ensure_js_sdk(), NODE_NO_WARNINGS="1")
        table = unique_name("js")
        proc = subprocess.run(["node", os.path.join(HERE, "dynamodb_indexes_js.js"),
                               self.server.endpoint, table],
                              capture_output=True, text=True, timeout=120, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        seen = json.loads(proc.stdout)
        self.assertEqual(seen["evenKeys"], ["p0/0", "p0/6", "p1/4", "p1/10", "p2/2", "p2/8"])
        self.assertEqual(seen["firstItem"], {"pk": S("p0"), "sk": N(0), "g": S("even")})
        self.assertEqual(seen["lastEvaluatedKey"], {"pk": S("p0"), "sk": N(0), "g": S("even")})
        self.assertEqual(seen["consumedCapacity"], {
            "TableName": table, "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0},
            "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 0.5}}})
        self.assertEqual(seen["multiSortKeys"], ["7", "8", "9"])
        self.assertEqual(seen["localExtras"], ["x9", "x6", "x3", "x0"])
        self.assertEqual(seen["consistentRead"], {
            "name": "ValidationException",
            "message": "Consistent reads are not supported on global secondary indexes"})
        self.assertEqual(seen["selectAll"], {
            "name": "ValidationException",
            "message": "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is "
                       "not supported for global secondary index byG because its projection "
                       "type is not ALL"})
        self.assertEqual(seen["skippedRange"], {
            "name": "ValidationException",
            "message": "Query condition missed key schema element: r"})
        self.assertEqual(seen["typeMismatch"], {
            "name": "ValidationException",
            "message": "One or more parameter values were invalid: Type mismatch for Index Key g "
                       "Expected: S Actual: N IndexName: byG"})
        self.assertEqual(seen["createdStatus"], ["CREATING", False])
        self.assertEqual(seen["builtCount"], 12)
        self.assertEqual(seen["byExtra"], [{"pk": S("p2"), "sk": N(5), "extra": S("x5"),
                                            "g": S("odd")}])
        self.assertEqual(seen["twoCreates"], {
            "name": "LimitExceededException",
            "message": "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                       "simultaneously per table"})
        self.assertEqual(seen["deleteMissing"], {"name": "ResourceNotFoundException",
                                                 "message": "Requested resource not found"})


if __name__ == "__main__":
    unittest.main()
