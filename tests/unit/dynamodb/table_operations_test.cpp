// DescribeTable, ListTables, DeleteTable and UpdateTable through DynamoDbService::invoke (texts
// from dynalite's tests, run against AWS, dynoxide's captures and AWS's message catalogue).
#include "core/clock.h"
#include "dynamodb/item_store.h"
#include "table_test_fixture.h"

#include <chrono>
#include <regex>

namespace streamstack::dynamodb::testing {
namespace {

class TableOperations : public TableTest {};

TEST_F(TableOperations, DescribeMissingTableIsNotFound) {
  core::ApiError e = error_of("DescribeTable", {{"TableName", "nope"}});
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found: Table: nope not found");
}

TEST_F(TableOperations, DescribeChecksTheNameFirst) {
  EXPECT_EQ(validation_message("DescribeTable", json::object()),
            "The parameter 'TableName' is required but was not present in the request");
  EXPECT_EQ(validation_message("DescribeTable", {{"TableName", "ab"}}),
            "TableName must be at least 3 characters long and at most 255 characters long");
  EXPECT_EQ(validation_message("DescribeTable", {{"TableName", "abc;"}}),
            "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  EXPECT_EQ(serialization_message("DescribeTable", {{"TableName", true}}),
            "TRUE_VALUE cannot be converted to String");
}

TEST_F(TableOperations, DescribeByArnOfTheCallersRegionOnly) {
  call("CreateTable", hash_table("tab"));
  json d =
      call("DescribeTable", {{"TableName", "arn:aws:dynamodb:us-east-1:000000000000:table/tab"}});
  EXPECT_EQ(d["Table"]["TableName"], "tab");
  core::ApiError e = error_of("DescribeTable",
                              {{"TableName", "arn:aws:dynamodb:eu-west-1:000000000000:table/tab"}});
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
}

TEST_F(TableOperations, TablesBelongToTheirRegion) {
  call("CreateTable", hash_table("tab"));
  context.region = "eu-west-1";
  EXPECT_EQ(call("ListTables", json::object()), json({{"TableNames", json::array()}}));
  EXPECT_EQ(error_of("DescribeTable", {{"TableName", "tab"}}).code(), "ResourceNotFoundException");
}

TEST_F(TableOperations, DescribeCountsTheItems) {
  call("CreateTable", hash_table("tab"));
  TableInfo table = *Catalog(db).find(context, "tab");
  db.write([&](store::Connection& c) {
    ItemStore::put(c, table, {{"a", {{"S", "x"}}}, {"b", {{"S", "hello"}}}});
  });
  json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["ItemCount"], 1);
  EXPECT_GT(d["TableSizeBytes"].get<std::int64_t>(), 0);
}

TEST_F(TableOperations, ListTablesPagesInNameOrder) {
  for (const char* name : {"ccc", "aaa", "bbb"}) call("CreateTable", hash_table(name));
  EXPECT_EQ(call("ListTables", {{"Limit", 2}}),
            json({{"TableNames", {"aaa", "bbb"}}, {"LastEvaluatedTableName", "bbb"}}));
  EXPECT_EQ(call("ListTables", {{"Limit", 2}, {"ExclusiveStartTableName", "bbb"}}),
            json({{"TableNames", {"ccc"}}}));
  EXPECT_EQ(call("ListTables", {{"Limit", 3}}), json({{"TableNames", {"aaa", "bbb", "ccc"}}}));
}

TEST_F(TableOperations, ListTablesConstraintsInAwsOrder) {
  EXPECT_EQ(validation_message("ListTables", {{"ExclusiveStartTableName", "a;"}, {"Limit", 500}}),
            "3 validation errors detected: Value '500' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 100; Value 'a;' at "
            "'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z0-9_.-]+; Value 'a;' at 'exclusiveStartTableName' failed "
            "to satisfy constraint: Member must have length greater than or equal to 3");
  EXPECT_EQ(validation_message("ListTables", {{"Limit", 0}}),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1");
  EXPECT_EQ(serialization_message("ListTables", {{"Limit", "5"}}),
            "STRING_VALUE cannot be converted to Integer");
}

TEST_F(TableOperations, ListTablesIgnoresNullsAndUnknownMembers) {
  call("CreateTable", hash_table("tab"));
  EXPECT_EQ(
      call("ListTables", {{"Limit", nullptr}, {"ExclusiveStartTableName", nullptr}, {"hi", 1}}),
      json({{"TableNames", {"tab"}}}));
}

TEST_F(TableOperations, DeleteAnswersDeletingAndTheTableIsGone) {
  call("CreateTable", hash_table("tab"));
  json d = call("DeleteTable", {{"TableName", "tab"}})["TableDescription"];
  EXPECT_EQ(d["TableStatus"], "DELETING");
  EXPECT_EQ(d["TableName"], "tab");
  EXPECT_EQ(error_of("DescribeTable", {{"TableName", "tab"}}).message(),
            "Requested resource not found: Table: tab not found");
  EXPECT_EQ(call("ListTables", json::object()), json({{"TableNames", json::array()}}));
  core::ApiError e = error_of("DeleteTable", {{"TableName", "tab"}});
  EXPECT_EQ(e.code(), "ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found: Table: tab not found");
}

TEST_F(TableOperations, DeletionProtectionRefusesDelete) {
  json input = hash_table("tab");
  input["DeletionProtectionEnabled"] = true;
  call("CreateTable", input);
  EXPECT_EQ(validation_message("DeleteTable", {{"TableName", "tab"}}),
            "Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.");
  call("UpdateTable", {{"TableName", "tab"}, {"DeletionProtectionEnabled", false}});
  EXPECT_EQ(call("DeleteTable", {{"TableName", "tab"}})["TableDescription"]["TableStatus"],
            "DELETING");
}

TEST_F(TableOperations, UpdateThroughputAnswersTheFormerValues) {
  call("CreateTable", hash_table("tab"));
  json input = {{"TableName", "tab"},
                {"ProvisionedThroughput", {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 6}}}};
  json d = call("UpdateTable", input)["TableDescription"];
  EXPECT_EQ(d["TableStatus"], "UPDATING");
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"], 1);
  EXPECT_EQ(d["ProvisionedThroughput"]["WriteCapacityUnits"], 1);
  EXPECT_TRUE(d["ProvisionedThroughput"]["LastIncreaseDateTime"].is_number());
  json now = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(now["TableStatus"], "ACTIVE");
  EXPECT_EQ(now["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
  EXPECT_EQ(now["ProvisionedThroughput"]["WriteCapacityUnits"], 6);
  EXPECT_EQ(validation_message("UpdateTable", input),
            "The provisioned throughput for the table will not change. The requested value equals "
            "the current value. Current ReadCapacityUnits provisioned for the table: 5. Requested "
            "ReadCapacityUnits: 5. Current WriteCapacityUnits provisioned for the table: 6. "
            "Requested WriteCapacityUnits: 6. Refer to the Amazon DynamoDB Developer Guide for "
            "current limits and how to request higher limits.");
}

TEST_F(TableOperations, UpdateNeedsSomethingToChange) {
  call("CreateTable", hash_table("tab"));
  EXPECT_EQ(validation_message("UpdateTable", {{"TableName", "tab"}}),
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, "
            "MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
            "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is "
            "required");
  EXPECT_EQ(
      validation_message("UpdateTable",
                         {{"TableName", "abc"}, {"ProvisionedThroughput", json::object()}}),
      "2 validation errors detected: Value null at 'provisionedThroughput.writeCapacityUnits' "
      "failed to satisfy constraint: Member must not be null; Value null at "
      "'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must "
      "not be null");
}

TEST_F(TableOperations, StreamsAreEnabledAndDisabled) {
  call("CreateTable", hash_table("tab"));
  json enable = {
      {"TableName", "tab"},
      {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "KEYS_ONLY"}}}};
  json d = call("UpdateTable", enable)["TableDescription"];
  std::string arn = d["LatestStreamArn"];
  EXPECT_EQ(arn, "arn:aws:dynamodb:us-east-1:000000000000:table/tab/stream/" +
                     d["LatestStreamLabel"].get<std::string>());
  EXPECT_EQ(validation_message("UpdateTable", enable),
            "Table already has an enabled stream: TableName: tab");
  json disable = {{"TableName", "tab"}, {"StreamSpecification", {{"StreamEnabled", false}}}};
  d = call("UpdateTable", disable)["TableDescription"];
  EXPECT_EQ(d["StreamSpecification"], json({{"StreamEnabled", false}}));
  EXPECT_EQ(d["LatestStreamArn"], arn);  // the last stream stays named after it is disabled
  EXPECT_EQ(validation_message("UpdateTable", disable),
            "Table has no stream to disable: TableName: tab");
}

TEST_F(TableOperations, SwitchToOnDemand) {
  call("CreateTable", hash_table("tab"));
  call("UpdateTable", {{"TableName", "tab"}, {"BillingMode", "PAY_PER_REQUEST"}});
  json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_TRUE(d["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"].is_number());
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"], 0);
  json throughput = {{"ReadCapacityUnits", 2}, {"WriteCapacityUnits", 2}};
  EXPECT_EQ(validation_message("UpdateTable",
                               {{"TableName", "tab"}, {"ProvisionedThroughput", throughput}}),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  EXPECT_EQ(
      validation_message("UpdateTable", {{"TableName", "tab"}, {"BillingMode", "PROVISIONED"}}),
      "One or more parameter values were invalid: ProvisionedThroughput must be specified "
      "when BillingMode is PROVISIONED");
}

TEST_F(TableOperations, GlobalIndexesAreCreatedAndDeleted) {
  json input = hash_table("tab");
  input.erase("ProvisionedThroughput");
  input["BillingMode"] = "PAY_PER_REQUEST";
  call("CreateTable", input);
  json create = json::parse(R"({"TableName": "tab",
      "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "N"}],
      "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "byg",
          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "ALL"}}}]})");
  json d = call("UpdateTable", create)["TableDescription"];
  EXPECT_EQ(d["GlobalSecondaryIndexes"][0]["IndexStatus"], "CREATING");
  EXPECT_EQ(d["AttributeDefinitions"], json::parse(R"([{"AttributeName": "a", "AttributeType": "S"},
                            {"AttributeName": "g", "AttributeType": "N"}])"));
  d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
  EXPECT_EQ(d["GlobalSecondaryIndexes"][0]["IndexArn"],
            "arn:aws:dynamodb:us-east-1:000000000000:table/tab/index/byg");
  EXPECT_EQ(validation_message("UpdateTable", create),
            "Attempting to create an index which already exists");
  json remove = json::parse(
      R"({"TableName": "tab", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "byg"}}]})");
  call("UpdateTable", remove);
  d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_FALSE(d.contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(d["AttributeDefinitions"],
            json::parse(R"([{"AttributeName": "a", "AttributeType": "S"}])"));
  // Deleting an index the table does not have: AWS answers ResourceNotFoundException.
  core::ApiError missing = error_of("UpdateTable", remove);
  EXPECT_EQ(missing.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(missing.message(), "Requested resource not found");
}

TEST_F(TableOperations, IndexUpdatesAreCheckedBeforeTheLookup) {
  EXPECT_EQ(
      validation_message("UpdateTable", json::parse(R"({"TableName": "nope",
                "GlobalSecondaryIndexUpdates": [{}]})")),
      "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
      "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
  EXPECT_EQ(validation_message("UpdateTable", json::parse(R"({"TableName": "nope",
                "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "abc"}},
                                                {"Delete": {"IndexName": "abc"}}]})")),
            "One or more parameter values were invalid: Only one global secondary index update "
            "per index is allowed simultaneously. Index: abc");
  EXPECT_EQ(validation_message("UpdateTable", json::parse(R"({"TableName": "nope",
                "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
                "StreamSpecification": {"StreamEnabled": false}})")),
            "One or more parameter values were invalid: You cannot modify stream status while "
            "updating table IOPS");
}

TEST_F(TableOperations, UpdateMissingTableIsNotFound) {
  EXPECT_EQ(error_of("UpdateTable", {{"TableName", "nope"}, {"DeletionProtectionEnabled", true}})
                .message(),
            "Requested resource not found: Table: nope not found");
}

class DelayedTables : public TableTest {
 protected:
  DelayedTables() : TableTest(Options{.table_delay_ms = 1000}) {}
};

TEST_F(DelayedTables, StatusesHoldForTheDelay) {
  call("CreateTable", hash_table("tab"));
  EXPECT_EQ(call("DescribeTable", {{"TableName", "tab"}})["Table"]["TableStatus"], "CREATING");
  EXPECT_EQ(error_of("DeleteTable", {{"TableName", "tab"}}).message(),
            "Attempt to change a resource which is still in use: Table is being created: tab");
  core::Clock::advance_for_tests(std::chrono::milliseconds(1001));
  EXPECT_EQ(call("DescribeTable", {{"TableName", "tab"}})["Table"]["TableStatus"], "ACTIVE");
  call("DeleteTable", {{"TableName", "tab"}});
  EXPECT_EQ(call("DescribeTable", {{"TableName", "tab"}})["Table"]["TableStatus"], "DELETING");
  EXPECT_EQ(call("ListTables", json::object()), json({{"TableNames", {"tab"}}}));
  core::Clock::advance_for_tests(std::chrono::milliseconds(1001));
  EXPECT_EQ(call("ListTables", json::object()), json({{"TableNames", json::array()}}));
  EXPECT_EQ(error_of("DescribeTable", {{"TableName", "tab"}}).code(), "ResourceNotFoundException");
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
