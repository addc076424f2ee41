"""Bad requests get DynamoDB's exact answer: HTTP status, `__type` and message, byte for byte.

Where the texts come from: architect/dynalite's test/*.js (its suite runs against real AWS:
connection.js, helpers.js, putItem.js, getItem.js, updateItem.js, describeTable.js) and
scylladb's test/alternator/*.py. Where they disagree, the newer AWS behaviour wins and the
test says so.
"""

import json
import re
import select
import socket
import unittest

from botocore.exceptions import ClientError

from harness import DYNAMODB_REQUEST_ID, JSON_10, ServerTestCase, unique_name

SERIALIZATION = "com.amazon.coral.service#SerializationException"
UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException"
MISSING_TOKEN = "com.amazon.coral.service#MissingAuthenticationTokenException"
INCOMPLETE_SIGNATURE = "com.amazon.coral.service#IncompleteSignatureException"
VALIDATION = "com.amazon.coral.validate#ValidationException"
NOT_FOUND = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
IN_USE = "com.amazonaws.dynamodb.v20120810#ResourceInUseException"
CONDITIONAL = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"

INVALID = "One or more parameter values were invalid: "
KEY_MISMATCH = "The provided key element does not match the schema"
MAX_BODY = 16 * 1024 * 1024
MAX_ITEM = 400 * 1024


class ErrorTestCase(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = unique_name("errors")
        cls.range_table = unique_name("errors-range")
        for name, keys in ((cls.table, [("itemKey", "S", "HASH")]),
                           (cls.range_table, [("pk", "S", "HASH"), ("sk", "N", "RANGE")])):
            cls.ddb.create_table(
                TableName=name, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t, _ in keys],
                KeySchema=[{"AttributeName": n, "KeyType": k} for n, _, k in keys])

    def call(self, operation, body, **kw):
        return self.server.raw(operation, body, **kw)

    def assertValidation(self, operation, body, message):
        self.assertAwsError(self.call(operation, body), 400, VALIDATION, message)

    def assertSerialization(self, operation, body, message):
        # SerializationException carries its text under "Message" (capital M), unlike every
        # other DynamoDB error (dynalite test/helpers.js assertSerialization).
        self.assertAwsError(self.call(operation, body), 400, SERIALIZATION, message,
                            message_key="Message")

    def assertConstraintErrors(self, response, pieces):
        """AWS lists constraint failures in no fixed order: compare them as a set."""
        self.assertEqual(response.status, 400, response)
        self.assertEqual(set(response.body), {"__type", "message"}, response)
        self.assertEqual(response.body["__type"], VALIDATION)
        prefix = "%d validation error%s detected: " % (len(pieces), "" if len(pieces) == 1 else "s")
        message = response.body["message"]
        self.assertTrue(message.startswith(prefix), message)
        self.assertCountEqual(message[len(prefix):].split("; "), pieces)

    def item(self, key="k1", **attrs):
        item = {"itemKey": {"S": key}}
        item.update(attrs)
        return item

    def put(self, item):
        response = self.call("PutItem", {"TableName": self.table, "Item": item})
        self.assertEqual(response.status, 200, response)

    def get(self, key):
        response = self.call("GetItem", {"TableName": self.table, "Key": {"itemKey": {"S": key}}})
        self.assertEqual(response.status, 200, response)
        return response.body.get("Item")


