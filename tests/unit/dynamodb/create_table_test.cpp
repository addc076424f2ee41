// CreateTable through DynamoDbService::invoke: the TableDescription it answers and AWS's errors
// (texts from dynalite's test/createTable.js, run against AWS, and dynoxide's captures).
#include "table_test_fixture.h"

#include <regex>

namespace streamstack::dynamodb::testing {
namespace {

class CreateTable : public TableTest {};

TEST_F(CreateTable, AnswersTheDescriptionCreating) {
  json d = call("CreateTable", hash_table("tab"))["TableDescription"];
  EXPECT_TRUE(std::regex_match(
      d["TableId"].get<std::string>(),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_TRUE(d["CreationDateTime"].is_number());
  d.erase("TableId");
  d.erase("CreationDateTime");
  EXPECT_EQ(d, json::parse(R"({
    "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
    "TableName": "tab",
    "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
    "TableStatus": "CREATING",
    "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 1,
                              "WriteCapacityUnits": 1},
    "TableSizeBytes": 0,
    "ItemCount": 0,
    "TableArn": "arn:aws:dynamodb:us-east-1:000000000000:table/tab",
    "DeletionProtectionEnabled": false
  })"));
}

TEST_F(CreateTable, TableIsActiveByTheNextCall) {
  json created = call("CreateTable", hash_table("tab"))["TableDescription"];
  json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["TableStatus"], "ACTIVE");
  EXPECT_EQ(d["DeletionProtectionEnabled"], false);
  EXPECT_EQ(d["TableId"], created["TableId"]);
  EXPECT_EQ(d["CreationDateTime"], created["CreationDateTime"]);
  EXPECT_EQ(d["WarmThroughput"]["Status"], "ACTIVE");
}

TEST_F(CreateTable, OnDemandTableShowsZeroThroughputAndBillingSummary) {
  json input = hash_table("tab");
  input.erase("ProvisionedThroughput");
  input["BillingMode"] = "PAY_PER_REQUEST";
  json created = call("CreateTable", input)["TableDescription"];
  EXPECT_EQ(created["BillingModeSummary"], json({{"BillingMode", "PAY_PER_REQUEST"}}));
  EXPECT_EQ(
      created["ProvisionedThroughput"],
      json({{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}}));
  json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"], d["CreationDateTime"]);
  EXPECT_EQ(
      d["WarmThroughput"],
      json({{"ReadUnitsPerSecond", 12000}, {"WriteUnitsPerSecond", 4000}, {"Status", "ACTIVE"}}));
}

TEST_F(CreateTable, ExistingTableIsResourceInUse) {
  call("CreateTable", hash_table("tab"));
  core::ApiError e = error_of("CreateTable", hash_table("tab"));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceInUseException");
  EXPECT_EQ(e.message(), "Table already exists: tab");
}

TEST_F(CreateTable, MissingTableNameIsReportedAlone) {
  EXPECT_EQ(validation_message("CreateTable", json::object()),
            "The parameter 'TableName' is required but was not present in the request");
}

TEST_F(CreateTable, NullMembersAreReportedTogetherWithTheName) {
  EXPECT_EQ(validation_message("CreateTable", {{"TableName", "abc;"}}),
            "3 validation errors detected: "
            "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be "
            "null; Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [a-zA-Z0-9_.-]+; Value null at 'keySchema' failed to "
            "satisfy constraint: Member must not be null");
}

TEST_F(CreateTable, MembersOfTheWrongTypeAreSerializationErrors) {
  json input = hash_table("tab");
  input["TableName"] = 23;
  EXPECT_EQ(serialization_message("CreateTable", input),
            "NUMBER_VALUE cannot be converted to String");
  input = hash_table("tab");
  input["ProvisionedThroughput"] = "x";
  EXPECT_EQ(serialization_message("CreateTable", input), "Unexpected field type");
  input = hash_table("tab");
  input["ProvisionedThroughput"]["ReadCapacityUnits"] = "5";
  EXPECT_EQ(serialization_message("CreateTable", input),
            "STRING_VALUE cannot be converted to Long");
  input = hash_table("tab");
  input["KeySchema"] = json::array({"x"});
  EXPECT_EQ(serialization_message("CreateTable", input), "Unexpected value type in payload");
  input["KeySchema"] = json::object();
  EXPECT_EQ(serialization_message("CreateTable", input),
            "Start of structure or map found where not expected");
  input["KeySchema"] = json::array({json::array()});
  EXPECT_EQ(serialization_message("CreateTable", input),
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement");
}

TEST_F(CreateTable, LowThroughputAndEmptyKeySchema) {
  json input = {{"TableName", "abc"},
                {"AttributeDefinitions", json::array()},
                {"KeySchema", json::array()},
                {"ProvisionedThroughput", {{"ReadCapacityUnits", -1}, {"WriteCapacityUnits", -1}}}};
  EXPECT_EQ(
      validation_message("CreateTable", input),
      "3 validation errors detected: "
      "Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: "
      "Member must have value greater than or equal to 1; "
      "Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
      "Member must have value greater than or equal to 1; "
      "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length "
      "greater than or equal to 1");
}

TEST_F(CreateTable, KeySchemaElementsAreCheckedOneByOne) {
  json input = {{"TableName", "abc"},
                {"AttributeDefinitions", json::array()},
                {"KeySchema", json::parse(R"([{"KeyType": "HASH"}, {"AttributeName": "a"},
                                              {"KeyType": "Woop", "AttributeName": "a"}])")},
                {"ProvisionedThroughput", {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}}};
  EXPECT_EQ(
      validation_message("CreateTable", input),
      "4 validation errors detected: Value '[KeySchemaElement(attributeName=, keyType=HASH), "
      "KeySchemaElement(attributeName=a, keyType=), KeySchemaElement(attributeName=a, "
      "keyType=Woop)]' at 'keySchema' failed to satisfy constraint: Member must have length "
      "less than or equal to 2; Value null at 'keySchema.1.member.attributeName' failed to "
      "satisfy constraint: Member must not be null; Value null at "
      "'keySchema.2.member.keyType' failed to satisfy constraint: Member must not be null; "
      "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: Member must "
      "satisfy enum value set: [HASH, RANGE]");
}

TEST_F(CreateTable, AttributeTypeEnumIsListedAsAwsListsIt) {
  json input = hash_table("abc");
  input["AttributeDefinitions"][0]["AttributeType"] = "SS";
  EXPECT_EQ(
      validation_message("CreateTable", input),
      "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' "
      "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
}

TEST_F(CreateTable, KeyAttributesMustBeDefined) {
  json input = hash_table("abc");
  input["AttributeDefinitions"][0]["AttributeName"] = "b";
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Some index key attributes are not defined "
            "in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]");
  input = range_table("abc");
  input["AttributeDefinitions"].erase(1);
  EXPECT_EQ(validation_message("CreateTable", input),
            "Invalid KeySchema: Some index key attribute have no definition");
}

TEST_F(CreateTable, FirstKeyMustBeHash) {
  json input = range_table("abc");
  input["KeySchema"][0]["KeyType"] = "RANGE";
  input["KeySchema"][1]["KeyType"] = "HASH";
  EXPECT_EQ(validation_message("CreateTable", input),
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
}

TEST_F(CreateTable, EveryDefinitionMustBeAKey) {
  json input = hash_table("abc");
  input["AttributeDefinitions"].push_back({{"AttributeName", "b"}, {"AttributeType", "S"}});
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not "
            "exactly match number of attributes defined in AttributeDefinitions");
}

TEST_F(CreateTable, BillingModeAndThroughput) {
  json input = hash_table("abc");
  input["BillingMode"] = "PAY_PER_REQUEST";
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  input.erase("BillingMode");
  input.erase("ProvisionedThroughput");
  EXPECT_EQ(validation_message("CreateTable", input),
            "No provisioned throughput specified for the table");
  input["BillingMode"] = "PROVISIONED";
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be specified when BillingMode is PROVISIONED");
  input = hash_table("abc");
  input["ProvisionedThroughput"]["ReadCapacityUnits"] = 1000000000001;
  EXPECT_EQ(validation_message("CreateTable", input),
            "Given value 1000000000001 for ReadCapacityUnits is out of bounds");
}

TEST_F(CreateTable, LocalIndexNeedsATableRangeKey) {
  json input = hash_table("abc");
  input["AttributeDefinitions"].push_back({{"AttributeName", "b"}, {"AttributeType", "S"}});
  input["LocalSecondaryIndexes"] = json::parse(R"([{"IndexName": "idx",
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "ALL"}}])");
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Table KeySchema does not have a range key, "
            "which is required when specifying a LocalSecondaryIndex");
}

