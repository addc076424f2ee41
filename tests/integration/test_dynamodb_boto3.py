"""DynamoDB through boto3 (client and resource APIs): the flow, numbers, ordering, paging,
parallel scan, ReturnValues, and durability across restarts and crashes."""

import os
import shutil
import signal
import tempfile
import unittest
from decimal import Decimal

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from harness import ACCOUNT, REGION, Server, ServerTestCase, unique_name


def error_of(context):
    error = context.exception.response["Error"]
    return error["Code"], error["Message"]


class ClientFlowTest(ServerTestCase):

    def test_flow(self):
        name = unique_name("flow")
        created = self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "itemKey", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "itemKey", "KeyType": "HASH"}])
        self.assertEqual(created["TableDescription"]["TableName"], name)
        self.ddb.get_waiter("table_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 2})

        table = self.ddb.describe_table(TableName=name)["Table"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["TableArn"], "arn:aws:dynamodb:%s:%s:table/%s" % (REGION, ACCOUNT, name))
        self.assertEqual(table["KeySchema"], [{"AttributeName": "itemKey", "KeyType": "HASH"}])
        self.assertEqual(table["AttributeDefinitions"],
                         [{"AttributeName": "itemKey", "AttributeType": "S"}])
        self.assertEqual(table["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertIn(name, self.ddb.list_tables()["TableNames"])

        put = self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "a"}, "name": {"S": "x"}})
        self.assertEqual(set(put), {"ResponseMetadata"})
        got = self.ddb.get_item(TableName=name, Key={"itemKey": {"S": "a"}})
        self.assertEqual(got["Item"], {"itemKey": {"S": "a"}, "name": {"S": "x"}})
        self.assertTrue(got["ResponseMetadata"]["RequestId"])

        updated = self.ddb.update_item(
            TableName=name, Key={"itemKey": {"S": "a"}},
            UpdateExpression="SET #n = :n ADD hits :one",
            ConditionExpression="attribute_exists(itemKey)",
            ExpressionAttributeNames={"#n": "name"},
            ExpressionAttributeValues={":n": {"S": "y"}, ":one": {"N": "1"}},
            ReturnValues="ALL_NEW")
        self.assertEqual(updated["Attributes"],
                         {"itemKey": {"S": "a"}, "name": {"S": "y"}, "hits": {"N": "1"}})

        with self.assertRaises(ClientError) as failed:
            self.ddb.update_item(
                TableName=name, Key={"itemKey": {"S": "a"}}, UpdateExpression="SET #n = :n",
                ConditionExpression="#n = :old", ExpressionAttributeNames={"#n": "name"},
                ExpressionAttributeValues={":n": {"S": "z"}, ":old": {"S": "x"}})
        self.assertEqual(error_of(failed),
                         ("ConditionalCheckFailedException", "The conditional request failed"))
        self.assertEqual(failed.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

        queried = self.ddb.query(TableName=name, KeyConditionExpression="itemKey = :k",
                                 ExpressionAttributeValues={":k": {"S": "a"}})
        self.assertEqual((queried["Count"], queried["ScannedCount"]), (1, 1))
        self.assertEqual(queried["Items"], [updated["Attributes"]])
        self.assertNotIn("LastEvaluatedKey", queried)
        scanned = self.ddb.scan(TableName=name)
        self.assertEqual(scanned["Items"], [updated["Attributes"]])

        deleted = self.ddb.delete_item(TableName=name, Key={"itemKey": {"S": "a"}},
                                       ReturnValues="ALL_OLD")
        self.assertEqual(deleted["Attributes"], updated["Attributes"])
        self.assertNotIn("Item", self.ddb.get_item(TableName=name, Key={"itemKey": {"S": "a"}}))

        gone = self.ddb.delete_table(TableName=name)["TableDescription"]
        self.assertEqual((gone["TableName"], gone["TableStatus"]), (name, "DELETING"))
        self.ddb.get_waiter("table_not_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 2})
        with self.assertRaises(ClientError) as missing:
            self.ddb.describe_table(TableName=name)
        self.assertEqual(error_of(missing), ("ResourceNotFoundException",
                                             "Requested resource not found: Table: %s not found"
                                             % name))

    def test_conditional_put_returns_no_item_by_default(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "a"}})
        with self.assertRaises(ClientError) as failed:
            self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "a"}},
                              ConditionExpression="attribute_not_exists(itemKey)")
        self.assertEqual(error_of(failed),
                         ("ConditionalCheckFailedException", "The conditional request failed"))
        self.assertNotIn("Item", failed.exception.response)

    def test_conditional_failure_returns_old_item_when_asked(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "a"}, "v": {"N": "1"}})
        with self.assertRaises(ClientError) as failed:
            self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "a"}},
                              ConditionExpression="attribute_not_exists(itemKey)",
                              ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(failed.exception.response["Item"],
                         {"itemKey": {"S": "a"}, "v": {"N": "1"}})

    def test_regions_are_separate_namespaces(self):
        name = self.create_table()
        other = self.server.client(region="eu-west-1")
        self.assertNotIn(name, other.list_tables()["TableNames"])
        with self.assertRaises(ClientError) as missing:
            other.describe_table(TableName=name)
        self.assertEqual(error_of(missing)[0], "ResourceNotFoundException")
        # The same name can exist in both regions, each with its own ARN and items.
        self.create_table(name, client=other)
        self.assertEqual(other.describe_table(TableName=name)["Table"]["TableArn"],
                         "arn:aws:dynamodb:eu-west-1:%s:table/%s" % (ACCOUNT, name))
        other.put_item(TableName=name, Item={"itemKey": {"S": "only-eu"}})
        self.assertNotIn("Item", self.ddb.get_item(TableName=name,
                                                   Key={"itemKey": {"S": "only-eu"}}))