class ProtocolErrorsTest(ErrorTestCase):
    """The request layer: JSON, target, authentication. Bodies and CRCs from dynalite's
    test/connection.js, recorded against AWS."""

    def test_malformed_json(self):
        response = self.call("PutItem", None, raw_body='{"TableName": ')
        self.assertAwsError(response, 400, SERIALIZATION)
        self.assertEqual(response.headers["x-amz-crc32"], "3948637019")
        self.assertEqual(response.headers["content-type"], JSON_10)

    def test_malformed_json_is_reported_before_authentication(self):
        response = self.call("ListTables", None, raw_body="hi", sign=False)
        self.assertAwsError(response, 400, SERIALIZATION)

    def test_empty_body(self):
        self.assertAwsError(self.call("ListTables", None, raw_body=""), 400, SERIALIZATION)

    def test_json_that_is_not_an_object(self):
        # Inferred, not recorded: AWS's decoder answers a JSON array where a structure is
        # expected with "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.
        # <Shape>" (dynalite test/helpers.js, ValueStruct/FieldStruct); the request itself is
        # the operation's input structure.
        response = self.call("PutItem", None, raw_body="[]")
        self.assertAwsError(response, 400, SERIALIZATION,
                            "Unrecognized collection type class "
                            "com.amazonaws.dynamodb.v20120810.PutItemInput", message_key="Message")

    def test_unknown_operation(self):
        response = self.call(None, {}, target="DynamoDB_20120810.ListTable")
        self.assertAwsError(response, 400, UNKNOWN_OPERATION)
        self.assertEqual(response.headers["x-amz-crc32"], "1368724161")

    def test_unknown_target_prefix(self):
        self.assertAwsError(self.call(None, {}, target="whatever"), 400, UNKNOWN_OPERATION)

    def test_unknown_operation_is_reported_before_authentication(self):
        response = self.call(None, {}, target="DynamoDB_20120810.ListTable", sign=False)
        self.assertAwsError(response, 400, UNKNOWN_OPERATION)

    def test_missing_authorization(self):
        response = self.call("ListTables", {}, sign=False)
        self.assertAwsError(response, 400, MISSING_TOKEN, "Request is missing Authentication Token")
        self.assertEqual(response.headers["x-amz-crc32"], "2088342776")

    def test_authorization_that_is_not_sigv4(self):
        response = self.call("ListTables", {}, sign=False, headers={"Authorization": "AWS4"})
        self.assertAwsError(response, 400, MISSING_TOKEN, "Request is missing Authentication Token")

    def test_incomplete_authorization(self):
        response = self.call("ListTables", {}, sign=False, headers={"Authorization": "AWS4-"})
        self.assertAwsError(response, 400, INCOMPLETE_SIGNATURE,
                            "Authorization header requires 'Credential' parameter. "
                            "Authorization header requires 'Signature' parameter. "
                            "Authorization header requires 'SignedHeaders' parameter. "
                            "Authorization header requires existence of either a 'X-Amz-Date' or "
                            "a 'Date' header. Authorization=AWS4-")
        self.assertEqual(response.headers["x-amz-crc32"], "1828866742")

    def test_authorization_without_signed_headers(self):
        auth = "AWS4- Signature=b, Credential=a"
        response = self.call("ListTables", {}, sign=False,
                             headers={"Authorization": auth, "Date": "a"})
        self.assertAwsError(response, 400, INCOMPLETE_SIGNATURE,
                            "Authorization header requires 'SignedHeaders' parameter. "
                            "Authorization=" + auth)
        self.assertEqual(response.headers["x-amz-crc32"], "164353342")

    def test_authorization_parameters_separated_by_spaces(self):
        auth = "AWS4- Signature=b Credential=a"
        response = self.call("ListTables", {}, sign=False,
                             headers={"Authorization": auth, "Date": "a"})
        self.assertAwsError(response, 400, INCOMPLETE_SIGNATURE,
                            "Authorization header requires 'SignedHeaders' parameter. "
                            "Authorization=" + auth)
        self.assertEqual(response.headers["x-amz-crc32"], "15336762")

    def test_not_a_post(self):
        response = self.server.raw(None, None, method="PUT", sign=False, content_type=None)
        self.assertEqual((response.status, response.raw), (404, b"<UnknownOperationException/>\n"))
        self.assertEqual(response.headers["x-amz-crc32"], "3552371480")

    def test_application_json_is_answered_as_application_json(self):
        response = self.call("ListTables", None, raw_body="hi", content_type="application/json")
        self.assertAwsError(response, 400, SERIALIZATION)
        self.assertEqual(response.headers["content-type"], "application/json")


class SerializationErrorsTest(ErrorTestCase):
    """Wrong JSON types: AWS's type-conversion texts (dynalite test/helpers.js assertType, the
    version recorded in 2025)."""

    def test_table_name_is_a_number(self):
        self.assertSerialization("PutItem", {"TableName": 5, "Item": self.item()},
                                 "NUMBER_VALUE cannot be converted to String")

    def test_table_name_is_a_decimal(self):
        self.assertSerialization("GetItem", {"TableName": 34.56, "Key": self.item()},
                                 "DECIMAL_VALUE cannot be converted to String")

    def test_table_name_is_a_boolean(self):
        self.assertSerialization("DescribeTable", {"TableName": True},
                                 "TRUE_VALUE cannot be converted to String")

    def test_item_is_a_string(self):
        self.assertSerialization("PutItem", {"TableName": self.table, "Item": "x"},
                                 "Unexpected field type")

    def test_key_is_a_list(self):
        self.assertSerialization("GetItem", {"TableName": self.table, "Key": []},
                                 "Unrecognized collection type java.util.Map<java.lang.String, "
                                 "com.amazonaws.dynamodb.v20120810.AttributeValue>")

    def test_limit_is_a_string(self):
        self.assertSerialization("Scan", {"TableName": self.table, "Limit": "a"},
                                 "STRING_VALUE cannot be converted to Integer")

    def test_consistent_read_is_a_number(self):
        self.assertSerialization("GetItem", {"TableName": self.table, "Key": self.item(),
                                             "ConsistentRead": 5},
                                 "NUMBER_VALUE cannot be converted to Boolean")

    def test_string_attribute_is_a_number(self):
        self.assertSerialization("PutItem", {"TableName": self.table,
                                             "Item": {"itemKey": {"S": 5}}},
                                 "NUMBER_VALUE cannot be converted to String")

    def test_attribute_value_is_a_string(self):
        self.assertSerialization("PutItem", {"TableName": self.table,
                                             "Item": {"itemKey": {"S": "k"}, "a": "x"}},
                                 "Unexpected value type in payload")