TEST_F(CreateTable, IndexesAreDescribed) {
  json input = range_table("tab");
  input["AttributeDefinitions"].push_back({{"AttributeName", "c"}, {"AttributeType", "N"}});
  input["LocalSecondaryIndexes"] = json::parse(R"([{"IndexName": "local",
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}])");
  input["GlobalSecondaryIndexes"] = json::parse(R"([{"IndexName": "global",
      "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}}])");
  json created = call("CreateTable", input)["TableDescription"];
  EXPECT_EQ(created["LocalSecondaryIndexes"], json::parse(R"([{"IndexName": "local",
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]},
      "IndexSizeBytes": 0, "ItemCount": 0,
      "IndexArn": "arn:aws:dynamodb:us-east-1:000000000000:table/tab/index/local"}])"));
  EXPECT_EQ(created["GlobalSecondaryIndexes"], json::parse(R"([{"IndexName": "global",
      "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"}, "IndexStatus": "CREATING",
      "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 2, "WriteCapacityUnits": 3},
      "IndexSizeBytes": 0, "ItemCount": 0,
      "IndexArn": "arn:aws:dynamodb:us-east-1:000000000000:table/tab/index/global",
      "WarmThroughput": {"ReadUnitsPerSecond": 2, "WriteUnitsPerSecond": 3, "Status": "CREATING"}}])"));
  json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(d["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
}

TEST_F(CreateTable, IndexNamesAreUniqueAcrossLocalAndGlobal) {
  json input = range_table("tab");
  json index = json::parse(R"({"IndexName": "idx",
      "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
      "Projection": {"ProjectionType": "ALL"}})");
  input["LocalSecondaryIndexes"] = json::array({index});
  index["ProvisionedThroughput"] = {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}};
  input["GlobalSecondaryIndexes"] = json::array({index});
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Duplicate index name: idx");
}