class ResourceApiTest(ServerTestCase):

    def test_resource_flow(self):
        dynamodb = self.server.resource()
        name = unique_name("res")
        table = dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "itemKey", "AttributeType": "S"},
                                  {"AttributeName": "seq", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "itemKey", "KeyType": "HASH"},
                       {"AttributeName": "seq", "KeyType": "RANGE"}])
        table.wait_until_exists()
        table.reload()  # the resource holds CreateTable's answer until reloaded
        self.assertEqual(table.table_status, "ACTIVE")

        table.put_item(Item={"itemKey": "a", "seq": 1, "name": "x", "price": Decimal("1.50"),
                             "flags": {"p", "q"}, "doc": {"list": [1, "two", None, True]}})
        item = table.get_item(Key={"itemKey": "a", "seq": 1})["Item"]
        self.assertEqual(item, {"itemKey": "a", "seq": Decimal(1), "name": "x",
                                "price": Decimal("1.5"), "flags": {"p", "q"},
                                "doc": {"list": [Decimal(1), "two", None, True]}})

        with table.batch_writer() as batch:
            for seq in range(2, 12):
                batch.put_item(Item={"itemKey": "a", "seq": seq, "even": seq % 2 == 0})
        result = table.query(KeyConditionExpression=Key("itemKey").eq("a") & Key("seq").between(3, 6))
        self.assertEqual([i["seq"] for i in result["Items"]], [3, 4, 5, 6])
        result = table.query(KeyConditionExpression=Key("itemKey").eq("a"),
                             FilterExpression=Attr("even").eq(True), ScanIndexForward=False)
        self.assertEqual([i["seq"] for i in result["Items"]], [10, 8, 6, 4, 2])
        self.assertEqual((result["Count"], result["ScannedCount"]), (5, 11))

        updated = table.update_item(Key={"itemKey": "a", "seq": 1},
                                    UpdateExpression="SET price = price + :d REMOVE flags",
                                    ExpressionAttributeValues={":d": Decimal("0.25")},
                                    ReturnValues="UPDATED_NEW")
        self.assertEqual(updated["Attributes"], {"price": Decimal("1.75")})
        scanned = table.scan(FilterExpression=Attr("name").exists())
        self.assertEqual(len(scanned["Items"]), 1)
        self.assertNotIn("flags", scanned["Items"][0])

        table.delete_item(Key={"itemKey": "a", "seq": 1})
        self.assertNotIn("Item", table.get_item(Key={"itemKey": "a", "seq": 1}))
        table.delete()
        table.wait_until_not_exists()


