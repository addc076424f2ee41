// PutItem, GetItem, UpdateItem and DeleteItem: outputs and errors as DynamoDB gives them
// (messages from dynalite's test/*.js and the conformance captures, both run against AWS).
#include "item_test_fixture.h"

namespace streamstack::dynamodb::testing {
namespace {

using ItemOperations = ItemTest;

void expect_validation(const core::ApiError& e, const std::string& message) {
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.validate#ValidationException");
  EXPECT_EQ(e.message(), message);
}

TEST_F(ItemOperations, PutItemWithNoReturnValuesAnswersEmptyObject) {
  json out = call(put_item, {{"TableName", "hash"}, {"Item", {{"a", {{"S", "x"}}}}}});
  EXPECT_EQ(out, json::object());
}

TEST_F(ItemOperations, GetItemReturnsThePutItemWithCanonicalNumbers) {
  call(put_item,
       {{"TableName", "hash"},
        {"Item", {{"a", {{"S", "x"}}}, {"n", {{"N", "01.50"}}}, {"s", {{"SS", {"q"}}}}}}});
  json out = call(get_item, {{"TableName", "hash"}, {"Key", {{"a", {{"S", "x"}}}}}});
  EXPECT_EQ(out, json::parse(R"({"Item":{"a":{"S":"x"},"n":{"N":"1.5"},"s":{"SS":["q"]}}})"));
}

TEST_F(ItemOperations, GetItemOfAMissingItemAnswersEmptyObject) {
  json out = call(get_item, {{"TableName", "hash"}, {"Key", {{"a", {{"S", "nope"}}}}}});
  EXPECT_EQ(out, json::object());
}

TEST_F(ItemOperations, GetItemProjectsAttributesToGet) {
  put(hash, json::parse(R"({"a":{"S":"x"},"b":{"S":"1"},"c":{"S":"2"}})"));
  json out = call(
      get_item,
      {{"TableName", "hash"}, {"Key", {{"a", {{"S", "x"}}}}}, {"AttributesToGet", {"c", "zz"}}});
  EXPECT_EQ(out, json::parse(R"({"Item":{"c":{"S":"2"}}})"));
}

TEST_F(ItemOperations, GetItemReturnsConsumedCapacityHalvedWhenEventuallyConsistent) {
  json out = call(
      get_item,
      {{"TableName", "hash"}, {"Key", {{"a", {{"S", "x"}}}}}, {"ReturnConsumedCapacity", "TOTAL"}});
  EXPECT_EQ(out, json::parse(R"({"ConsumedCapacity":{"CapacityUnits":0.5,"TableName":"hash"}})"));
  out = call(get_item, {{"TableName", "hash"},
                        {"Key", {{"a", {{"S", "x"}}}}},
                        {"ConsistentRead", true},
                        {"ReturnConsumedCapacity", "INDEXES"}});
  EXPECT_EQ(out, json::parse(R"({"ConsumedCapacity":{"CapacityUnits":1.0,"TableName":"hash",
                                 "Table":{"CapacityUnits":1.0}}})"));
}

TEST_F(ItemOperations, PutItemAllOldReturnsTheReplacedItem) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  json out = call(put_item, {{"TableName", "hash"},
                             {"Item", {{"a", {{"S", "x"}}}, {"v", {{"N", "2"}}}}},
                             {"ReturnValues", "ALL_OLD"}});
  EXPECT_EQ(out, json::parse(R"({"Attributes":{"a":{"S":"x"},"v":{"N":"1"}}})"));
  EXPECT_EQ(*stored(hash, {{"a", {{"S", "x"}}}}), json::parse(R"({"a":{"S":"x"},"v":{"N":"2"}})"));
}

TEST_F(ItemOperations, PutItemAllowsOnlyAllOldOrNone) {
  expect_validation(error_of(put_item, {{"TableName", "hash"},
                                        {"Item", {{"a", {{"S", "x"}}}}},
                                        {"ReturnValues", "UPDATED_NEW"}}),
                    "ReturnValues can only be ALL_OLD or NONE");
  expect_validation(error_of(delete_item, {{"TableName", "hash"},
                                           {"Key", {{"a", {{"S", "x"}}}}},
                                           {"ReturnValues", "ALL_NEW"}}),
                    "ReturnValues can only be ALL_OLD or NONE");
}