class ConstraintErrorsTest(ErrorTestCase):
    """Model constraints: "N validation error(s) detected: Value ... at 'member' failed to
    satisfy constraint: ..." (dynalite test/putItem.js, getItem.js, updateItem.js)."""

    def test_missing_required_members(self):
        self.assertConstraintErrors(self.call("PutItem", {}), [
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null",
            "Value null at 'item' failed to satisfy constraint: Member must not be null"])

    def test_table_name_too_short(self):
        self.assertValidation("GetItem", {"TableName": "ab", "Key": self.item()},
                              "1 validation error detected: Value 'ab' at 'tableName' failed to "
                              "satisfy constraint: Member must have length greater than or equal "
                              "to 3")

    def test_table_name_with_bad_characters(self):
        self.assertValidation("GetItem", {"TableName": "abc;", "Key": self.item()},
                              "1 validation error detected: Value 'abc;' at 'tableName' failed to "
                              "satisfy constraint: Member must satisfy regular expression pattern: "
                              "[a-zA-Z0-9_.-]+")

    def test_table_name_too_long(self):
        name = "a" * 256
        self.assertValidation("PutItem", {"TableName": name, "Item": self.item()},
                              "1 validation error detected: Value '%s' at 'tableName' failed to "
                              "satisfy constraint: Member must have length less than or equal to "
                              "255" % name)

    def test_table_name_short_and_bad(self):
        self.assertConstraintErrors(self.call("GetItem", {"TableName": "a;", "Key": self.item()}), [
            "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z0-9_.-]+",
            "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length "
            "greater than or equal to 3"])

    def test_describe_table_name_too_short(self):
        # DescribeTable words the length check its own way (dynalite test/describeTable.js).
        self.assertValidation("DescribeTable", {"TableName": "ab"},
                              "TableName must be at least 3 characters long and at most 255 "
                              "characters long")

    def test_limit_zero(self):
        self.assertValidation("Scan", {"TableName": self.table, "Limit": 0},
                              "1 validation error detected: Value '0' at 'limit' failed to "
                              "satisfy constraint: Member must have value greater than or equal "
                              "to 1")

    def test_return_values_not_in_enum(self):
        self.assertValidation("UpdateItem", {"TableName": self.table, "Key": self.item(),
                                             "ReturnValues": "BOGUS"},
                              "1 validation error detected: Value 'BOGUS' at 'returnValues' "
                              "failed to satisfy constraint: Member must satisfy enum value set: "
                              "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")

    def test_put_item_return_values_all_new(self):
        self.assertValidation("PutItem", {"TableName": self.table, "Item": self.item(),
                                          "ReturnValues": "ALL_NEW"},
                              "ReturnValues can only be ALL_OLD or NONE")

    def test_segment_without_total_segments(self):
        # dynalite test/scan.js.
        self.assertValidation("Scan", {"TableName": self.table, "Segment": 1},
                              "The TotalSegments parameter is required but was not present in "
                              "the request when Segment parameter is present")

    def test_segment_not_below_total_segments(self):
        self.assertValidation("Scan", {"TableName": self.table, "Segment": 2, "TotalSegments": 2},
                              "The Segment parameter is zero-based and must be less than "
                              "parameter TotalSegments: Segment: 2 is not less than "
                              "TotalSegments: 2")


