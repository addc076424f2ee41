// BatchWriteItem and BatchGetItem: what they write and read, and DynamoDB's errors for them
// (texts from dynalite's test/batchWriteItem.js and batchGetItem.js, run against AWS).
#include "item_test_fixture.h"

namespace streamstack::dynamodb::testing {
namespace {

using BatchOperations = ItemTest;

json put_request(const std::string& key, const std::string& value = "v") {
  return {{"PutRequest", {{"Item", {{"a", {{"S", key}}}, {"v", {{"S", value}}}}}}}};
}

json delete_request(const std::string& key) {
  return {{"DeleteRequest", {{"Key", {{"a", {{"S", key}}}}}}}};
}

json key(const std::string& a) { return {{"a", {{"S", a}}}}; }

std::string validation_message(const core::ApiError& e) {
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.validate#ValidationException") << e.message();
  return e.message();
}

TEST_F(BatchOperations, BatchWriteItemPutsAndDeletesAcrossTables) {
  put(hash, json::parse(R"({"a":{"S":"gone"}})"));
  json input = {{"RequestItems", {{"hash", {put_request("x"), delete_request("gone")}}}}};
  input["RequestItems"]["range"] =
      json::parse(R"([{"PutRequest": {"Item": {"a": {"S": "r"}, "b": {"S": "s"}}}}])");
  EXPECT_EQ(call(batch_write_item, input), json({{"UnprocessedItems", json::object()}}));
  EXPECT_EQ(stored(hash, key("x")), json::parse(R"({"a":{"S":"x"},"v":{"S":"v"}})"));
  EXPECT_EQ(stored(hash, key("gone")), std::nullopt);
  EXPECT_EQ(counts(range).first, 1);
}

TEST_F(BatchOperations, BatchWriteItemReportsCapacityPerTable) {
  json input = {{"RequestItems", {{"hash", {put_request("x"), put_request("y")}}}},
                {"ReturnConsumedCapacity", "INDEXES"}};
  EXPECT_EQ(call(batch_write_item, input)["ConsumedCapacity"],
            json::parse(R"([{"TableName":"hash","CapacityUnits":2.0,
                             "Table":{"CapacityUnits":2.0}}])"));
}

TEST_F(BatchOperations, BatchWriteItemRefusesOneKeyTwice) {
  json input = {{"RequestItems", {{"hash", {put_request("x"), delete_request("x")}}}}};
  EXPECT_EQ(validation_message(error_of(batch_write_item, input)),
            "Provided list of item keys contains duplicates");
  EXPECT_EQ(stored(hash, key("x")), std::nullopt);
}

TEST_F(BatchOperations, BatchWriteItemRefusesARequestWithNeitherPutNorDelete) {
  json input = {{"RequestItems", {{"hash", {json::object()}}}}};
  EXPECT_EQ(validation_message(error_of(batch_write_item, input)),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
}

TEST_F(BatchOperations, BatchWriteItemChecksKeysAsKeys) {
  json input = json::parse(R"({"RequestItems": {"range": [{"PutRequest": {"Item": {"a": {"S": "r"}}}}]}})");
  EXPECT_EQ(validation_message(error_of(batch_write_item, input)),
            "The provided key element does not match the schema");
}

TEST_F(BatchOperations, BatchWriteItemOfAnUnknownTableWritesNothing) {
  json input = {{"RequestItems", {{"hash", {put_request("x")}}, {"nope", {put_request("y")}}}}};
  core::ApiError e = error_of(batch_write_item, input);
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found");
  EXPECT_EQ(stored(hash, key("x")), std::nullopt);
}

TEST_F(BatchOperations, BatchWriteItemTakesAtMost25RequestsInAll) {
  json input = {{"RequestItems", {{"hash", json::array()}, {"binary", json::array()}}}};
  for (int i = 0; i < 13; ++i) input["RequestItems"]["hash"].push_back(put_request(std::to_string(i)));
  for (int i = 0; i < 13; ++i) {
    input["RequestItems"]["binary"].push_back(
        {{"PutRequest", {{"Item", {{"a", {{"S", "k"}}}, {"b", {{"B", "AQ=="}}}}}}}});
  }
  EXPECT_EQ(validation_message(error_of(batch_write_item, input)),
            "Too many items requested for the BatchWriteItem call");
}

TEST_F(BatchOperations, BatchWriteItemListsOver25RequestsAsAMapValueConstraint) {
  json input = {{"RequestItems", {{"hash", json::array()}}}};
  for (int i = 0; i < 26; ++i) input["RequestItems"]["hash"].push_back(delete_request("k"));
  std::string message = validation_message(error_of(batch_write_item, input));
  EXPECT_EQ(message.substr(0, 36), "1 validation error detected: Value '");
  EXPECT_EQ(message.substr(message.find("' at ")),
            "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
            "[Member must have length less than or equal to 25, Member must have length greater "
            "than or equal to 1]");
}

TEST_F(BatchOperations, BatchWriteItemHoldsTableNamesToTheTableNameRules) {
  json input = {{"RequestItems", {{"a", {put_request("x")}}}}};
  EXPECT_EQ(validation_message(error_of(batch_write_item, input)),
            "1 validation error detected: Value '{a=[WriteRequest(putRequest=PutRequest(item={a="
            "AttributeValue(s=x, n=, b=, sS=, nS=, bS=, m=, l=, nULL=, bOOL=), v=AttributeValue("
            "s=v, n=, b=, sS=, nS=, bS=, m=, l=, nULL=, bOOL=)}), deleteRequest=)]}' at "
            "'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: "
            "[Member must have length less than or equal to 255, Member must have length greater "
            "than or equal to 3, Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+]");
}

TEST_F(BatchOperations, BatchGetItemAnswersEveryTableAndLeavesOutMissingItems) {
  put(hash, json::parse(R"({"a":{"S":"x"},"v":{"S":"1"},"w":{"S":"2"}})"));
  json input = json::parse(R"({"RequestItems": {
    "hash": {"Keys": [{"a": {"S": "x"}}, {"a": {"S": "none"}}], "ProjectionExpression": "w"},
    "range": {"Keys": [{"a": {"S": "r"}, "b": {"S": "s"}}]}}, "ReturnConsumedCapacity": "TOTAL"})");
  EXPECT_EQ(call(batch_get_item, input), json::parse(R"({
    "Responses": {"hash": [{"w": {"S": "2"}}], "range": []},
    "UnprocessedKeys": {},
    "ConsumedCapacity": [{"TableName": "hash", "CapacityUnits": 1.0},
                         {"TableName": "range", "CapacityUnits": 0.5}]})"));
}