class BatchTest(ServerTestCase):
    """BatchWriteItem and BatchGetItem as boto3 drives them: everything is processed, so
    UnprocessedItems and UnprocessedKeys are always empty."""

    def test_batch_write_then_batch_get(self):
        name = self.create_table()
        other = self.create_table(hash_key=("id", "N"))
        written = self.ddb.batch_write_item(RequestItems={
            name: [{"PutRequest": {"Item": {"itemKey": {"S": "k%d" % i}, "v": {"N": str(i)}}}}
                   for i in range(20)],
            other: [{"PutRequest": {"Item": {"id": {"N": "7"}}}}]},
            ReturnConsumedCapacity="TOTAL")
        self.assertEqual(written["UnprocessedItems"], {})
        self.assertCountEqual(written["ConsumedCapacity"],
                              [{"TableName": name, "CapacityUnits": 20.0},
                               {"TableName": other, "CapacityUnits": 1.0}])
        self.ddb.batch_write_item(RequestItems={name: [
            {"DeleteRequest": {"Key": {"itemKey": {"S": "k0"}}}}]})
        got = self.ddb.batch_get_item(RequestItems={
            name: {"Keys": [{"itemKey": {"S": "k0"}}, {"itemKey": {"S": "k1"}},
                            {"itemKey": {"S": "k2"}}],
                   "ProjectionExpression": "#v", "ExpressionAttributeNames": {"#v": "v"}},
            other: {"Keys": [{"id": {"N": "7.0"}}], "ConsistentRead": True}})
        self.assertEqual(got["UnprocessedKeys"], {})
        self.assertCountEqual(got["Responses"][name], [{"v": {"N": "1"}}, {"v": {"N": "2"}}])
        self.assertEqual(got["Responses"][other], [{"id": {"N": "7"}}])

    def test_resource_batch_get(self):
        dynamodb = self.server.resource()
        name = self.create_table()
        with dynamodb.Table(name).batch_writer() as batch:
            for i in range(30):  # more than one request's worth: the writer sends 25, then 5
                batch.put_item(Item={"itemKey": "r%02d" % i, "n": i})
        got = dynamodb.batch_get_item(RequestItems={name: {"Keys": [{"itemKey": "r29"}]}})
        self.assertEqual(got["Responses"][name], [{"itemKey": "r29", "n": Decimal(29)}])
        self.assertEqual(self.ddb.scan(TableName=name, Select="COUNT")["Count"], 30)

    def test_batch_error_reaches_boto3(self):
        name = self.create_table()
        with self.assertRaises(ClientError) as failed:
            self.ddb.batch_write_item(RequestItems={name: [
                {"PutRequest": {"Item": {"itemKey": {"S": "same"}}}},
                {"PutRequest": {"Item": {"itemKey": {"S": "same"}}}}]})
        self.assertEqual(error_of(failed),
                         ("ValidationException", "Provided list of item keys contains duplicates"))


