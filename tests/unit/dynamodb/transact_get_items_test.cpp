// TransactGetItems through the service.
#include "transaction_test_fixture.h"

namespace streamstack::dynamodb::testing {
namespace {

using TransactGetItems = TransactionTest;

json get_action(const std::string& table, const json& key) {
  return {{"Get", {{"TableName", table}, {"Key", key}}}};
}

TEST_F(TransactGetItems, AnswersEachItemInOrderAndAnEmptyObjectForOneMissing) {
  put("plain", item("x", 1));
  put("streamed", item("x", 2));
  json projected = get_action("streamed", key("x"));
  projected["Get"]["ProjectionExpression"] = "#n";
  projected["Get"]["ExpressionAttributeNames"] = {{"#n", "n"}};
  put("plain", item("y", 3));
  json nothing = get_action("plain", key("y"));
  nothing["Get"]["ProjectionExpression"] = "absent";
  EXPECT_EQ(
      call("TransactGetItems", transact({get_action("plain", key("x")),
                                         get_action("plain", key("none")), projected, nothing})),
      json::parse(R"({"Responses": [{"Item": {"a": {"S": "x"}, "n": {"N": "1"}}}, {},
                           {"Item": {"n": {"N": "2"}}}, {}]})"));
}

TEST_F(TransactGetItems, AKeyThatDoesNotFitTheSchemaCancelsItsRead) {
  put("plain", item("x", 1));
  core::ApiError e =
      error_of("TransactGetItems",
               transact({get_action("plain", key("x")), get_action("plain", json::object())}));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
  EXPECT_EQ(e.message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
            "ValidationError]");
  EXPECT_EQ(e.extra()["CancellationReasons"][1],
            json({{"Code", "ValidationError"},
                  {"Message", "The provided key element does not match the schema"}}));
}

TEST_F(TransactGetItems, ValidationComesBeforeTheTablesAndOneItemTwiceIsRefused) {
  json bad = get_action("nope", key("x"));
  bad["Get"]["ProjectionExpression"] = "!!!";
  EXPECT_EQ(validation_message("TransactGetItems", transact({bad})),
            "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
  EXPECT_EQ(error_of("TransactGetItems", transact({get_action("nope", key("x"))})).message(),
            "Requested resource not found");
  EXPECT_EQ(validation_message("TransactGetItems", transact({get_action("plain", key("x")),
                                                             get_action("plain", key("x"))})),
            "Transaction request cannot include multiple operations on one item");
  EXPECT_EQ(validation_message("TransactGetItems", transact({})),
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
            "constraint: Member "
            "must have length greater than or equal to 1");
}

TEST_F(TransactGetItems, ConsumedCapacityIsTwoReadUnitsPerItemMissingOnesIncluded) {
  put("plain", item("x", 1));
  json input = transact({get_action("plain", key("x")), get_action("plain", key("none")),
                         get_action("pair", {{"a", {{"S", "p"}}}, {"b", {{"S", "q"}}}})});
  input["ReturnConsumedCapacity"] = "TOTAL";
  EXPECT_EQ(call("TransactGetItems", input)["ConsumedCapacity"], json::parse(R"([
      {"TableName": "plain", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0},
      {"TableName": "pair", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}])"));
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