class KeyAndTableErrorsTest(ErrorTestCase):

    def test_missing_key_attribute_in_item(self):
        self.assertValidation("PutItem", {"TableName": self.table,
                                          "Item": {"other": {"S": "x"}}},
                              INVALID + "Missing the key itemKey in the item")

    def test_wrong_key_type_in_item(self):
        self.assertValidation("PutItem", {"TableName": self.table,
                                          "Item": {"itemKey": {"N": "1"}}},
                              INVALID + "Type mismatch for key itemKey expected: S actual: N")

    def test_missing_key_attribute_in_key(self):
        self.assertValidation("GetItem", {"TableName": self.table, "Key": {}}, KEY_MISMATCH)

    def test_wrong_key_type_in_key(self):
        self.assertValidation("GetItem", {"TableName": self.table,
                                          "Key": {"itemKey": {"N": "1"}}}, KEY_MISMATCH)

    def test_extra_attribute_in_key(self):
        self.assertValidation("DeleteItem", {"TableName": self.table,
                                             "Key": {"itemKey": {"S": "a"}, "x": {"S": "b"}}},
                              KEY_MISMATCH)

    def test_missing_range_key_in_key(self):
        self.assertValidation("GetItem", {"TableName": self.range_table,
                                          "Key": {"pk": {"S": "a"}}}, KEY_MISMATCH)

    def test_empty_string_key(self):
        # Empty strings are allowed since 2020, except in keys (dynalite test/putItem.js).
        self.assertValidation("PutItem", {"TableName": self.table,
                                          "Item": {"itemKey": {"S": ""}}},
                              "One or more parameter values are not valid. The AttributeValue for "
                              "a key attribute cannot contain an empty string value. Key: itemKey")

    def test_item_operation_on_missing_table(self):
        self.assertAwsError(self.call("PutItem", {"TableName": unique_name("none"),
                                                  "Item": self.item()}),
                            400, NOT_FOUND, "Requested resource not found")

    def test_query_on_missing_table(self):
        self.assertAwsError(self.call("Query", {"TableName": unique_name("none"),
                                                "KeyConditionExpression": "itemKey = :k",
                                                "ExpressionAttributeValues": {":k": {"S": "a"}}}),
                            400, NOT_FOUND, "Requested resource not found")

    def test_describe_missing_table(self):
        name = unique_name("none")
        self.assertAwsError(self.call("DescribeTable", {"TableName": name}), 400, NOT_FOUND,
                            "Requested resource not found: Table: %s not found" % name)

    def test_delete_missing_table(self):
        name = unique_name("none")
        self.assertAwsError(self.call("DeleteTable", {"TableName": name}), 400, NOT_FOUND,
                            "Requested resource not found: Table: %s not found" % name)

    def test_create_existing_table(self):
        response = self.call("CreateTable", {
            "TableName": self.table, "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "itemKey", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "itemKey", "KeyType": "HASH"}]})
        self.assertAwsError(response, 400, IN_USE, "Table already exists: %s" % self.table)

    def test_malformed_request_naming_a_missing_table_is_a_validation_error(self):
        # Input is validated before the table is looked up.
        self.assertValidation("PutItem", {"TableName": unique_name("none"),
                                          "Item": {"itemKey": {"S": "a", "N": "1"}}},
                              "Supplied AttributeValue has more than one datatypes set, must "
                              "contain exactly one of the supported datatypes")

    def test_query_condition_on_a_non_key_attribute(self):
        self.assertValidation("Query", {"TableName": self.table,
                                        "KeyConditionExpression": "#n = :v",
                                        "ExpressionAttributeNames": {"#n": "name"},
                                        "ExpressionAttributeValues": {":v": {"S": "a"}}},
                              "Query condition missed key schema element: itemKey")

    def test_boto3_sees_code_and_message(self):
        with self.assertRaises(ClientError) as missing:
            self.ddb.get_item(TableName=unique_name("none"), Key=self.item())
        error = missing.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]),
                         ("ResourceNotFoundException", "Requested resource not found"))
        with self.assertRaises(ClientError) as mismatch:
            self.ddb.get_item(TableName=self.table, Key={"itemKey": {"N": "1"}})
        error = mismatch.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]), ("ValidationException", KEY_MISMATCH))
        self.assertEqual(mismatch.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)