TEST_F(ItemOperations, ReturnValuesOutsideTheEnumIsAConstraintError) {
  expect_validation(
      error_of(put_item,
               {{"TableName", "hash"}, {"Item", {{"a", {{"S", "x"}}}}}, {"ReturnValues", "x"}}),
      "1 validation error detected: Value 'x' at 'returnValues' failed to satisfy constraint: "
      "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
}

TEST_F(ItemOperations, PutItemWithoutTheKeyIsRefused) {
  expect_validation(error_of(put_item, {{"TableName", "range"}, {"Item", {{"a", {{"S", "x"}}}}}}),
                    "One or more parameter values were invalid: Missing the key b in the item");
}

TEST_F(ItemOperations, PutItemWithAKeyOfTheWrongTypeIsRefused) {
  expect_validation(
      error_of(put_item, {{"TableName", "hash"}, {"Item", {{"a", {{"N", "1"}}}}}}),
      "One or more parameter values were invalid: Type mismatch for key a expected: S actual: N");
}

TEST_F(ItemOperations, AnEmptyStringOrBinaryKeyIsRefused) {
  expect_validation(
      error_of(put_item, {{"TableName", "hash"}, {"Item", {{"a", {{"S", ""}}}}}}),
      "One or more parameter values are not valid. The AttributeValue for a key attribute "
      "cannot contain an empty string value. Key: a");
  expect_validation(
      error_of(get_item,
               {{"TableName", "binary"}, {"Key", {{"a", {{"S", "x"}}}, {"b", {{"B", ""}}}}}}),
      "One or more parameter values are not valid. The AttributeValue for a key attribute "
      "cannot contain an empty binary value. Key: b");
}

TEST_F(ItemOperations, KeysOverTheSizeLimitsAreRefused) {
  expect_validation(
      error_of(get_item,
               {{"TableName", "hash"}, {"Key", {{"a", {{"S", std::string(2049, 'k')}}}}}}),
      "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
      "limit of2048 bytes");
  expect_validation(
      error_of(put_item, {{"TableName", "range"},
                          {"Item", {{"a", {{"S", "x"}}}, {"b", {{"S", std::string(1025, 'k')}}}}}}),
      "One or more parameter values were invalid: Aggregated size of all range "
      "keys has exceeded the size limit of 1024 bytes");
  call(put_item, {{"TableName", "hash"}, {"Item", {{"a", {{"S", std::string(2048, 'k')}}}}}});
  EXPECT_EQ(counts(hash).first, 1);
}

TEST_F(ItemOperations, AnItemOver400KBIsRefused) {
  // Exactly 409,600 bytes: names and values, "a" + "x" + "b" + 409,597 characters.
  json item = {{"a", {{"S", "x"}}}, {"b", {{"S", std::string(409597, 'v')}}}};
  call(put_item, {{"TableName", "hash"}, {"Item", item}});
  item["b"]["S"] = std::string(409598, 'v');
  expect_validation(error_of(put_item, {{"TableName", "hash"}, {"Item", item}}),
                    "Item size has exceeded the maximum allowed size");
}

TEST_F(ItemOperations, KeyNotMatchingTheSchemaIsRefused) {
  for (json key :
       {json::parse(R"({})"), json::parse(R"({"b":{"S":"x"}})"), json::parse(R"({"a":{"N":"1"}})"),
        json::parse(R"({"a":{"S":"x"},"b":{"S":"y"}})")}) {
    expect_validation(error_of(get_item, {{"TableName", "hash"}, {"Key", key}}),
                      "The provided key element does not match the schema");
  }
  expect_validation(error_of(delete_item, {{"TableName", "range"}, {"Key", {{"a", {{"S", "x"}}}}}}),
                    "The provided key element does not match the schema");
}

TEST_F(ItemOperations, MissingTableIsNotFoundOnlyAfterTheRequestIsValid) {
  core::ApiError e = error_of(get_item, {{"TableName", "absent"}, {"Key", {{"a", {{"S", "x"}}}}}});
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found");
  // A malformed request naming a missing table gets the ValidationException.
  expect_validation(error_of(put_item, {{"TableName", "absent"},
                                        {"Item", {{"a", {{"S", "x"}}}}},
                                        {"ReturnValues", "ALL_NEW"}}),
                    "ReturnValues can only be ALL_OLD or NONE");
}

TEST_F(ItemOperations, ExpressionAndLegacyParametersAreExclusive) {
  expect_validation(
      error_of(get_item, {{"TableName", "hash"},
                          {"Key", {{"a", {{"S", "x"}}}}},
                          {"AttributesToGet", {"a"}},
                          {"ProjectionExpression", "a"}}),
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {AttributesToGet} Expression parameters: "
      "{ProjectionExpression}");
}

TEST_F(ItemOperations, ExpressionAttributesNeedAnExpression) {
  expect_validation(error_of(put_item, {{"TableName", "hash"},
                                        {"Item", {{"a", {{"S", "x"}}}}},
                                        {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
                    "ExpressionAttributeValues can only be specified when using expressions: "
                    "ConditionExpression is null");
  expect_validation(error_of(put_item, {{"TableName", "hash"},
                                        {"Item", {{"a", {{"S", "x"}}}}},
                                        {"ExpressionAttributeNames", {{"#n", "a"}}}}),
                    "ExpressionAttributeNames can only be specified when using expressions");
}

TEST_F(ItemOperations, UnusedExpressionValuesAreRefused) {
  expect_validation(
      error_of(put_item, {{"TableName", "hash"},
                          {"Item", {{"a", {{"S", "x"}}}}},
                          {"ConditionExpression", "attribute_not_exists(a)"},
                          {"ExpressionAttributeValues", {{":unused", {{"S", "x"}}}}}}),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
}

TEST_F(ItemOperations, AFailedConditionChangesNothing) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  auto before = counts(hash);
  core::ApiError e = error_of(put_item, {{"TableName", "hash"},
                                         {"Item", {{"a", {{"S", "x"}}}, {"v", {{"N", "2"}}}}},
                                         {"ConditionExpression", "attribute_not_exists(a)"}});
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  EXPECT_EQ(e.message(), "The conditional request failed");
  EXPECT_EQ(e.extra(), json::object());
  EXPECT_EQ(*stored(hash, {{"a", {{"S", "x"}}}}), json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  EXPECT_EQ(counts(hash), before);
}

TEST_F(ItemOperations, AFailedConditionReturnsTheOldItemWhenAsked) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  core::ApiError e = error_of(delete_item, {{"TableName", "hash"},
                                            {"Key", {{"a", {{"S", "x"}}}}},
                                            {"ConditionExpression", "v = :two"},
                                            {"ExpressionAttributeValues", {{":two", {{"N", "2"}}}}},
                                            {"ReturnValuesOnConditionCheckFailure", "ALL_OLD"}});
  EXPECT_EQ(e.code(), "ConditionalCheckFailedException");
  EXPECT_EQ(e.extra(), json::parse(R"({"Item":{"a":{"S":"x"},"v":{"N":"1"}}})"));
}

TEST_F(ItemOperations, ConditionOnAMissingItemSeesNoAttributes) {
  json out = call(put_item, {{"TableName", "hash"},
                             {"Item", {{"a", {{"S", "new"}}}}},
                             {"ConditionExpression", "attribute_not_exists(#k)"},
                             {"ExpressionAttributeNames", {{"#k", "a"}}}});
  EXPECT_EQ(out, json::object());
  EXPECT_TRUE(stored(hash, {{"a", {{"S", "new"}}}}).has_value());
}

TEST_F(ItemOperations, LegacyExpectedIsEvaluated) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  EXPECT_EQ(error_of(put_item, {{"TableName", "hash"},
                                {"Item", {{"a", {{"S", "x"}}}}},
                                {"Expected", {{"v", {{"Value", {{"N", "2"}}}}}}}})
                .code(),
            "ConditionalCheckFailedException");
  json out = call(put_item, {{"TableName", "hash"},
                             {"Item", {{"a", {{"S", "x"}}}}},
                             {"Expected", {{"v", {{"Value", {{"N", "1.0"}}}}}}}});
  EXPECT_EQ(out, json::object());
  expect_validation(error_of(put_item, {{"TableName", "hash"},
                                        {"Item", {{"a", {{"S", "x"}}}}},
                                        {"Expected", {{"v", json::object()}}}}),
                    "One or more parameter values were invalid: Value must be provided when "
                    "Exists is null for Attribute: v");
}

TEST_F(ItemOperations, UpdateItemCreatesAMissingItem) {
  json out = call(update_item, {{"TableName", "range"},
                                {"Key", {{"a", {{"S", "x"}}}, {"b", {{"S", "y"}}}}},
                                {"UpdateExpression", "SET c = :c"},
                                {"ExpressionAttributeValues", {{":c", {{"N", "5"}}}}},
                                {"ReturnValues", "ALL_NEW"}});
  EXPECT_EQ(out, json::parse(R"({"Attributes":{"a":{"S":"x"},"b":{"S":"y"},"c":{"N":"5"}}})"));
}

TEST_F(ItemOperations, UpdateItemReturnsUpdatedAttributes) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"},"w":{"S":"keep"},"gone":{"S":"g"}})"));
  json input = {{"TableName", "hash"},
                {"Key", {{"a", {{"S", "x"}}}}},
                {"UpdateExpression", "SET v = v + :one REMOVE gone"},
                {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}};
  input["ReturnValues"] = "UPDATED_OLD";
  EXPECT_EQ(call(update_item, input),
            json::parse(R"({"Attributes":{"v":{"N":"1"},"gone":{"S":"g"}}})"));
  input["ReturnValues"] = "UPDATED_NEW";
  EXPECT_EQ(call(update_item, input), json::parse(R"({"Attributes":{"v":{"N":"3"}}})"));
  input["ReturnValues"] = "NONE";
  EXPECT_EQ(call(update_item, input), json::object());
  EXPECT_EQ(*stored(hash, {{"a", {{"S", "x"}}}}),
            json::parse(R"({"a":{"S":"x"},"v":{"N":"4"},"w":{"S":"keep"}})"));
}