class NumberTest(ServerTestCase):
    """Numbers are exact decimals of up to 38 significant digits, returned in canonical form."""

    CASES = [
        ("1.50", "1.5"),
        ("0.10", "0.1"),
        ("-0", "0"),
        ("0.0", "0"),
        ("1E+2", "100"),
        ("1e2", "100"),
        ("-1.5e-3", "-0.0015"),
        ("0000012345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("-00001.23456789012345678901234567890123456780000",
         "-1.2345678901234567890123456789012345678"),
        ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999"),
        ("0009.99999999999999999999999999999999999990000e125", "9" * 38 + "0" * 88),
        ("-0009.99999999999999999999999999999999999990000e125", "-" + "9" * 38 + "0" * 88),
        ("0001.000e-130", "0." + "0" * 129 + "1"),
        ("-0001.000e-130", "-0." + "0" * 129 + "1"),
    ]

    def test_numbers_round_trip_in_canonical_form(self):
        name = self.create_table()
        item = {"itemKey": {"S": "n"}}
        item.update({"a%d" % i: {"N": given} for i, (given, _) in enumerate(self.CASES)})
        self.ddb.put_item(TableName=name, Item=item)
        got = self.ddb.get_item(TableName=name, Key={"itemKey": {"S": "n"}})["Item"]
        for i, (given, canonical) in enumerate(self.CASES):
            with self.subTest(given=given):
                self.assertEqual(got["a%d" % i], {"N": canonical})

    def test_number_sets_and_nested_numbers_are_canonical(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={
            "itemKey": {"S": "n"}, "ns": {"NS": ["1.50", "2"]},
            "m": {"M": {"x": {"N": "010"}}}, "l": {"L": [{"N": "1.0"}]}})
        got = self.ddb.get_item(TableName=name, Key={"itemKey": {"S": "n"}})["Item"]
        self.assertCountEqual(got["ns"]["NS"], ["1.5", "2"])
        self.assertEqual(got["m"], {"M": {"x": {"N": "10"}}})
        self.assertEqual(got["l"], {"L": [{"N": "1"}]})

    def test_arithmetic_is_exact(self):
        name = self.create_table()
        self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "n"},
                                                "v": {"N": "0.1"}, "big": {"N": "1" + "0" * 37}})
        result = self.ddb.update_item(
            TableName=name, Key={"itemKey": {"S": "n"}},
            UpdateExpression="SET v = v + :p2, big = big + :one",
            ExpressionAttributeValues={":p2": {"N": "0.2"}, ":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW")
        self.assertEqual(result["Attributes"], {"v": {"N": "0.3"},
                                                "big": {"N": "1" + "0" * 36 + "1"}})

    def test_number_keys_compare_by_value(self):
        name = self.create_table(hash_key=("id", "N"))
        self.ddb.put_item(TableName=name, Item={"id": {"N": "1.50"}, "v": {"S": "first"}})
        # 1.5 and 1.50 are the same key: the second put replaces the first.
        self.ddb.put_item(TableName=name, Item={"id": {"N": "15e-1"}, "v": {"S": "second"}})
        got = self.ddb.get_item(TableName=name, Key={"id": {"N": "1.5"}})
        self.assertEqual(got["Item"], {"id": {"N": "1.5"}, "v": {"S": "second"}})
        self.assertEqual(self.ddb.scan(TableName=name)["Count"], 1)

    def test_resource_api_decimal_round_trip(self):
        table = self.server.resource().Table(self.create_table())
        value = Decimal("-1234567890.1234567890123456789012345678")
        table.put_item(Item={"itemKey": "d", "v": value, "half": Decimal("1.50")})
        item = table.get_item(Key={"itemKey": "d"})["Item"]
        self.assertEqual(str(item["v"]), "-1234567890.1234567890123456789012345678")
        self.assertEqual(str(item["half"]), "1.5")


class QueryOrderAndPagingTest(ServerTestCase):

    SORT_VALUES = ["10", "9", "-1", "2.5", "100", "0", "-20.5", "1e3", "0.001", "-0.5"]

    def test_query_orders_numeric_sort_key_by_value(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        for value in self.SORT_VALUES:
            self.ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": value}})
        self.ddb.put_item(TableName=name, Item={"pk": {"S": "other"}, "sk": {"N": "5"}})
        expected = ["-20.5", "-1", "-0.5", "0", "0.001", "2.5", "9", "10", "100", "1000"]
        result = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                                ExpressionAttributeValues={":p": {"S": "p"}})
        self.assertEqual([i["sk"]["N"] for i in result["Items"]], expected)
        backwards = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                                   ExpressionAttributeValues={":p": {"S": "p"}},
                                   ScanIndexForward=False)
        self.assertEqual([i["sk"]["N"] for i in backwards["Items"]], expected[::-1])
        ranged = self.ddb.query(TableName=name,
                                KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
                                ExpressionAttributeValues={":p": {"S": "p"}, ":lo": {"N": "-1"},
                                                           ":hi": {"N": "10"}})
        self.assertEqual([i["sk"]["N"] for i in ranged["Items"]],
                         ["-1", "-0.5", "0", "0.001", "2.5", "9", "10"])
        greater = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p AND sk > :v",
                                 ExpressionAttributeValues={":p": {"S": "p"}, ":v": {"N": "9"}})
        self.assertEqual([i["sk"]["N"] for i in greater["Items"]], ["10", "100", "1000"])

    def test_query_orders_string_sort_key_bytewise(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "S"))
        values = ["b", "a", "B", "aa", "A", "é", "z", "0", "_"]
        for value in values:
            self.ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": value}})
        result = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                                ExpressionAttributeValues={":p": {"S": "p"}})
        self.assertEqual([i["sk"]["S"] for i in result["Items"]],
                         sorted(values, key=lambda s: s.encode("utf-8")))
        prefixed = self.ddb.query(TableName=name,
                                  KeyConditionExpression="pk = :p AND begins_with(sk, :a)",
                                  ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"S": "a"}})
        self.assertEqual([i["sk"]["S"] for i in prefixed["Items"]], ["a", "aa"])

    def test_query_paging_with_limit(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        for i in range(25):
            self.ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": str(i)},
                                                    "v": {"S": "x" * 10}})
        first = self.ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                               ExpressionAttributeValues={":p": {"S": "p"}}, Limit=4)
        self.assertEqual((first["Count"], first["ScannedCount"]), (4, 4))
        self.assertEqual(first["LastEvaluatedKey"], {"pk": {"S": "p"}, "sk": {"N": "3"}})

        pages = list(self.ddb.get_paginator("query").paginate(
            TableName=name, KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p"}}, PaginationConfig={"PageSize": 4}))
        self.assertEqual([len(p["Items"]) for p in pages], [4, 4, 4, 4, 4, 4, 1])
        self.assertEqual(["LastEvaluatedKey" in p for p in pages], [True] * 6 + [False])
        seen = [int(i["sk"]["N"]) for p in pages for i in p["Items"]]
        self.assertEqual(seen, list(range(25)))

    def test_limit_equal_to_remaining_items_ends_with_an_empty_page(self):
        name = self.create_table(hash_key=("pk", "S"), range_key=("sk", "N"))
        for i in range(4):
            self.ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": str(i)}})
        pages = list(self.ddb.get_paginator("query").paginate(
            TableName=name, KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p"}}, PaginationConfig={"PageSize": 2}))
        # DynamoDB stops when Limit is reached and cannot know nothing follows: the page that
        # fills the limit carries a LastEvaluatedKey, the next one is empty.
        self.assertEqual([len(p["Items"]) for p in pages], [2, 2, 0])

    def test_scan_paging_covers_every_item_once(self):
        name = self.create_table()
        keys = {"k%03d" % i for i in range(30)}
        for key in keys:
            self.ddb.put_item(TableName=name, Item={"itemKey": {"S": key}})
        pages = list(self.ddb.get_paginator("scan").paginate(
            TableName=name, PaginationConfig={"PageSize": 7}))
        self.assertEqual([len(p["Items"]) for p in pages], [7, 7, 7, 7, 2])
        seen = [i["itemKey"]["S"] for p in pages for i in p["Items"]]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), keys)
        for page in pages[:-1]:
            self.assertEqual(page["LastEvaluatedKey"], page["Items"][-1])

    def test_parallel_scan_segments_cover_every_item_once(self):
        name = self.create_table()
        keys = {"item-%d" % i for i in range(120)}
        for key in keys:
            self.ddb.put_item(TableName=name, Item={"itemKey": {"S": key}})
        for total in (1, 3, 4, 7):
            with self.subTest(total_segments=total):
                seen = []
                for segment in range(total):
                    for page in self.ddb.get_paginator("scan").paginate(
                            TableName=name, Segment=segment, TotalSegments=total,
                            PaginationConfig={"PageSize": 10}):
                        seen.extend(i["itemKey"]["S"] for i in page["Items"])
                self.assertEqual(len(seen), len(keys))
                self.assertEqual(set(seen), keys)
        # With enough items, every segment gets a share.
        counts = [self.ddb.scan(TableName=name, Segment=s, TotalSegments=4)["Count"]
                  for s in range(4)]
        self.assertEqual(sum(counts), 120)
        self.assertTrue(all(c > 0 for c in counts), counts)


class ReturnValuesTest(ServerTestCase):

    OLD = {"itemKey": {"S": "k"}, "a": {"N": "1"}, "b": {"S": "x"}, "c": {"L": [{"S": "keep"}]}}
    UPDATE = dict(UpdateExpression="SET a = a + :one, d = :d REMOVE b",
                  ExpressionAttributeValues={":one": {"N": "1"}, ":d": {"BOOL": True}})
    NEW = {"itemKey": {"S": "k"}, "a": {"N": "2"}, "c": {"L": [{"S": "keep"}]},
           "d": {"BOOL": True}}

    def update(self, return_values, seed=True):
        name = self.create_table()
        if seed:
            self.ddb.put_item(TableName=name, Item=self.OLD)
        kwargs = dict(self.UPDATE)
        if return_values is not None:
            kwargs["ReturnValues"] = return_values
        result = self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k"}}, **kwargs)
        stored = self.ddb.get_item(TableName=name, Key={"itemKey": {"S": "k"}})["Item"]
        return result, stored

    def test_default_and_none_return_nothing(self):
        for return_values in (None, "NONE"):
            with self.subTest(return_values=return_values):
                result, stored = self.update(return_values)
                self.assertNotIn("Attributes", result)
                self.assertEqual(stored, self.NEW)

    def test_all_old(self):
        result, _ = self.update("ALL_OLD")
        self.assertEqual(result["Attributes"], self.OLD)

    def test_updated_old_includes_removed_attributes(self):
        result, _ = self.update("UPDATED_OLD")
        # d did not exist before; b was removed, which counts as an update.
        self.assertEqual(result["Attributes"], {"a": {"N": "1"}, "b": {"S": "x"}})

    def test_all_new(self):
        result, _ = self.update("ALL_NEW")
        self.assertEqual(result["Attributes"], self.NEW)

    def test_updated_new(self):
        result, _ = self.update("UPDATED_NEW")
        self.assertEqual(result["Attributes"], {"a": {"N": "2"}, "d": {"BOOL": True}})

    def test_all_old_of_a_new_item_is_absent(self):
        name = self.create_table()
        result = self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "new"}},
                                      UpdateExpression="SET v = :v",
                                      ExpressionAttributeValues={":v": {"S": "x"}},
                                      ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", result)
        result = self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "new2"}},
                                      UpdateExpression="SET v = :v",
                                      ExpressionAttributeValues={":v": {"S": "x"}},
                                      ReturnValues="ALL_NEW")
        self.assertEqual(result["Attributes"], {"itemKey": {"S": "new2"}, "v": {"S": "x"}})

    def test_put_and_delete_return_old_item(self):
        name = self.create_table()
        first = self.ddb.put_item(TableName=name, Item=self.OLD, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", first)
        second = self.ddb.put_item(TableName=name, Item={"itemKey": {"S": "k"}},
                                   ReturnValues="ALL_OLD")
        self.assertEqual(second["Attributes"], self.OLD)
        deleted = self.ddb.delete_item(TableName=name, Key={"itemKey": {"S": "k"}},
                                       ReturnValues="ALL_OLD")
        self.assertEqual(deleted["Attributes"], {"itemKey": {"S": "k"}})
        again = self.ddb.delete_item(TableName=name, Key={"itemKey": {"S": "k"}},
                                     ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", again)

    def test_invalid_return_values_enum(self):
        name = self.create_table()
        with self.assertRaises(ClientError) as bad:
            self.ddb.update_item(TableName=name, Key={"itemKey": {"S": "k"}},
                                 ReturnValues="DOG", **self.UPDATE)
        # The enum order is AWS's own (dynalite test/updateItem.js, recorded against AWS).
        self.assertEqual(error_of(bad), (
            "ValidationException",
            "1 validation error detected: Value 'DOG' at 'returnValues' failed to satisfy "
            "constraint: Member must satisfy enum value set: "
            "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"))


class PersistenceTest(unittest.TestCase):
    """An acknowledged write survives a clean stop and a crash (SIGKILL) of the process."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamstack-data-")
        self.server = Server(os.path.join(self.dir, "data.db")).start()
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.addCleanup(self.server.close)

    def put_items(self, client, name, count, tag):
        for i in range(count):
            client.put_item(TableName=name, Item={"itemKey": {"S": "%s-%d" % (tag, i)},
                                                  "n": {"N": str(i)}, "tag": {"S": tag}})

    def assertItems(self, client, name, count, tag):
        for i in range(count):
            got = client.get_item(TableName=name, Key={"itemKey": {"S": "%s-%d" % (tag, i)}})
            self.assertEqual(got.get("Item"), {"itemKey": {"S": "%s-%d" % (tag, i)},
                                               "n": {"N": str(i)}, "tag": {"S": tag}})

    def create(self, client):
        name = unique_name("durable")
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "itemKey",
                                                   "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "itemKey", "KeyType": "HASH"}])
        return name

    def test_items_survive_a_clean_restart(self):
        client = self.server.client()
        name = self.create(client)
        self.put_items(client, name, 50, "clean")
        client.delete_item(TableName=name, Key={"itemKey": {"S": "clean-0"}})
        self.assertEqual(self.server.stop(signal.SIGTERM), 0)
        self.server.start()
        client = self.server.client()
        table = client.describe_table(TableName=name)["Table"]
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertNotIn("Item", client.get_item(TableName=name,
                                                 Key={"itemKey": {"S": "clean-0"}}))
        for i in range(1, 50):
            got = client.get_item(TableName=name, Key={"itemKey": {"S": "clean-%d" % i}})
            self.assertEqual(got["Item"]["n"], {"N": str(i)})
        self.assertEqual(client.scan(TableName=name)["Count"], 49)

    def test_acknowledged_writes_survive_sigkill(self):
        client = self.server.client()
        name = self.create(client)
        self.put_items(client, name, 100, "crash")
        client.update_item(TableName=name, Key={"itemKey": {"S": "crash-99"}},
                           UpdateExpression="SET n = :n",
                           ExpressionAttributeValues={":n": {"N": "-1"}})
        self.server.kill()  # right after the last acknowledged write
        self.server.start()
        client = self.server.client()
        self.assertItems(client, name, 99, "crash")
        last = client.get_item(TableName=name, Key={"itemKey": {"S": "crash-99"}})["Item"]
        self.assertEqual(last["n"], {"N": "-1"})
        self.assertIn(name, client.list_tables()["TableNames"])

    def test_repeated_crashes_lose_nothing(self):
        client = self.server.client()
        name = self.create(client)
        for round_ in range(3):
            self.put_items(client, name, 20, "round%d" % round_)
            self.server.restart(signal.SIGKILL)
            client = self.server.client()
        for round_ in range(3):
            self.assertItems(client, name, 20, "round%d" % round_)
        self.assertEqual(client.scan(TableName=name)["Count"], 60)


if __name__ == "__main__":
    unittest.main()