class ExpressionErrorsTest(ErrorTestCase):
    """Expression texts: syntax errors name the token and the text from the token before it to
    the token after it (dynalite test/updateItem.js; AWS answers quoted in public issues)."""

    def update(self, expression, names=None, values=None, condition=None):
        body = {"TableName": self.table, "Key": self.item(), "UpdateExpression": expression}
        if names is not None:
            body["ExpressionAttributeNames"] = names
        if values is not None:
            body["ExpressionAttributeValues"] = values
        if condition is not None:
            body["ConditionExpression"] = condition
        return self.call("UpdateItem", body)

    def assertUpdateError(self, message, expression, names=None, values=None, condition=None):
        self.assertAwsError(self.update(expression, names, values, condition), 400, VALIDATION,
                            message)

    def test_syntax_error_at_end(self):
        self.assertUpdateError('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "a"',
                               "SET a")

    def test_syntax_error_in_the_middle(self):
        self.assertUpdateError('Invalid UpdateExpression: Syntax error; token: ":w", near: ":v :w"',
                               "SET a = :v :w", values={":v": {"S": "x"}, ":w": {"S": "y"}})

    def test_syntax_error_in_condition(self):
        self.assertUpdateError('Invalid ConditionExpression: Syntax error; token: "=", '
                               'near: "= = :v"',
                               "SET a = :v", values={":v": {"S": "x"}}, condition="a = = :v")

    def test_empty_update_expression(self):
        self.assertUpdateError("Invalid UpdateExpression: The expression can not be empty;", "")

    def test_undefined_attribute_name(self):
        self.assertUpdateError("Invalid UpdateExpression: An expression attribute name used in "
                               "the document path is not defined; attribute name: #x",
                               "SET #x = :v", values={":v": {"S": "x"}})

    def test_undefined_attribute_value(self):
        self.assertUpdateError("Invalid UpdateExpression: An expression attribute value used in "
                               "expression is not defined; attribute value: :nope",
                               "SET a = :nope")

    def test_undefined_attribute_value_in_condition(self):
        self.assertAwsError(self.call("PutItem", {"TableName": self.table, "Item": self.item(),
                                                  "ConditionExpression": "a = :x"}),
                            400, VALIDATION,
                            "Invalid ConditionExpression: An expression attribute value used in "
                            "expression is not defined; attribute value: :x")

    def test_unused_attribute_name(self):
        self.assertUpdateError("Value provided in ExpressionAttributeNames unused in expressions: "
                               "keys: {#unused}",
                               "SET a = :v", names={"#unused": "x"}, values={":v": {"S": "x"}})

    def test_unused_attribute_value(self):
        self.assertUpdateError("Value provided in ExpressionAttributeValues unused in "
                               "expressions: keys: {:extra}",
                               "SET a = :v", values={":v": {"S": "x"}, ":extra": {"S": "y"}})

    def test_empty_expression_attribute_values(self):
        self.assertUpdateError("ExpressionAttributeValues must not be empty", "SET a = b",
                               values={})

    def test_reserved_word(self):
        self.assertUpdateError("Invalid UpdateExpression: Attribute name is a reserved keyword; "
                               "reserved keyword: name",
                               "SET name = :v", values={":v": {"S": "x"}})

    def test_update_of_key_attribute(self):
        self.assertUpdateError(INVALID + "Cannot update attribute itemKey. This attribute is part "
                               "of the key", "SET itemKey = :v", values={":v": {"S": "x"}})

    def test_invalid_function(self):
        self.assertUpdateError("Invalid UpdateExpression: Invalid function name; function: "
                               "if_not_exist",
                               "SET a = if_not_exist(a, :v)", values={":v": {"S": "x"}})


class AttributeValueErrorsTest(ErrorTestCase):
    """AttributeValue checks (dynalite test/putItem.js, updateItem.js)."""

    def assertItemError(self, attribute, message):
        self.assertValidation("PutItem", {"TableName": self.table,
                                          "Item": self.item(a=attribute)}, message)

    def test_39_significant_digits(self):
        self.assertItemError({"N": "123456789012345678901234567890123456789"},
                             "Attempting to store more than 38 significant digits in a Number")

    def test_39_significant_digits_after_the_point(self):
        self.assertItemError({"N": "-1.23456789012345678901234567890123456789"},
                             "Attempting to store more than 38 significant digits in a Number")

    def test_number_overflow(self):
        self.assertItemError({"N": "1e126"}, "Number overflow. Attempting to store a number with "
                                             "magnitude larger than supported range")

    def test_number_underflow(self):
        self.assertItemError({"N": "-1e-131"}, "Number underflow. Attempting to store a number "
                                               "with magnitude smaller than supported range")

    def test_not_a_number(self):
        self.assertItemError({"N": "b"}, "The parameter cannot be converted to a numeric value: b")

    def test_item_over_400_kb(self):
        # 400 KB counts attribute names and values: "a" + 409600 bytes is one byte too many.
        self.assertItemError({"S": "x" * (MAX_ITEM - len("itemKey") - len("k1"))},
                             "Item size has exceeded the maximum allowed size")

    def test_item_of_exactly_400_kb_is_accepted(self):
        item = self.item("exact", a={"S": "x" * (MAX_ITEM - len("itemKey") - len("exact") - 1)})
        response = self.call("PutItem", {"TableName": self.table, "Item": item})
        self.assertEqual((response.status, response.body), (200, {}), response)

    def test_empty_string_set(self):
        self.assertItemError({"SS": []}, INVALID + "An string set  may not be empty")

    def test_duplicate_set_members(self):
        self.assertItemError({"SS": ["a", "a"]}, INVALID + "Input collection [a, a] contains "
                                                           "duplicates.")

    def test_empty_attribute_value(self):
        self.assertItemError({}, "Supplied AttributeValue is empty, must contain exactly one of "
                                 "the supported datatypes")

    def test_two_datatypes(self):
        self.assertItemError({"S": "a", "BOOL": True},
                             "Supplied AttributeValue has more than one datatypes set, must "
                             "contain exactly one of the supported datatypes")

    def test_null_false(self):
        self.assertItemError({"NULL": False},
                             INVALID + "Null attribute value types must have the value of true")

    def test_invalid_value_in_expression_attribute_values(self):
        self.assertValidation("UpdateItem", {
            "TableName": self.table, "Key": self.item(), "UpdateExpression": "SET a = :b",
            "ExpressionAttributeValues": {":b": {"SS": []}}},
            "ExpressionAttributeValues contains invalid value: " + INVALID +
            "An string set  may not be empty for key :b")


