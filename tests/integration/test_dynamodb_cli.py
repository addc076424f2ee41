"""The table/item flow through the AWS CLI, as a user types it, with AWS's exact answers."""

import json
import re
import time
import unittest

from harness import ACCOUNT, REGION, ServerTestCase, cli_error_exit_code, unique_name

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
KEY_SCHEMA = [{"AttributeName": "itemKey", "KeyType": "HASH"}]
ATTRIBUTE_DEFINITIONS = [{"AttributeName": "itemKey", "AttributeType": "S"}]


def paged(result):
    """The CLI's auto-pagination adds "ConsumedCapacity": null to Query/Scan output when the
    service sent none; drop that client-side artifact before comparing."""
    output = dict(result.json)
    if output.get("ConsumedCapacity", "absent") is None:
        del output["ConsumedCapacity"]
    return output


def arn(name):
    return "arn:aws:dynamodb:%s:%s:table/%s" % (REGION, ACCOUNT, name)


class DynamoDbCliTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.error_rc = cli_error_exit_code()

    def aws(self, *args, **kw):
        return self.server.aws(*args, **kw)

    def cli_create(self, name):
        return self.aws("dynamodb", "create-table", "--table-name", name,
                        "--attribute-definitions", "AttributeName=itemKey,AttributeType=S",
                        "--key-schema", "AttributeName=itemKey,KeyType=HASH",
                        "--billing-mode", "PAY_PER_REQUEST")

    def put(self, name, item):
        self.aws("dynamodb", "put-item", "--table-name", name, "--item", json.dumps(item), check=True)

    def assertCliError(self, result, code, operation, message):
        self.assertEqual(result.rc, self.error_rc, result)
        self.assertEqual(result.stdout, "", result)
        self.assertIn("An error occurred (%s) when calling the %s operation: %s"
                      % (code, operation, message), result.stderr)

    def assertTableDescription(self, description, name, status):
        self.assertEqual(description["TableName"], name)
        self.assertEqual(description["TableStatus"], status)
        self.assertEqual(description["KeySchema"], KEY_SCHEMA)
        self.assertEqual(description["AttributeDefinitions"], ATTRIBUTE_DEFINITIONS)
        self.assertEqual(description["TableArn"], arn(name))
        self.assertRegex(description["TableId"], UUID)
        self.assertEqual(description["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        # On-demand tables report zero provisioned capacity.
        self.assertEqual(description["ProvisionedThroughput"],
                         {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0,
                          "WriteCapacityUnits": 0})
        self.assertEqual(description["DeletionProtectionEnabled"], False)
        created = description["CreationDateTime"]
        # CLI v1 prints the wire value (epoch seconds); CLI v2 an ISO-8601 string.
        if isinstance(created, (int, float)):
            self.assertLess(abs(created - time.time()), 300)
        else:
            self.assertIsInstance(created, str)

    def test_create_table_answers_like_aws(self):
        name = unique_name("cli-create")
        result = self.cli_create(name)
        self.assertEqual(result.rc, 0, result)
        description = result.json["TableDescription"]
        # AWS answers CreateTable with CREATING; the table is ACTIVE by the next call here.
        self.assertTableDescription(description, name, "CREATING")
        self.assertEqual(description["ItemCount"], 0)
        self.assertEqual(description["TableSizeBytes"], 0)

    def test_create_existing_table_fails(self):
        name = unique_name("cli-dup")
        self.assertEqual(self.cli_create(name).rc, 0)
        result = self.cli_create(name)
        self.assertCliError(result, "ResourceInUseException", "CreateTable",
                            "Table already exists: %s" % name)

    def test_list_tables_includes_new_tables_in_order(self):
        names = sorted(unique_name("cli-list") for _ in range(3))
        for name in reversed(names):
            self.assertEqual(self.cli_create(name).rc, 0)
        result = self.aws("dynamodb", "list-tables")
        self.assertEqual(result.rc, 0, result)
        listed = result.json["TableNames"]
        self.assertEqual(listed, sorted(listed))
        for name in names:
            self.assertIn(name, listed)
        self.assertEqual(set(result.json), {"TableNames"})

    def test_describe_table(self):
        name = unique_name("cli-describe")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.put(name, {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}})
        result = self.aws("dynamodb", "describe-table", "--table-name", name)
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(set(result.json), {"Table"})
        table = result.json["Table"]
        self.assertTableDescription(table, name, "ACTIVE")
        # ItemCount and TableSizeBytes are refreshed about every six hours on AWS; a fresh table
        # may report 0 or the live count, never anything else.
        self.assertIn(table["ItemCount"], (0, 1))

    def test_describe_missing_table(self):
        name = unique_name("cli-missing")
        result = self.aws("dynamodb", "describe-table", "--table-name", name)
        self.assertCliError(result, "ResourceNotFoundException", "DescribeTable",
                            "Requested resource not found: Table: %s not found" % name)

    def test_wait_table_exists_returns_at_once(self):
        name = unique_name("cli-wait")
        self.assertEqual(self.cli_create(name).rc, 0)
        started = time.monotonic()
        result = self.aws("dynamodb", "wait", "table-exists", "--table-name", name)
        elapsed = time.monotonic() - started
        self.assertEqual(result.rc, 0, result)
        # The waiter polls every 20 s: anything but an ACTIVE first answer takes 20 s or more.
        self.assertLess(elapsed, 15.0)

    def test_put_and_get_item(self):
        name = unique_name("cli-item")
        self.assertEqual(self.cli_create(name).rc, 0)
        item = {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}, "age": {"N": "30"},
                "tags": {"SS": ["a", "b"]}, "nested": {"M": {"n": {"N": "1.50"}}}}
        put = self.aws("dynamodb", "put-item", "--table-name", name, "--item", json.dumps(item))
        self.assertEqual((put.rc, put.stdout.strip()), (0, ""), put)
        got = self.aws("dynamodb", "get-item", "--table-name", name,
                       "--key", '{"itemKey": {"S": "k1"}}')
        self.assertEqual(got.rc, 0, got)
        expected = dict(item, nested={"M": {"n": {"N": "1.5"}}})
        self.assertEqual(got.json, {"Item": expected})

    def test_get_missing_item_prints_nothing(self):
        name = unique_name("cli-noitem")
        self.assertEqual(self.cli_create(name).rc, 0)
        got = self.aws("dynamodb", "get-item", "--table-name", name,
                       "--key", '{"itemKey": {"S": "nope"}}')
        self.assertEqual((got.rc, got.stdout.strip()), (0, ""), got)

    def test_update_item_with_condition(self):
        name = unique_name("cli-update")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.put(name, {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}})
        result = self.aws(
            "dynamodb", "update-item", "--table-name", name, "--key", '{"itemKey": {"S": "k1"}}',
            "--update-expression", "SET #n = :n, visits = if_not_exists(visits, :zero) + :one",
            "--condition-expression", "attribute_exists(itemKey) AND #n = :old",
            "--expression-attribute-names", '{"#n": "name"}',
            "--expression-attribute-values",
            '{":n": {"S": "Bob"}, ":old": {"S": "Alice"}, ":zero": {"N": "0"}, ":one": {"N": "1"}}',
            "--return-values", "ALL_NEW")
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(result.json, {"Attributes": {
            "itemKey": {"S": "k1"}, "name": {"S": "Bob"}, "visits": {"N": "1"}}})

    def test_update_item_condition_fails(self):
        name = unique_name("cli-ccf")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.put(name, {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}})
        result = self.aws(
            "dynamodb", "update-item", "--table-name", name, "--key", '{"itemKey": {"S": "k1"}}',
            "--update-expression", "SET #n = :n",
            "--condition-expression", "#n = :old",
            "--expression-attribute-names", '{"#n": "name"}',
            "--expression-attribute-values", '{":n": {"S": "Bob"}, ":old": {"S": "Carol"}}')
        self.assertCliError(result, "ConditionalCheckFailedException", "UpdateItem",
                            "The conditional request failed")
        got = self.aws("dynamodb", "get-item", "--table-name", name,
                       "--key", '{"itemKey": {"S": "k1"}}', check=True)
        self.assertEqual(got.json, {"Item": {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}}})

    def test_update_item_reserved_word_needs_a_name_placeholder(self):
        name = unique_name("cli-reserved")
        self.assertEqual(self.cli_create(name).rc, 0)
        result = self.aws(
            "dynamodb", "update-item", "--table-name", name, "--key", '{"itemKey": {"S": "k1"}}',
            "--update-expression", "SET name = :n",
            "--expression-attribute-values", '{":n": {"S": "Bob"}}')
        self.assertCliError(result, "ValidationException", "UpdateItem",
                            "Invalid UpdateExpression: Attribute name is a reserved keyword; "
                            "reserved keyword: name")

    def test_query(self):
        name = unique_name("cli-query")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.put(name, {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}})
        self.put(name, {"itemKey": {"S": "k2"}, "name": {"S": "Bob"}})
        result = self.aws("dynamodb", "query", "--table-name", name,
                          "--key-condition-expression", "itemKey = :k",
                          "--expression-attribute-values", '{":k": {"S": "k2"}}')
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(paged(result), {
            "Items": [{"itemKey": {"S": "k2"}, "name": {"S": "Bob"}}],
            "Count": 1, "ScannedCount": 1})

    def test_query_missing_key_condition_element(self):
        name = unique_name("cli-query-bad")
        self.assertEqual(self.cli_create(name).rc, 0)
        result = self.aws("dynamodb", "query", "--table-name", name,
                          "--key-condition-expression", "#n = :k",
                          "--expression-attribute-names", '{"#n": "name"}',
                          "--expression-attribute-values", '{":k": {"S": "k2"}}')
        self.assertCliError(result, "ValidationException", "Query",
                            "Query condition missed key schema element: itemKey")

    def test_scan(self):
        name = unique_name("cli-scan")
        self.assertEqual(self.cli_create(name).rc, 0)
        items = [{"itemKey": {"S": "k%d" % i}, "n": {"N": str(i)}} for i in range(5)]
        for item in items:
            self.put(name, item)
        result = self.aws("dynamodb", "scan", "--table-name", name)
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(set(paged(result)), {"Items", "Count", "ScannedCount"})
        self.assertEqual((result.json["Count"], result.json["ScannedCount"]), (5, 5))
        self.assertCountEqual(result.json["Items"], items)
        filtered = self.aws("dynamodb", "scan", "--table-name", name,
                            "--filter-expression", "n >= :two",
                            "--expression-attribute-values", '{":two": {"N": "2"}}')
        self.assertEqual(filtered.rc, 0, filtered)
        self.assertEqual((filtered.json["Count"], filtered.json["ScannedCount"]), (3, 5))
        self.assertCountEqual(filtered.json["Items"], items[2:])

    def test_delete_item(self):
        name = unique_name("cli-delitem")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.put(name, {"itemKey": {"S": "k1"}, "name": {"S": "Alice"}})
        result = self.aws("dynamodb", "delete-item", "--table-name", name,
                          "--key", '{"itemKey": {"S": "k1"}}', "--return-values", "ALL_OLD")
        self.assertEqual(result.rc, 0, result)
        self.assertEqual(result.json, {"Attributes": {"itemKey": {"S": "k1"},
                                                      "name": {"S": "Alice"}}})
        got = self.aws("dynamodb", "get-item", "--table-name", name,
                       "--key", '{"itemKey": {"S": "k1"}}', check=True)
        self.assertEqual(got.stdout.strip(), "")

    def test_delete_table(self):
        name = unique_name("cli-deltable")
        self.assertEqual(self.cli_create(name).rc, 0)
        result = self.aws("dynamodb", "delete-table", "--table-name", name)
        self.assertEqual(result.rc, 0, result)
        description = result.json["TableDescription"]
        self.assertEqual(description["TableName"], name)
        self.assertEqual(description["TableStatus"], "DELETING")
        self.assertEqual(description["TableArn"], arn(name))
        started = time.monotonic()
        waited = self.aws("dynamodb", "wait", "table-not-exists", "--table-name", name)
        self.assertEqual(waited.rc, 0, waited)
        self.assertLess(time.monotonic() - started, 15.0)
        again = self.aws("dynamodb", "delete-table", "--table-name", name)
        self.assertCliError(again, "ResourceNotFoundException", "DeleteTable",
                            "Requested resource not found: Table: %s not found" % name)
        listed = self.aws("dynamodb", "list-tables", check=True)
        self.assertNotIn(name, listed.json["TableNames"])

    def test_item_operation_on_missing_table(self):
        result = self.aws("dynamodb", "get-item", "--table-name", unique_name("cli-none"),
                          "--key", '{"itemKey": {"S": "k1"}}')
        self.assertCliError(result, "ResourceNotFoundException", "GetItem",
                            "Requested resource not found")

    def test_bad_items_get_aws_messages(self):
        name = unique_name("cli-bad")
        self.assertEqual(self.cli_create(name).rc, 0)
        invalid = "One or more parameter values were invalid: "
        cases = [
            ({"itemKey": {"S": "k"}, "n": {"N": "1" * 39}},
             "Attempting to store more than 38 significant digits in a Number"),
            ({"itemKey": {"S": "k"}, "s": {"SS": []}}, invalid + "An string set  may not be empty"),
            ({"itemKey": {"S": "k"}, "s": {"SS": ["a", "a"]}},
             invalid + "Input collection [a, a] contains duplicates."),
            ({"other": {"S": "k"}}, invalid + "Missing the key itemKey in the item"),
            ({"itemKey": {"N": "1"}}, invalid + "Type mismatch for key itemKey expected: S actual: N"),
        ]
        for item, message in cases:
            with self.subTest(item=item):
                result = self.aws("dynamodb", "put-item", "--table-name", name,
                                  "--item", json.dumps(item))
                self.assertCliError(result, "ValidationException", "PutItem", message)
        unused = self.aws("dynamodb", "update-item", "--table-name", name,
                          "--key", '{"itemKey": {"S": "k"}}', "--update-expression", "SET a = :a",
                          "--expression-attribute-values",
                          '{":a": {"S": "x"}, ":unused": {"S": "y"}}')
        self.assertCliError(unused, "ValidationException", "UpdateItem",
                            "Value provided in ExpressionAttributeValues unused in expressions: "
                            "keys: {:unused}")
        twice = {"PutRequest": {"Item": {"itemKey": {"S": "same"}}}}
        batch = self.aws("dynamodb", "batch-write-item",
                         "--request-items", json.dumps({name: [twice, twice]}))
        self.assertCliError(batch, "ValidationException", "BatchWriteItem",
                            "Provided list of item keys contains duplicates")
        self.assertEqual(self.aws("dynamodb", "scan", "--table-name", name,
                                  check=True).json["Count"], 0)

    def test_batch_write_and_get(self):
        name = unique_name("cli-batch")
        self.assertEqual(self.cli_create(name).rc, 0)
        requests = [{"PutRequest": {"Item": {"itemKey": {"S": "b%d" % i}}}} for i in range(3)]
        written = self.aws("dynamodb", "batch-write-item",
                           "--request-items", json.dumps({name: requests}), check=True)
        self.assertEqual(written.json, {"UnprocessedItems": {}})
        got = self.aws("dynamodb", "batch-get-item", "--request-items",
                       json.dumps({name: {"Keys": [{"itemKey": {"S": "b1"}}]}}), check=True)
        self.assertEqual(got.json, {"Responses": {name: [{"itemKey": {"S": "b1"}}]},
                                    "UnprocessedKeys": {}})

    def test_whole_flow(self):
        """The issue's flow end to end: create, list, describe, put, get, update (ok and failed
        condition), query, scan, delete item, delete table."""
        name = unique_name("cli-flow")
        self.assertEqual(self.cli_create(name).rc, 0)
        self.assertEqual(self.aws("dynamodb", "wait", "table-exists", "--table-name", name).rc, 0)
        self.assertIn(name, self.aws("dynamodb", "list-tables", check=True).json["TableNames"])
        table = self.aws("dynamodb", "describe-table", "--table-name", name, check=True).json
        self.assertEqual(table["Table"]["TableStatus"], "ACTIVE")
        self.put(name, {"itemKey": {"S": "demo"}, "name": {"S": "first"}})
        got = self.aws("dynamodb", "get-item", "--table-name", name,
                       "--key", '{"itemKey": {"S": "demo"}}', check=True)
        self.assertEqual(got.json, {"Item": {"itemKey": {"S": "demo"}, "name": {"S": "first"}}})
        update = ["dynamodb", "update-item", "--table-name", name,
                  "--key", '{"itemKey": {"S": "demo"}}', "--update-expression", "SET #n = :n",
                  "--condition-expression", "#n = :old",
                  "--expression-attribute-names", '{"#n": "name"}']
        ok = self.aws(*update, "--expression-attribute-values",
                      '{":n": {"S": "second"}, ":old": {"S": "first"}}',
                      "--return-values", "UPDATED_NEW")
        self.assertEqual((ok.rc, ok.json), (0, {"Attributes": {"name": {"S": "second"}}}), ok)
        failed = self.aws(*update, "--expression-attribute-values",
                          '{":n": {"S": "third"}, ":old": {"S": "first"}}')
        self.assertCliError(failed, "ConditionalCheckFailedException", "UpdateItem",
                            "The conditional request failed")
        queried = self.aws("dynamodb", "query", "--table-name", name,
                           "--key-condition-expression", "itemKey = :k",
                           "--expression-attribute-values", '{":k": {"S": "demo"}}', check=True)
        self.assertEqual(queried.json["Items"], [{"itemKey": {"S": "demo"},
                                                   "name": {"S": "second"}}])
        scanned = self.aws("dynamodb", "scan", "--table-name", name, check=True)
        self.assertEqual(scanned.json["Count"], 1)
        self.aws("dynamodb", "delete-item", "--table-name", name,
                 "--key", '{"itemKey": {"S": "demo"}}', check=True)
        self.assertEqual(self.aws("dynamodb", "scan", "--table-name", name,
                                  check=True).json["Count"], 0)
        self.assertEqual(self.aws("dynamodb", "delete-table", "--table-name", name).rc, 0)


if __name__ == "__main__":
    unittest.main()