TEST_F(BatchOperations, BatchGetItemRefusesOneKeyTwice) {
  json input = {{"RequestItems", {{"hash", {{"Keys", {key("x"), key("x")}}}}}}};
  EXPECT_EQ(validation_message(error_of(batch_get_item, input)),
            "Provided list of item keys contains duplicates");
}

TEST_F(BatchOperations, BatchGetItemTakesAtMost100KeysInAll) {
  json input = {{"RequestItems", {{"hash", {{"Keys", json::array()}}},
                                  {"numbers", {{"Keys", json::array()}}}}}};
  for (int i = 0; i < 60; ++i) input["RequestItems"]["hash"]["Keys"].push_back(key(std::to_string(i)));
  for (int i = 0; i < 41; ++i) {
    input["RequestItems"]["numbers"]["Keys"].push_back(
        {{"a", {{"S", "k"}}}, {"n", {{"N", std::to_string(i)}}}});
  }
  EXPECT_EQ(validation_message(error_of(batch_get_item, input)),
            "Too many items requested for the BatchGetItem call");
}

TEST_F(BatchOperations, BatchGetItemRefusesBothProjectionParameters) {
  json input = {{"RequestItems",
                 {{"hash", {{"Keys", {key("x")}}, {"ProjectionExpression", "v"},
                            {"AttributesToGet", {"v"}}}}}}};
  EXPECT_EQ(validation_message(error_of(batch_get_item, input)),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{ProjectionExpression}");
}

TEST_F(BatchOperations, BatchGetItemChecksKeysAgainstTheSchema) {
  json input = json::parse(R"({"RequestItems": {"hash": {"Keys": [{"a": {"N": "1"}}]}}})");
  EXPECT_EQ(validation_message(error_of(batch_get_item, input)),
            "The provided key element does not match the schema");
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