class BatchErrorsTest(ErrorTestCase):
    """BatchWriteItem and BatchGetItem (dynalite test/batchWriteItem.js, batchGetItem.js, run
    against AWS; the over-25 answer as the conformance captures record it)."""

    def write(self, request_items, **extra):
        body = {"RequestItems": request_items}
        body.update(extra)
        return self.call("BatchWriteItem", body)

    def put_request(self, key, **attrs):
        return {"PutRequest": {"Item": self.item(key, **attrs)}}

    def test_missing_request_items(self):
        self.assertValidation("BatchWriteItem", {},
                              "1 validation error detected: Value null at 'requestItems' failed "
                              "to satisfy constraint: Member must not be null")

    def test_empty_request_items(self):
        self.assertValidation("BatchGetItem", {"RequestItems": {}},
                              "1 validation error detected: Value '{}' at 'requestItems' failed "
                              "to satisfy constraint: Member must have length greater than or "
                              "equal to 1")

    def test_more_than_25_writes_to_one_table(self):
        requests = [self.put_request("k%d" % i) for i in range(26)]
        response = self.write({self.table: requests})
        self.assertEqual(response.status, 400, response)
        self.assertEqual(response.body["__type"], VALIDATION)
        self.assertRegex(response.body["message"],
                         r"^1 validation error detected: Value '\{%s=\[.+\]\}' at "
                         r"'requestItems' failed to satisfy constraint: Map value must satisfy "
                         r"constraint: \[Member must have length less than or equal to 25, "
                         r"Member must have length greater than or equal to 1\]$"
                         % re.escape(self.table))

    def test_more_than_25_writes_in_all(self):
        response = self.write({self.table: [self.put_request("k%d" % i) for i in range(13)],
                               self.range_table: [{"PutRequest": {"Item": {
                                   "pk": {"S": "p"}, "sk": {"N": str(i)}}}} for i in range(13)]})
        self.assertAwsError(response, 400, VALIDATION,
                            "Too many items requested for the BatchWriteItem call")

    def test_short_table_name(self):
        response = self.write({"ab": [self.put_request("k")]})
        self.assertEqual(response.status, 400, response)
        self.assertRegex(response.body["message"],
                         r"^1 validation error detected: Value '\{ab=.+\}' at 'requestItems' "
                         r"failed to satisfy constraint: Map keys must satisfy constraint: "
                         r"\[Member must have length less than or equal to 255, Member must "
                         r"have length greater than or equal to 3, Member must satisfy regular "
                         r"expression pattern: \[a-zA-Z0-9_.-\]\+\]$")

    def test_request_with_neither_put_nor_delete(self):
        self.assertAwsError(self.write({self.table: [{}]}), 400, VALIDATION,
                            "Supplied AttributeValue has more than one datatypes set, must "
                            "contain exactly one of the supported datatypes")

    def test_put_and_delete_of_one_key(self):
        self.assertAwsError(self.write({self.table: [
            self.put_request("dup"), {"DeleteRequest": {"Key": self.item("dup")}}]}),
            400, VALIDATION, "Provided list of item keys contains duplicates")
        self.assertIsNone(self.get("dup"))

    def test_put_missing_range_key(self):
        self.assertAwsError(self.write({self.range_table: [
            {"PutRequest": {"Item": {"pk": {"S": "p"}}}}]}),
            400, VALIDATION, KEY_MISMATCH)

    def test_put_with_an_empty_set(self):
        self.assertAwsError(self.write({self.table: [self.put_request("k", s={"NS": []})]}),
                            400, VALIDATION, INVALID + "An number set  may not be empty")

    def test_write_to_a_missing_table_writes_nothing(self):
        response = self.write({self.table: [self.put_request("batch-none")],
                               unique_name("none"): [self.put_request("x")]})
        self.assertAwsError(response, 400, NOT_FOUND, "Requested resource not found")
        self.assertIsNone(self.get("batch-none"))

    def test_get_of_one_key_twice(self):
        self.assertValidation("BatchGetItem",
                              {"RequestItems": {self.table: {"Keys": [self.item("k"),
                                                                      self.item("k")]}}},
                              "Provided list of item keys contains duplicates")

    def test_get_of_more_than_100_keys_in_all(self):
        self.assertValidation("BatchGetItem", {"RequestItems": {
            self.table: {"Keys": [self.item("k%d" % i) for i in range(60)]},
            self.range_table: {"Keys": [{"pk": {"S": "p"}, "sk": {"N": str(i)}}
                                        for i in range(41)]}}},
            "Too many items requested for the BatchGetItem call")

    def test_get_with_wrong_key_type(self):
        self.assertValidation("BatchGetItem",
                              {"RequestItems": {self.table: {"Keys": [{"itemKey": {"N": "1"}}]}}},
                              KEY_MISMATCH)