TEST_F(ItemOperations, UpdateItemCannotWriteKeyAttributes) {
  expect_validation(error_of(update_item, {{"TableName", "range"},
                                           {"Key", {{"a", {{"S", "x"}}}, {"b", {{"S", "y"}}}}},
                                           {"UpdateExpression", "SET b = :v"},
                                           {"ExpressionAttributeValues", {{":v", {{"S", "z"}}}}}}),
                    "One or more parameter values were invalid: Cannot update attribute b. This "
                    "attribute is part of the key");
  EXPECT_FALSE(stored(range, {{"a", {{"S", "x"}}}, {"b", {{"S", "y"}}}}).has_value());
}

TEST_F(ItemOperations, UpdateItemWithLegacyAttributeUpdates) {
  put(hash, json::parse(R"({"a":{"S":"x"},"n":{"N":"1"},"s":{"SS":["p","q"]},"d":{"S":"1"}})"));
  json out = call(update_item, {{"TableName", "hash"},
                                {"Key", {{"a", {{"S", "x"}}}}},
                                {"AttributeUpdates",
                                 {{"n", {{"Action", "ADD"}, {"Value", {{"N", "2.5"}}}}},
                                  {"s", {{"Action", "DELETE"}, {"Value", {{"SS", {"p"}}}}}},
                                  {"d", {{"Action", "DELETE"}}},
                                  {"p", {{"Value", {{"BOOL", true}}}}}}},
                                {"ReturnValues", "ALL_NEW"}});
  EXPECT_EQ(out, json::parse(R"({"Attributes":{"a":{"S":"x"},"n":{"N":"3.5"},
                                  "s":{"SS":["q"]},"p":{"BOOL":true}}})"));
}

