"""TransactWriteItems and TransactGetItems through boto3, the AWS CLI and the AWS SDK for
JavaScript v3: all or nothing across tables (streamed or not), with stream and Kinesis
destination records only for a transaction that committed; CancellationReasons in action order;
ClientRequestToken replays; and transfers from several clients at once that conserve a total."""

import json
import threading
import unittest

from botocore.exceptions import ClientError

import harness
from harness import FastDynamoDb, unique_name
from transaction_support import ChangeRecordsTestCase, n, run_js, s

CANCELED = "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]"


def transfer(table, account, delta):
    """Adds `delta` to the account's balance, on condition that the balance stays at 0 or more."""
    return {"Update": {"TableName": table, "Key": {"id": s(account)},
                       "UpdateExpression": "SET balance = balance + :d",
                       "ConditionExpression": "balance >= :floor",
                       "ExpressionAttributeValues": {":d": n(delta), ":floor": n(-delta)}}}


class TransactionsTest(ChangeRecordsTestCase):

    def test_a_transaction_across_a_streamed_and_an_unstreamed_table_commits_with_its_records(self):
        streamed = self.create_table()
        plain = self.create_table(stream=False, destination=False)
        self.ddb.put_item(TableName=streamed, Item={"id": s("a"), "balance": n(10)})
        answer = self.ddb.transact_write_items(TransactItems=[
            transfer(streamed, "a", -4),
            {"Put": {"TableName": plain, "Item": {"id": s("b"), "balance": n(4)}}},
        ], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(answer["ConsumedCapacity"], [
            {"TableName": streamed, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
            {"TableName": plain, "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}])
        self.assertEqual(self.ddb.get_item(TableName=plain, Key={"id": s("b")})["Item"],
                         {"id": s("b"), "balance": n(4)})
        records = self.stream_records(streamed)
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY"])
        self.assertEqual(records[1]["dynamodb"]["NewImage"], {"id": s("a"), "balance": n(6)})
        self.assertEqual(records[1]["dynamodb"]["OldImage"], {"id": s("a"), "balance": n(10)})
        changes = self.destination_records(streamed)
        self.assertEqual([c["eventName"] for c in changes], ["INSERT", "MODIFY"])
        self.assertEqual(changes[1]["dynamodb"]["NewImage"], {"id": s("a"), "balance": n(6)})

    def test_a_failed_condition_changes_no_item_and_writes_no_record(self):
        table = self.create_table()
        plain = self.create_table(stream=False, destination=False)
        self.ddb.put_item(TableName=table, Item={"id": s("a"), "balance": n(1)})
        failing = transfer(table, "a", -5)
        failing["Update"]["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        with self.assertRaises(ClientError) as caught:
            self.ddb.transact_write_items(TransactItems=[
                failing,
                {"Put": {"TableName": table, "Item": {"id": s("new")}}},
                {"Put": {"TableName": plain, "Item": {"id": s("new")}}},
            ])
        response = caught.exception.response
        self.assertEqual(response["Error"], {"Code": "TransactionCanceledException",
                                             "Message": CANCELED % "ConditionalCheckFailed, None, None"})
        self.assertEqual(response["CancellationReasons"], [
            {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
             "Item": {"id": s("a"), "balance": n(1)}},
            {"Code": "None"}, {"Code": "None"}])
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.ddb.scan(TableName=table)["Items"], [{"id": s("a"), "balance": n(1)}])
        self.assertEqual(self.ddb.scan(TableName=plain)["Items"], [])
        self.assertEqual([r["eventName"] for r in self.stream_records(table)], ["INSERT"])
        self.assertEqual([c["eventName"] for c in self.destination_records(table)], ["INSERT"])

    def test_the_wire_error_is_awss_body(self):
        table = self.create_table(stream=False, destination=False)
        response = self.server.raw("TransactWriteItems", {"TransactItems": [
            {"ConditionCheck": {"TableName": table, "Key": {"id": s("x")},
                                "ConditionExpression": "attribute_exists(id)"}}]})
        self.assertEqual(response.status, 400)
        self.assertEqual(response.body, {
            "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            "Message": CANCELED % "ConditionalCheckFailed",
            "CancellationReasons": [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}]})
        self.assertTrue(response.crc32_ok())

    def test_validation_errors_in_awss_words(self):
        table = self.create_table(stream=False, destination=False)
        cases = [
            ({"TransactItems": []}, "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
                                    "constraint: Member must have length greater than or equal to 1"),
            ({"TransactItems": [{"Put": {"TableName": table, "Item": {"id": s("d")}}},
                                {"Delete": {"TableName": table, "Key": {"id": s("d")}}}]},
             "Transaction request cannot include multiple operations on one item"),
            ({"TransactItems": [{"Put": {"TableName": table, "Item": {"id": s("d")}},
                                 "Delete": {"TableName": table, "Key": {"id": s("d")}}}]},
             "TransactItems can only contain one of Check, Put, Update or Delete"),
            ({"TransactItems": [{"Put": {"TableName": table, "Item": {"id": s("")}}}]},
             "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
             "an empty string value. Key: id"),
            ({"TransactItems": [{"Put": {"TableName": table, "Item": {"id": s("x")},
                                         "ConditionExpression": "attribute_not_exists(#n0)",
                                         "ExpressionAttributeNames": {"#n0": "id"},
                                         "ExpressionAttributeValues": {}}}]},
             "ExpressionAttributeValues must not be empty"),
        ]
        for body, message in cases:
            with self.subTest(message=message):
                self.assertAwsError(self.server.raw("TransactWriteItems", body), 400,
                                    "com.amazon.coral.validate#ValidationException", message)
        self.assertAwsError(
            self.server.raw("TransactWriteItems", {"TransactItems": [
                {"Put": {"TableName": unique_name("missing"), "Item": {"id": s("x")}}}]}),
            400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found")
        many = [{"Put": {"TableName": table, "Item": {"id": s(str(i))}}} for i in range(101)]
        response = self.server.raw("TransactWriteItems", {"TransactItems": many})
        self.assertEqual(response.status, 400)
        self.assertRegex(response.body["message"],
                         r"^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy "
                         r"constraint: Member must have length less than or equal to 100$")
        self.assertEqual(self.ddb.scan(TableName=table)["Items"], [])

    def test_a_repeated_client_request_token_answers_again_without_a_second_record(self):
        table = self.create_table()
        self.ddb.put_item(TableName=table, Item={"id": s("a"), "balance": n(10)})
        items = [transfer(table, "a", -1)]
        first = self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="retry-1")
        again = self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="retry-1")
        self.assertEqual((first.keys() - {"ResponseMetadata"}, again.keys() - {"ResponseMetadata"}), (set(), set()))
        self.assertEqual(self.ddb.get_item(TableName=table, Key={"id": s("a")})["Item"]["balance"], n(9))
        self.assertEqual([r["eventName"] for r in self.stream_records(table)], ["INSERT", "MODIFY"])
        self.assertEqual(len(self.destination_records(table)), 2)
        with self.assertRaises(ClientError) as caught:
            self.ddb.transact_write_items(TransactItems=[transfer(table, "a", -2)], ClientRequestToken="retry-1")
        self.assertEqual(caught.exception.response["Error"], {
            "Code": "IdempotentParameterMismatchException",
            "Message": "Specified idempotent token was used with different request parameters within the "
                       "idempotency window"})
        # Ten minutes later (the clock moved, nobody waits) the token names a new transaction.
        self.assertEqual(self.clock({"advanceSeconds": 601})[0], 200)
        self.ddb.transact_write_items(TransactItems=items, ClientRequestToken="retry-1")
        self.assertEqual(self.ddb.get_item(TableName=table, Key={"id": s("a")})["Item"]["balance"], n(8))

    def test_transact_get_items_reads_each_item_in_order(self):
        table = self.create_table(range_key=("sk", "S"), stream=False, destination=False)
        self.ddb.put_item(TableName=table, Item={"id": s("a"), "sk": s("1"), "v": n(1), "w": n(2)})
        answer = self.ddb.transact_get_items(TransactItems=[
            {"Get": {"TableName": table, "Key": {"id": s("a"), "sk": s("1")}, "ProjectionExpression": "v"}},
            {"Get": {"TableName": table, "Key": {"id": s("a"), "sk": s("2")}}},
        ], ReturnConsumedCapacity="TOTAL")
        self.assertEqual(answer["Responses"], [{"Item": {"v": n(1)}}, {}])
        self.assertEqual(answer["ConsumedCapacity"],
                         [{"TableName": table, "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}])

    def test_transfers_from_several_clients_at_once_conserve_the_total(self):
        table = self.create_table(destination=False)
        accounts = ["acct%d" % i for i in range(4)]
        for account in accounts:
            self.ddb.put_item(TableName=table, Item={"id": s(account), "balance": n(100)})
        outcomes = {"committed": 0, "cancelled": 0, "other": []}
        lock = threading.Lock()

        def client(index):
            fast = FastDynamoDb(self.server.port)
            try:
                for i in range(300):
                    source = accounts[(index + i) % len(accounts)]
                    target = accounts[(index + i + 1 + i % 3) % len(accounts)]
                    amount = 1 + (i * 13 + index) % 70
                    status, body = fast.call("TransactWriteItems", {"TransactItems": [
                        transfer(table, source, -amount), transfer(table, target, amount)]})
                    with lock:
                        if status == 200:
                            outcomes["committed"] += 1
                        elif body.get("__type", "").endswith("#TransactionCanceledException"):
                            outcomes["cancelled"] += 1
                        else:
                            outcomes["other"].append((status, body))
            finally:
                fast.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(outcomes["other"], [])
        self.assertEqual(outcomes["committed"] + outcomes["cancelled"], 1200)
        self.assertGreater(outcomes["committed"], 0)
        balances = [int(item["balance"]["N"]) for item in self.ddb.scan(TableName=table)["Items"]]
        self.assertEqual(sum(balances), 400)
        self.assertTrue(all(b >= 0 for b in balances), balances)

    def test_the_cli_writes_and_reads_a_transaction(self):
        table = self.create_table(stream=False, destination=False)
        items = [{"Put": {"TableName": table, "Item": {"id": s("cli"), "v": n(1)}}}]
        result = self.server.aws("dynamodb", "transact-write-items", "--transact-items", json.dumps(items), check=True)
        self.assertEqual(result.json, None)
        got = self.server.aws("dynamodb", "transact-get-items", "--transact-items",
                              json.dumps([{"Get": {"TableName": table, "Key": {"id": s("cli")}}}]), check=True)
        self.assertEqual(got.json, {"Responses": [{"Item": {"id": s("cli"), "v": n(1)}}]})
        check = [{"ConditionCheck": {"TableName": table, "Key": {"id": s("cli")},
                                     "ConditionExpression": "attribute_not_exists(id)"}}]
        failed = self.server.aws("dynamodb", "transact-write-items", "--transact-items", json.dumps(check))
        self.assertEqual(failed.rc, harness.cli_error_exit_code())
        self.assertIn("An error occurred (TransactionCanceledException) when calling the TransactWriteItems "
                      "operation: " + CANCELED % "ConditionalCheckFailed", failed.stderr)

    def test_the_javascript_sdk_sees_the_cancellation_reasons(self):
        table = self.create_table(stream=False, destination=False)
        put = {"Put": {"TableName": table, "Item": {"id": s("js")}, "ConditionExpression": "attribute_not_exists(id)"}}
        results = run_js(self.server, [
            {"command": "TransactWriteItems", "input": {"TransactItems": [put]}},
            {"command": "TransactWriteItems", "input": {"TransactItems": [put]}},
            {"command": "TransactGetItems", "input": {"TransactItems": [
                {"Get": {"TableName": table, "Key": {"id": s("js")}}}]}},
        ])
        self.assertEqual(results[0], {"output": {}})
        self.assertEqual(results[1], {"error": {
            "name": "TransactionCanceledException", "message": CANCELED % "ConditionalCheckFailed",
            "CancellationReasons": [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}],
            "status": 400}})
        self.assertEqual(results[2], {"output": {"Responses": [{"Item": {"id": s("js")}}]}})


if __name__ == "__main__":
    unittest.main()