class NothingChangesOnErrorTest(ErrorTestCase):

    def test_bad_requests_leave_the_item_unchanged(self):
        biggest = "9.9999999999999999999999999999999999999E+125"
        original = self.item("keep", v={"N": "1"}, s={"SS": ["a"]}, w={"N": biggest})
        self.put(original)
        original["w"] = {"N": "9" * 38 + "0" * 88}
        bad = [
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "SET v = :v SET"}),
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "SET v = :v, itemKey = :k",
                            "ExpressionAttributeValues": {":v": {"N": "2"}, ":k": {"S": "x"}}}),
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "SET w = w + w"}),
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "SET big = :big",
                            "ExpressionAttributeValues": {":big": {"S": "x" * MAX_ITEM}}}),
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "SET v = :v", "ConditionExpression": "v = :two",
                            "ExpressionAttributeValues": {":v": {"N": "3"}, ":two": {"N": "2"}}}),
            ("UpdateItem", {"TableName": self.table, "Key": self.item("keep"),
                            "UpdateExpression": "ADD s :n",
                            "ExpressionAttributeValues": {":n": {"N": "1"}}}),
            ("PutItem", {"TableName": self.table,
                         "Item": self.item("keep", v={"N": "1" * 39})}),
            ("PutItem", {"TableName": self.table,
                         "Item": self.item("keep", big={"S": "x" * MAX_ITEM})}),
            ("PutItem", {"TableName": self.table, "Item": self.item("keep"),
                         "ConditionExpression": "attribute_not_exists(itemKey)"}),
            ("DeleteItem", {"TableName": self.table, "Key": self.item("keep"),
                            "ConditionExpression": "v = :two",
                            "ExpressionAttributeValues": {":two": {"N": "2"}}}),
            ("DeleteItem", {"TableName": self.table, "Key": self.item("keep"),
                            "ConditionExpression": "v = "}),
        ]
        for operation, body in bad:
            with self.subTest(operation=operation, body=json.dumps(body)[:120]):
                response = self.call(operation, body)
                self.assertEqual(response.status, 400, response)
                self.assertEqual(self.get("keep"), original)

    def test_failed_create_table_creates_nothing(self):
        name = unique_name("halfmade")
        response = self.call("CreateTable", {
            "TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "itemKey", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "missing", "KeyType": "HASH"}]})
        self.assertAwsError(response, 400, VALIDATION,
                            INVALID + "Some index key attributes are not defined in "
                            "AttributeDefinitions. Keys: [missing], AttributeDefinitions: [itemKey]")
        self.assertNotIn(name, self.ddb.list_tables()["TableNames"])


class HeadersTest(ErrorTestCase):
    """x-amzn-RequestId on every answer; x-amz-crc32 = CRC32 of the exact body bytes."""

    def assertHeaders(self, response):
        self.assertIn("x-amzn-requestid", response.headers)
        self.assertTrue(response.headers["x-amzn-requestid"])
        self.assertIn("x-amz-crc32", response.headers)
        self.assertTrue(response.crc32_ok(), (response.headers["x-amz-crc32"], response.raw))
        self.assertEqual(response.headers["content-length"], str(len(response.raw)))

    def test_success_headers(self):
        response = self.call("ListTables", {})
        self.assertEqual(response.status, 200, response)
        self.assertHeaders(response)
        self.assertEqual(response.headers["content-type"], JSON_10)

    def test_error_headers(self):
        response = self.call("GetItem", {"TableName": unique_name("none"), "Key": self.item()})
        self.assertEqual(response.status, 400)
        self.assertHeaders(response)
        self.assertEqual(response.headers["content-type"], JSON_10)

    def test_request_id_has_aws_form_and_is_unique(self):
        ids = {self.call("ListTables", {}).headers["x-amzn-requestid"] for _ in range(5)}
        self.assertEqual(len(ids), 5)
        for request_id in ids:
            self.assertRegex(request_id, DYNAMODB_REQUEST_ID)

    def test_crc_of_unicode_and_large_bodies(self):
        self.put(self.item("unicode", s={"S": "héllo \u2603 \U0001F600 \"quoted\" \\"},
                           big={"S": "y" * 200000}))
        response = self.call("GetItem", {"TableName": self.table, "Key": self.item("unicode")})
        self.assertEqual(response.status, 200, response)
        self.assertHeaders(response)
        self.assertEqual(response.body["Item"]["s"]["S"], "héllo \u2603 \U0001F600 \"quoted\" \\")
        self.assertEqual(response.body["Item"]["big"]["S"], "y" * 200000)

    def test_boto3_accepts_the_crc(self):
        # botocore checks x-amz-crc32 for DynamoDB and raises on a mismatch.
        self.ddb.put_item(TableName=self.table, Item=self.item("crc", v={"S": "ü" * 1000}))
        got = self.ddb.get_item(TableName=self.table, Key=self.item("crc"))
        self.assertEqual(got["Item"]["v"]["S"], "ü" * 1000)


class HttpEdgeTest(ErrorTestCase):

    def send_large(self, size):
        """POSTs `size` bytes; returns (status, raw response). Stops sending once the server has
        answered, so an early 413 is read rather than lost in a reset."""
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=60)
        try:
            head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n"
                    "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: %d\r\n\r\n"
                    % (JSON_10, size)).encode()
            sock.sendall(head)
            chunk = b"a" * 65536
            sent = 0
            try:
                while sent < size:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        break
                    piece = chunk[:min(len(chunk), size - sent)]
                    sock.sendall(piece)
                    sent += len(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    more = sock.recv(65536)
                    if not more:
                        break
                    data += more
            except ConnectionResetError:
                pass
            status_line = data.split(b"\r\n", 1)[0]
            self.assertTrue(status_line.startswith(b"HTTP/1.1 "), data[:200])
            return int(status_line.split()[1]), data
        finally:
            sock.close()

    def test_body_over_16_mb_is_413(self):
        status, _ = self.send_large(MAX_BODY + 1)
        self.assertEqual(status, 413)

    def test_body_of_16_mb_is_read(self):
        status, data = self.send_large(MAX_BODY)
        self.assertEqual(status, 400, data[:300])
        self.assertIn(SERIALIZATION.encode(), data)

    def test_get_root_is_dynamodb_health_check(self):
        response = self.server.raw(None, None, method="GET", sign=False, content_type=None)
        self.assertEqual(response.status, 200)
        # AWS's own text ends with a space (dynalite test/connection.js, recorded in 2025).
        self.assertEqual(response.raw, b"healthy: dynamodb.us-east-1.amazonaws.com ")
        self.assertIn("x-amzn-requestid", response.headers)
        self.assertTrue(response.crc32_ok(), response.headers)

    def test_streamstack_health(self):
        response = self.server.raw(None, None, method="GET", path="/_streamstack/health",
                                   sign=False, content_type=None)
        self.assertEqual(response.status, 200)
        self.assertTrue(response.headers["content-type"].startswith("application/json"))
        self.assertIsInstance(response.body, dict)
        self.assertIn("dynamodb", response.body["services"])

    def test_cors_preflight(self):
        response = self.server.raw(None, None, method="OPTIONS", sign=False, content_type=None,
                                   headers={"Origin": "http://example.com",
                                            "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers":
                                                "content-type, x-amz-target"})
        self.assertEqual((response.status, response.raw), (200, b""))
        self.assertEqual(response.headers["access-control-allow-origin"], "*")
        self.assertEqual(response.headers["access-control-allow-methods"], "POST")
        self.assertEqual(response.headers["access-control-allow-headers"],
                         "content-type, x-amz-target")
        self.assertEqual(response.headers["access-control-max-age"], "172800")
        self.assertEqual(response.headers["content-length"], "0")
        self.assertIn("x-amzn-requestid", response.headers)

    def test_cors_header_on_a_regular_request(self):
        response = self.call("ListTables", {}, headers={"Origin": "http://example.com"})
        self.assertEqual(response.status, 200, response)
        self.assertEqual(response.headers["access-control-allow-origin"], "*")

    def test_startup_line(self):
        self.assertIn("streamstack listening on http://127.0.0.1:%d" % self.server.port,
                      self.server.stdout())


if __name__ == "__main__":
    unittest.main()
