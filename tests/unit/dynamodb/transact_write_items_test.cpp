// TransactWriteItems through the service: all or nothing, reasons in action order, AWS's
// validation order and words, and ClientRequestToken idempotency.
#include "core/clock.h"
#include "transaction_test_fixture.h"

#include <atomic>
#include <thread>

namespace streamstack::dynamodb::testing {
namespace {

using TransactWriteItems = TransactionTest;

constexpr const char* kCanceledType =
    "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";

TEST_F(TransactWriteItems, PutUpdateDeleteAndConditionCheckCommitTogether) {
  put("streamed", item("x", 5));
  put("plain", item("gone", 1));
  put("pair", {{"a", {{"S", "p"}}}, {"b", {{"S", "q"}}}});
  json out =
      call("TransactWriteItems",
           transact({put_action("streamed", item("new", 1)), transfer_action("streamed", "x", -2),
                     delete_action("plain", key("gone")),
                     check_action("pair", {{"a", {{"S", "p"}}}, {"b", {{"S", "q"}}}},
                                  "attribute_exists(a)")}));
  EXPECT_EQ(out, json::object());
  EXPECT_EQ(get("streamed", key("new")), item("new", 1));
  EXPECT_EQ(get("streamed", key("x")), item("x", 3));
  EXPECT_FALSE(get("plain", key("gone")));
  // The streamed table's two changes have their records; the unstreamed table writes none.
  auto records = stream_records();
  ASSERT_EQ(records.size(), 3u);  // the PutItem of x, then the transaction's INSERT and MODIFY
  EXPECT_EQ(records[1]["eventName"], "INSERT");
  EXPECT_EQ(records[2]["eventName"], "MODIFY");
  EXPECT_EQ(records[2]["dynamodb"]["NewImage"], item("x", 3));
}

TEST_F(TransactWriteItems, AFailedConditionChangesNothingAndNamesEachActionsReason) {
  put("streamed", item("x", 1));
  put("plain", item("y", 1));
  std::size_t before = stream_records().size();
  json failing = transfer_action("streamed", "x", -5);
  failing["Update"]["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
  core::ApiError e =
      error_of("TransactWriteItems",
               transact({put_action("streamed", item("new", 1)), failing,
                         transfer_action("plain", "y", 1), delete_action("plain", key("y2"))}));
  EXPECT_EQ(e.wire_type(), kCanceledType);
  EXPECT_EQ(e.message_key(), "Message");
  EXPECT_EQ(e.message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed, None, None]");
  EXPECT_EQ(e.extra(), json::parse(R"({"CancellationReasons": [{"Code": "None"},
      {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
       "Item": {"a": {"S": "x"}, "n": {"N": "1"}}}, {"Code": "None"}, {"Code": "None"}]})"));
  EXPECT_FALSE(get("streamed", key("new")));
  EXPECT_EQ(get("streamed", key("x")), item("x", 1));
  EXPECT_EQ(get("plain", key("y")), item("y", 1));
  EXPECT_EQ(stream_records().size(), before);
}

TEST_F(TransactWriteItems, AFailedConditionWithoutAllOldCarriesNoItem) {
  put("plain", item("y", 1));
  core::ApiError e = error_of(
      "TransactWriteItems", transact({check_action("plain", key("y"), "attribute_not_exists(a)")}));
  EXPECT_EQ(
      e.extra()["CancellationReasons"],
      json::parse(
          R"([{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}])"));
}

TEST_F(TransactWriteItems, OneItemTwiceIsRefusedWhateverTheOrderOfItsKeyAttributes) {
  json reversed = {{"b", {{"S", "q"}}}, {"a", {{"S", "p"}}}};
  EXPECT_EQ(
      validation_message("TransactWriteItems",
                         transact({put_action("pair", {{"a", {{"S", "p"}}}, {"b", {{"S", "q"}}}}),
                                   delete_action("pair", reversed)})),
      "Transaction request cannot include multiple operations on one item");
  // The same key in two tables is two items.
  call("TransactWriteItems",
       transact({put_action("plain", item("k", 1)), put_action("streamed", item("k", 1))}));
}

TEST_F(TransactWriteItems, MembersAreCheckedFirstTokenBeforeEnumsBeforeActions) {
  json input = transact({json::object()});
  input["ClientRequestToken"] = std::string(37, 'x');
  input["ReturnConsumedCapacity"] = "BOGUS";
  EXPECT_EQ(validation_message("TransactWriteItems", input),
            "2 validation errors detected: Value '" + std::string(37, 'x') +
                "' at 'clientRequestToken' failed to satisfy constraint: Member must have length "
                "less than or "
                "equal to 36; Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy "
                "constraint: Member must "
                "satisfy enum value set: [INDEXES, TOTAL, NONE]");
  EXPECT_EQ(validation_message("TransactWriteItems", transact({})),
            "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy "
            "constraint: Member "
            "must have length greater than or equal to 1");
  std::vector<json> many(101, put_action("plain", item("k", 1)));
  EXPECT_NE(validation_message("TransactWriteItems", transact(many))
                .find("at 'transactItems' failed to satisfy constraint: Member must have length "
                      "less than or "
                      "equal to 100"),
            std::string::npos);
  json bad_name = put_action("a;b", item("k", 1));
  EXPECT_EQ(validation_message("TransactWriteItems", transact({bad_name})),
            "1 validation error detected: Value 'a;b' at 'transactItems.1.member.put.tableName' "
            "failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

TEST_F(TransactWriteItems, AnActionNamesExactlyOneOperation) {
  EXPECT_EQ(
      validation_message("TransactWriteItems", transact({{{"Unknown", {{"TableName", "plain"}}}}})),
      "The action or operation requested is invalid. Verify that the action is typed correctly.");
  json two = put_action("plain", item("k", 1));
  two["Delete"] = delete_action("plain", key("k"))["Delete"];
  EXPECT_EQ(validation_message("TransactWriteItems", transact({two})),
            "TransactItems can only contain one of Check, Put, Update or Delete");
}

TEST_F(TransactWriteItems, ExpressionsAreCheckedBeforeAnyTableIsLookedUp) {
  json missing = put_action("nope", item("k", 1));
  json broken = check_action("plain", key("k"), "attribute_not_exists(");
  EXPECT_EQ(validation_message("TransactWriteItems", transact({missing, broken})),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"");
  json unused = check_action("plain", key("k"), "attribute_not_exists(a)");
  unused["ConditionCheck"]["ExpressionAttributeValues"] = {{":v", {{"S", "x"}}}};
  EXPECT_EQ(validation_message("TransactWriteItems", transact({missing, unused})),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
  core::ApiError e =
      error_of("TransactWriteItems", transact({put_action("plain", item("k", 1)), missing}));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found");
  EXPECT_FALSE(get("plain", key("k")));
}

TEST_F(TransactWriteItems, ATableOfAnotherRegionIsNotFound) {
  json elsewhere = put_action("arn:aws:dynamodb:us-west-2:000000000000:table/plain", item("k", 1));
  core::ApiError e =
      error_of("TransactWriteItems", transact({put_action("plain", item("j", 1)), elsewhere}));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_FALSE(get("plain", key("j")));
  // The caller's own region by ARN is the table itself.
  call("TransactWriteItems",
       transact({put_action("arn:aws:dynamodb:us-east-1:000000000000:table/plain", item("k", 1))}));
  EXPECT_TRUE(get("plain", key("k")));
}

TEST_F(TransactWriteItems, AKeyOfTheWrongTypeCancelsItsActionAnEmptyOneIsRefusedOutright) {
  core::ApiError e =
      error_of("TransactWriteItems", transact({put_action("plain", {{"a", {{"N", "5"}}}})}));
  EXPECT_EQ(e.wire_type(), kCanceledType);
  EXPECT_EQ(e.extra()["CancellationReasons"], json::parse(R"([{"Code": "ValidationError", "Message":
              "One or more parameter values were invalid: Type mismatch for key a expected: S actual: N"}])"));
  e = error_of("TransactWriteItems", transact({put_action("plain", item("ok", 1)),
                                               delete_action("plain", {{"a", {{"N", "5"}}}})}));
  EXPECT_EQ(e.message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
            "ValidationError]");
  EXPECT_EQ(e.extra()["CancellationReasons"][1]["Message"],
            "The provided key element does not match the schema");
  EXPECT_EQ(validation_message("TransactWriteItems", transact({delete_action("plain", key(""))})),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an "
            "empty string value. Key: a");
  EXPECT_FALSE(get("plain", key("ok")));
}

TEST_F(TransactWriteItems, APutTooLargeIsRefusedAnUpdateTooLargeCancels) {
  json big = item("big", 1);
  big["s"] = {{"S", std::string(400 * 1024, 'x')}};
  EXPECT_EQ(validation_message("TransactWriteItems", transact({put_action("plain", big)})),
            "Item size has exceeded the maximum allowed size");
  json grow = {{"Update",
                {{"TableName", "plain"},
                 {"Key", key("big")},
                 {"UpdateExpression", "SET s = :s"},
                 {"ExpressionAttributeValues", {{":s", {{"S", std::string(400 * 1024, 'x')}}}}}}}};
  core::ApiError e = error_of("TransactWriteItems", transact({grow}));
  EXPECT_EQ(e.wire_type(), kCanceledType);
  EXPECT_EQ(e.extra()["CancellationReasons"][0],
            json({{"Code", "ValidationError"},
                  {"Message", "Item size to update has exceeded the maximum allowed size"}}));
}

TEST_F(TransactWriteItems, AnUpdateCannotWriteAKeyAttribute) {
  json update = {{"Update",
                  {{"TableName", "plain"},
                   {"Key", key("k")},
                   {"UpdateExpression", "SET a = :v"},
                   {"ExpressionAttributeValues", {{":v", {{"S", "z"}}}}}}}};
  EXPECT_EQ(validation_message("TransactWriteItems", transact({update})),
            "One or more parameter values were invalid: Cannot update attribute a. This attribute "
            "is part of the key");
}

TEST_F(TransactWriteItems, ConsumedCapacityIsTwoWriteUnitsPerKilobytePerTable) {
  json input = transact({put_action("plain", item("a1", 1)), put_action("plain", item("a2", 1)),
                         put_action("streamed", item("b", 1))});
  input["ReturnConsumedCapacity"] = "INDEXES";
  EXPECT_EQ(call("TransactWriteItems", input), json::parse(R"({"ConsumedCapacity": [
      {"TableName": "plain", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0,
       "Table": {"CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}},
      {"TableName": "streamed", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0,
       "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}}]})"));
}

TEST_F(TransactWriteItems, IndexesConsumeTwiceTheirUnitsToo) {
  json table = hash_table("indexed");
  table["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
  table["GlobalSecondaryIndexes"] = json::parse(R"([{"IndexName": "byg",
      "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])");
  call("CreateTable", table);
  json input = transact({put_action("indexed", {{"a", {{"S", "k"}}}, {"g", {{"S", "x"}}}})});
  input["ReturnConsumedCapacity"] = "INDEXES";
  EXPECT_EQ(call("TransactWriteItems", input), json::parse(R"({"ConsumedCapacity": [
      {"TableName": "indexed", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0,
       "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
       "GlobalSecondaryIndexes": {"byg": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}}}]})"));
  EXPECT_EQ(call("Query", {{"TableName", "indexed"}, {"IndexName", "byg"},
                           {"KeyConditionExpression", "g = :g"},
                           {"ExpressionAttributeValues", {{":g", {{"S", "x"}}}}}})["Count"],
            1);
}

TEST_F(TransactWriteItems, ItemCollectionMetricsAreReportedForTablesWithALocalIndex) {
  json table = range_table("local");
  table["LocalSecondaryIndexes"] = json::parse(R"([{"IndexName": "byc",
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"}}])");
  table["AttributeDefinitions"].push_back({{"AttributeName", "c"}, {"AttributeType", "S"}});
  call("CreateTable", table);
  json input = transact({put_action("local", {{"a", {{"S", "p"}}}, {"b", {{"S", "q"}}}}),
                         put_action("plain", item("k", 1))});
  input["ReturnItemCollectionMetrics"] = "SIZE";
  EXPECT_EQ(call("TransactWriteItems", input), json::parse(R"({"ItemCollectionMetrics": {"local": [
      {"ItemCollectionKey": {"a": {"S": "p"}}, "SizeEstimateRangeGB": [0.0, 1.0]}]}})"));
}

TEST_F(TransactWriteItems, ARepeatedTokenAnswersAgainAndWritesNothingAgain) {
  put("streamed", item("x", 10));
  json input = transact({transfer_action("streamed", "x", -1)});
  input["ClientRequestToken"] = "token-1";
  input["ReturnConsumedCapacity"] = "TOTAL";
  EXPECT_EQ(call("TransactWriteItems", input)["ConsumedCapacity"][0]["WriteCapacityUnits"], 2.0);
  std::size_t records = stream_records().size();
  // The replay reads what the first request wrote: AWS reports read units.
  EXPECT_EQ(call("TransactWriteItems", input),
            json::parse(R"({"ConsumedCapacity": [{"TableName": "streamed", "CapacityUnits": 2.0,
                            "ReadCapacityUnits": 2.0}]})"));
  EXPECT_EQ(get("streamed", key("x")), item("x", 9));
  EXPECT_EQ(stream_records().size(), records);

  json other = transact({transfer_action("streamed", "x", -2)});
  other["ClientRequestToken"] = "token-1";
  core::ApiError e = error_of("TransactWriteItems", other);
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException");
  EXPECT_EQ(e.message(),
            "Specified idempotent token was used with different request parameters within the "
            "idempotency window");

  // Ten minutes after it committed, the token names nothing any more.
  core::Clock::advance_for_tests(std::chrono::minutes(10) + std::chrono::seconds(1));
  call("TransactWriteItems", input);
  EXPECT_EQ(get("streamed", key("x")), item("x", 8));
}

TEST_F(TransactWriteItems, ACancelledTransactionRecordsNoToken) {
  put("plain", item("x", 0));
  json input = transact({transfer_action("plain", "x", -1)});
  input["ClientRequestToken"] = "token-2";
  EXPECT_EQ(error_of("TransactWriteItems", input).wire_type(), kCanceledType);
  put("plain", item("x", 5));
  call("TransactWriteItems", input);
  EXPECT_EQ(get("plain", key("x")), item("x", 4));
}

// Transfers between accounts, from several threads at once: each transaction moves an amount
// from one account to another only if the first can pay it, so the total never changes and no
// account goes below zero, however the transactions interleave.
TEST_F(TransactWriteItems, ConcurrentTransfersConserveTheTotal) {
  constexpr int kAccounts = 5;
  constexpr int kThreads = 4;
  constexpr int kTransfersPerThread = 500;
  for (int i = 0; i < kAccounts; ++i) put("streamed", item("acct" + std::to_string(i), 100));
  std::atomic<int> committed{0};
  std::atomic<int> cancelled{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransfersPerThread; ++i) {
        int from = (t + i) % kAccounts;
        int to = (from + 1 + i % (kAccounts - 1)) % kAccounts;
        int amount = 1 + (i * 7 + t) % 60;
        json input = transact({transfer_action("streamed", "acct" + std::to_string(from), -amount),
                               transfer_action("streamed", "acct" + std::to_string(to), amount)});
        core::RequestContext context;
        try {
          service->invoke(context, "TransactWriteItems", input);
          ++committed;
        } catch (const core::ApiError& e) {
          if (e.code() != "TransactionCanceledException") throw;
          ++cancelled;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(committed + cancelled, kThreads * kTransfersPerThread);
  EXPECT_GT(committed.load(), 0);
  int total = 0;
  for (int i = 0; i < kAccounts; ++i) {
    int balance =
        std::stoi((*get("streamed", key("acct" + std::to_string(i))))["n"]["N"].get<std::string>());
    EXPECT_GE(balance, 0);
    total += balance;
  }
  EXPECT_EQ(total, kAccounts * 100);
  // Every committed transfer wrote its two records, and no cancelled one wrote any.
  EXPECT_EQ(stream_records().size(), static_cast<std::size_t>(kAccounts + 2 * committed));
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