TEST_F(ItemOperations, DeleteItemReturnsTheOldItemAndRemovesIt) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  json out =
      call(delete_item,
           {{"TableName", "hash"}, {"Key", {{"a", {{"S", "x"}}}}}, {"ReturnValues", "ALL_OLD"}});
  EXPECT_EQ(out, json::parse(R"({"Attributes":{"a":{"S":"x"},"v":{"N":"1"}}})"));
  EXPECT_FALSE(stored(hash, {{"a", {{"S", "x"}}}}).has_value());
  EXPECT_EQ(counts(hash), std::make_pair(std::int64_t{0}, std::int64_t{0}));
}

TEST_F(ItemOperations, DeletingAMissingItemSucceedsWithNothing) {
  json out = call(delete_item, {{"TableName", "hash"},
                                {"Key", {{"a", {{"S", "x"}}}}},
                                {"ReturnValues", "ALL_OLD"},
                                {"ReturnConsumedCapacity", "TOTAL"}});
  EXPECT_EQ(out, json::parse(R"({"ConsumedCapacity":{"CapacityUnits":1.0,"TableName":"hash"}})"));
}

TEST_F(ItemOperations, RejectedWritesLeaveTheTableUnchanged) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
  auto before = counts(hash);
  error_of(update_item,
           {{"TableName", "hash"},
            {"Key", {{"a", {{"S", "x"}}}}},
            {"UpdateExpression", "SET v = :v"},
            {"ExpressionAttributeValues", {{":v", {{"S", std::string(409600, 'z')}}}}}});
  error_of(put_item, {{"TableName", "hash"},
                      {"Item", {{"a", {{"S", "y"}}}, {"s", {{"SS", json::array()}}}}}});
  error_of(delete_item, {{"TableName", "hash"},
                         {"Key", {{"a", {{"S", "x"}}}}},
                         {"Expected", {{"v", {{"Exists", false}}}}}});
  EXPECT_EQ(counts(hash), before);
  EXPECT_EQ(*stored(hash, {{"a", {{"S", "x"}}}}), json::parse(R"({"a":{"S":"x"},"v":{"N":"1"}})"));
}

TEST_F(ItemOperations, UpdateItemOverTheSizeLimitUsesTheUpdateWording) {
  expect_validation(error_of(update_item, {{"TableName", "hash"},
                                           {"Key", {{"a", {{"S", "x"}}}}},
                                           {"UpdateExpression", "SET v = :v"},
                                           {"ExpressionAttributeValues",
                                            {{":v", {{"S", std::string(409600, 'z')}}}}}}),
                    "Item size to update has exceeded the maximum allowed size");
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