TEST_F(CreateTable, ProjectionTypeIsRequired) {
  json input = range_table("tab");
  input["GlobalSecondaryIndexes"] = json::parse(R"([{"IndexName": "idx",
      "KeySchema": [{"AttributeName": "b", "KeyType": "HASH"}], "Projection": {},
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])");
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Unknown ProjectionType: null");
}

TEST_F(CreateTable, StreamIsDescribedWithItsLabel) {
  json input = hash_table("tab");
  input["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}};
  json d = call("CreateTable", input)["TableDescription"];
  EXPECT_EQ(d["StreamSpecification"],
            json({{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}));
  std::string label = d["LatestStreamLabel"];
  EXPECT_TRUE(std::regex_match(label, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})")));
  EXPECT_EQ(d["LatestStreamArn"],
            "arn:aws:dynamodb:us-east-1:000000000000:table/tab/stream/" + label);
  input["TableName"] = "tb2";
  input["StreamSpecification"].erase("StreamViewType");
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: Table is being created with a stream "
            "enabled, UpdateViewType is required");
}

TEST_F(CreateTable, DeletionProtectionIsEchoedWhenSet) {
  json input = hash_table("tab");
  input["DeletionProtectionEnabled"] = true;
  EXPECT_EQ(call("CreateTable", input)["TableDescription"]["DeletionProtectionEnabled"], true);
}

TEST_F(CreateTable, UnknownOperationHasNoMessage) {
  core::ApiError e = error_of("CreateTables", json::object());
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ(e.message(), "");
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
