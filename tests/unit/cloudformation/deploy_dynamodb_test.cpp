// AWS::DynamoDB::Table, AWS::DynamoDB::GlobalTable, Custom::DynamoDBReplica and
// AWS::Kinesis::Stream deployed through DynamoDB's and Kinesis's own operations.
#include "deploy_fixture.h"

#include <regex>

namespace streamstack::cloudformation::testing {
namespace {

json table_template(json properties) {
  return {{"Resources", {{"Table", {{"Type", "AWS::DynamoDB::Table"}, {"Properties", std::move(properties)}}}}}};
}

json keys() {
  return {{"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}, {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
          {"AttributeDefinitions",
           {{{"AttributeName", "pk"}, {"AttributeType", "S"}}, {{"AttributeName", "sk"}, {"AttributeType", "N"}}}}};
}

class DynamoDbDeploy : public DeployTest {};

TEST_F(DynamoDbDeploy, AnUnnamedTableIsNamedStackLogicalIdRandom) {
  auto result = deploy(table_template({{"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                                       {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                                       {"BillingMode", "PAY_PER_REQUEST"}}));
  EXPECT_EQ(result.created, 1);
  auto names = dynamodb("ListTables", json::object())["TableNames"];
  ASSERT_EQ(names.size(), 1u);
  EXPECT_TRUE(std::regex_match(names[0].get<std::string>(), std::regex("Stack-Table-[A-Z0-9]{13}"))) << names[0];
}

TEST_F(DynamoDbDeploy, TablePropertiesBecomeCreateTablesRequest) {
  json properties = keys();
  properties["AttributeDefinitions"].push_back({{"AttributeName", "gsi"}, {"AttributeType", "S"}});
  properties["TableName"] = "orders";
  properties["BillingMode"] = "PROVISIONED";
  properties["ProvisionedThroughput"] = {{"ReadCapacityUnits", "5"}, {"WriteCapacityUnits", 2}};
  properties["GlobalSecondaryIndexes"] = {{{"IndexName", "byGsi"},
                                           {"KeySchema", {{{"AttributeName", "gsi"}, {"KeyType", "HASH"}}}},
                                           {"Projection", {{"ProjectionType", "KEYS_ONLY"}}},
                                           {"ProvisionedThroughput", {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}},
                                           {"ContributorInsightsSpecification", {{"Enabled", false}}}}};
  properties["LocalSecondaryIndexes"] = {{{"IndexName", "byGsiLocal"},
                                          {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                                                         {{"AttributeName", "gsi"}, {"KeyType", "RANGE"}}}},
                                          {"Projection", {{"ProjectionType", "ALL"}}}}};
  properties["StreamSpecification"] = {{"StreamViewType", "NEW_IMAGE"}};
  properties["DeletionProtectionEnabled"] = "true";
  properties["Tags"] = {{{"Key", "team"}, {"Value", "a"}}};
  deploy(table_template(properties));
  auto table = dynamodb("DescribeTable", {{"TableName", "orders"}})["Table"];
  EXPECT_EQ(table["KeySchema"], properties["KeySchema"]);
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
  EXPECT_EQ(table["ProvisionedThroughput"]["WriteCapacityUnits"], 2);
  EXPECT_EQ(table["GlobalSecondaryIndexes"][0]["IndexName"], "byGsi");
  EXPECT_EQ(table["LocalSecondaryIndexes"][0]["IndexName"], "byGsiLocal");
  EXPECT_EQ(table["StreamSpecification"], json({{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}));
  EXPECT_EQ(table["DeletionProtectionEnabled"], true);
}

TEST_F(DynamoDbDeploy, TheTablesAttributesAreItsArnAndStreamArn) {
  json properties = keys();
  properties["TableName"] = "tab";
  properties["BillingMode"] = "PAY_PER_REQUEST";
  properties["StreamSpecification"] = {{"StreamViewType", "KEYS_ONLY"}};
  json document = table_template(properties);
  document["Outputs"] = {{"Arn", {{"Value", {{"Fn::GetAtt", {"Table", "Arn"}}}}}},
                         {"Stream", {{"Value", {{"Fn::GetAtt", {"Table", "StreamArn"}}}}}},
                         {"Name", {{"Value", {{"Ref", "Table"}}}}}};
  auto result = deploy(document);
  auto table = dynamodb("DescribeTable", {{"TableName", "tab"}})["Table"];
  ASSERT_EQ(result.outputs.size(), 3u);
  EXPECT_EQ(result.outputs[0].value, "arn:aws:dynamodb:us-east-1:000000000000:table/tab");
  EXPECT_EQ(result.outputs[1].value, "tab");
  EXPECT_EQ(result.outputs[2].value, table["LatestStreamArn"]);
}

TEST_F(DynamoDbDeploy, AStreamArnOfATableWithoutAStreamIsAnError) {
  json properties = keys();
  properties["BillingMode"] = "PAY_PER_REQUEST";
  json document = table_template(properties);
  document["Outputs"] = {{"Stream", {{"Value", {{"Fn::GetAtt", {"Table", "StreamArn"}}}}}}};
  EXPECT_EQ(deploy_error(document),
            file() + ": at /Outputs/Stream/Value/Fn::GetAtt: expected an attribute AWS::DynamoDB::Table Table has "
                     "(Arn), got \"StreamArn\"");
}

TEST_F(DynamoDbDeploy, KinesisStreamSpecificationIsTheTablesStreamingDestination) {
  json properties = keys();
  properties["TableName"] = "tab";
  properties["BillingMode"] = "PAY_PER_REQUEST";
  properties["KinesisStreamSpecification"] = {{"StreamArn", {{"Fn::GetAtt", {"Stream", "Arn"}}}}};
  json document = table_template(properties);
  document["Resources"]["Stream"] = {{"Type", "AWS::Kinesis::Stream"}, {"Properties", {{"ShardCount", 1}}}};
  deploy(document);
  auto destinations = dynamodb("DescribeKinesisStreamingDestination", {{"TableName", "tab"}})["KinesisDataStreamDestinations"];
  ASSERT_EQ(destinations.size(), 1u);
  EXPECT_TRUE(std::regex_match(destinations[0]["StreamArn"].get<std::string>(),
                               std::regex("arn:aws:kinesis:us-east-1:000000000000:stream/Stack-Stream-[A-Za-z0-9]{12}")));
  EXPECT_EQ(destinations[0]["DestinationStatus"], "ACTIVE");
}

TEST_F(DynamoDbDeploy, DynamoDbsRefusalNamesTheResourceAndItsWords) {
  json properties = {{"TableName", "tab"},
                     {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                     {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}}};
  EXPECT_EQ(deploy_error(table_template(properties)),
            file() + ": Table at /Resources/Table/Properties: expected properties DynamoDB accepts "
                     "(ValidationException: No provisioned throughput specified for the table)");
}

TEST_F(DynamoDbDeploy, PropertiesAreCheckedAsCloudFormationsSchemaChecksThem) {
  EXPECT_EQ(deploy_error(table_template({{"BillingMode", "PAY_PER_REQUEST"}})),
            file() + ": Table at /Resources/Table/Properties: expected property KeySchema (required by "
                     "AWS::DynamoDB::Table)");
  EXPECT_EQ(deploy_error(table_template({{"KeySchema", json::array()}, {"TableNam", "x"}})),
            file() + ": Table at /Resources/Table/Properties/TableNam: expected a property of AWS::DynamoDB::Table "
                     "(CloudFormation: extraneous key [TableNam] is not permitted)");
  EXPECT_EQ(deploy_error(table_template({{"KeySchema", json::array()}, {"StreamSpecification", {{"ViewType", "x"}}}})),
            file() + ": Table at /Resources/Table/Properties/StreamSpecification/StreamViewType: expected member "
                     "StreamViewType");
}

TEST_F(DynamoDbDeploy, TimeToLiveIsAppliedWhenDynamoDbHasUpdateTimeToLiveAndReportedWhenNot) {
  json properties = keys();
  properties["TableName"] = "tab";
  properties["BillingMode"] = "PAY_PER_REQUEST";
  properties["TimeToLiveSpecification"] = {{"AttributeName", "expires"}, {"Enabled", true}};
  auto result = deploy(table_template(properties));
  json empty = json::object();
  bool has_ttl = false;
  try {
    dynamodb("UpdateTimeToLive", empty);
  } catch (const core::ApiError& e) {
    has_ttl = e.code() != "UnknownOperationException";
  }
  if (has_ttl) {
    EXPECT_EQ(reported(result, "Table"), std::vector<std::string>{});
    EXPECT_EQ(dynamodb("DescribeTimeToLive", {{"TableName", "tab"}})["TimeToLiveDescription"]["AttributeName"], "expires");
  } else {
    EXPECT_EQ(reported(result, "Table"),
              std::vector<std::string>{"TimeToLiveSpecification (DynamoDB has no UpdateTimeToLive here yet)"});
  }
}

TEST_F(DynamoDbDeploy, AChangedBillingModeUpdatesTheTableInPlace) {
  json properties = keys();
  properties["TableName"] = "tab";
  properties["BillingMode"] = "PAY_PER_REQUEST";
  deploy(table_template(properties));
  properties["BillingMode"] = "PROVISIONED";
  properties["ProvisionedThroughput"] = {{"ReadCapacityUnits", 3}, {"WriteCapacityUnits", 4}};
  auto result = deploy(table_template(properties));
  EXPECT_EQ(result.updated, 1);
  auto table = dynamodb("DescribeTable", {{"TableName", "tab"}})["Table"];
  EXPECT_EQ(table["ProvisionedThroughput"]["ReadCapacityUnits"], 3);
}

TEST_F(DynamoDbDeploy, AChangedKeySchemaReplacesAnUnnamedTableAndRetainsTheOldOneIfAsked) {
  json properties = {{"KeySchema", {{{"AttributeName", "a"}, {"KeyType", "HASH"}}}},
                     {"AttributeDefinitions", {{{"AttributeName", "a"}, {"AttributeType", "S"}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};
  json document = table_template(properties);
  document["Resources"]["Table"]["DeletionPolicy"] = "Retain";
  deploy(document);
  auto before = dynamodb("ListTables", json::object())["TableNames"];
  document["Resources"]["Table"]["Properties"]["KeySchema"][0]["AttributeName"] = "b";
  document["Resources"]["Table"]["Properties"]["AttributeDefinitions"][0]["AttributeName"] = "b";
  auto result = deploy(document);
  EXPECT_EQ(result.updated, 1);
  auto after = dynamodb("ListTables", json::object())["TableNames"];
  ASSERT_EQ(after.size(), 2u);  // the first is retained
  auto replaced = after[0] == before[0] ? after[1] : after[0];
  EXPECT_EQ(dynamodb("DescribeTable", {{"TableName", replaced}})["Table"]["KeySchema"][0]["AttributeName"], "b");
}

TEST_F(DynamoDbDeploy, ANamedTableCannotBeReplacedUnderTheSameName) {
  json properties = {{"TableName", "named"},
                     {"KeySchema", {{{"AttributeName", "a"}, {"KeyType", "HASH"}}}},
                     {"AttributeDefinitions", {{{"AttributeName", "a"}, {"AttributeType", "S"}}}},
                     {"BillingMode", "PAY_PER_REQUEST"}};
  deploy(table_template(properties));
  properties["KeySchema"][0]["AttributeName"] = "b";
  properties["AttributeDefinitions"][0]["AttributeName"] = "b";
  EXPECT_EQ(deploy_error(table_template(properties)),
            file() + ": Table at /Resources/Table/Properties/KeySchema: expected a new TableName with the new key "
                     "schema (CloudFormation cannot update a stack when a custom-named resource requires replacing. "
                     "Rename named and update the stack again.)");
}

TEST_F(DynamoDbDeploy, KinesisStreamsGetTheirShardsRetentionAndTags) {
  json document = {{"Resources",
                    {{"Stream",
                      {{"Type", "AWS::Kinesis::Stream"},
                       {"Properties",
                        {{"Name", "events"},
                         {"ShardCount", 2},
                         {"RetentionPeriodHours", 48},
                         {"Tags", {{{"Key", "team"}, {"Value", "a"}}}}}}}}}}};
  auto result = deploy(document);
  auto summary = kinesis("DescribeStreamSummary", {{"StreamName", "events"}})["StreamDescriptionSummary"];
  EXPECT_EQ(summary["OpenShardCount"], 2);
  EXPECT_EQ(summary["RetentionPeriodHours"], 48);
  EXPECT_EQ(kinesis("ListTagsForStream", {{"StreamName", "events"}})["Tags"],
            json::array({{{"Key", "team"}, {"Value", "a"}}}));
  document["Resources"]["Stream"]["Properties"]["ShardCount"] = 4;
  document["Resources"]["Stream"]["Properties"]["RetentionPeriodHours"] = 24;
  EXPECT_EQ(deploy(document).updated, 1);
  summary = kinesis("DescribeStreamSummary", {{"StreamName", "events"}})["StreamDescriptionSummary"];
  EXPECT_EQ(summary["OpenShardCount"], 4);
  EXPECT_EQ(summary["RetentionPeriodHours"], 24);
}

TEST_F(DynamoDbDeploy, StreamEncryptionIsReportedWhenKinesisCannotApplyIt) {
  auto result = deploy({{"Resources",
                         {{"Stream",
                           {{"Type", "AWS::Kinesis::Stream"},
                            {"Properties", {{"StreamEncryption", {{"EncryptionType", "KMS"}, {"KeyId", "alias/aws/kinesis"}}}}}}}}}});
  json empty = json::object();
  bool has_encryption = false;
  try {
    kinesis("StartStreamEncryption", empty);
  } catch (const core::ApiError& e) {
    has_encryption = e.code() != "UnknownOperationException";
  }
  if (!has_encryption) {
    EXPECT_EQ(reported(result, "Stream"),
              std::vector<std::string>{"StreamEncryption (Kinesis has no StartStreamEncryption here yet)"});
  }
}

TEST_F(DynamoDbDeploy, GlobalTableReplicasAreTablesInEachRegion) {
  json document = {{"Resources",
                    {{"Global",
                      {{"Type", "AWS::DynamoDB::GlobalTable"},
                       {"Properties",
                        {{"TableName", "glob"},
                         {"BillingMode", "PAY_PER_REQUEST"},
                         {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                         {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                         {"StreamSpecification", {{"StreamViewType", "NEW_AND_OLD_IMAGES"}}},
                         {"Replicas", {{{"Region", "us-east-1"}, {"TableClass", "STANDARD_INFREQUENT_ACCESS"}},
                                       {{"Region", "eu-west-1"}}}}}}}}}}};
  auto result = deploy(document);
  EXPECT_EQ(dynamodb("DescribeTable", {{"TableName", "glob"}})["Table"]["TableClassSummary"]["TableClass"],
            "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(dynamodb("DescribeTable", {{"TableName", "glob"}}, "eu-west-1")["Table"]["StreamSpecification"]["StreamViewType"],
            "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(reported(result, "Global").size(), 1u);
  document["Resources"]["Global"]["Properties"]["Replicas"] = {{{"Region", "us-east-1"}}};
  deploy(document);
  EXPECT_THROW(dynamodb("DescribeTable", {{"TableName", "glob"}}, "eu-west-1"), core::ApiError);
}

TEST_F(DynamoDbDeploy, AGlobalTableNeedsAReplicaInTheStacksRegion) {
  EXPECT_EQ(deploy_error({{"Resources",
                           {{"Global",
                             {{"Type", "AWS::DynamoDB::GlobalTable"},
                              {"Properties",
                               {{"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                                {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                                {"BillingMode", "PAY_PER_REQUEST"},
                                {"Replicas", {{{"Region", "eu-west-1"}}}}}}}}}}}),
            file() + ": Global at /Resources/Global/Properties/Replicas: expected a replica in the stack's region "
                     "us-east-1 (CloudFormation creates the global table there first)");
}

TEST_F(DynamoDbDeploy, CdksReplicaCustomResourceCreatesTheReplicaDirectly) {
  json document = table_template({{"TableName", "tab"},
                                  {"BillingMode", "PAY_PER_REQUEST"},
                                  {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                                  {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                                  {"StreamSpecification", {{"StreamViewType", "NEW_AND_OLD_IMAGES"}}}});
  document["Resources"]["Replica"] = {
      {"Type", "Custom::DynamoDBReplica"},
      {"Properties", {{"ServiceToken", "arn:aws:lambda:us-east-1:000000000000:function:provider"},
                      {"TableName", {{"Ref", "Table"}}},
                      {"Region", "us-west-2"}}}};
  auto result = deploy(document);
  auto replica = dynamodb("DescribeTable", {{"TableName", "tab"}}, "us-west-2")["Table"];
  EXPECT_EQ(replica["KeySchema"], json::array({{{"AttributeName", "id"}, {"KeyType", "HASH"}}}));
  EXPECT_EQ(replica["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(replica["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(reported(result, "Replica"),
            std::vector<std::string>{"replication of writes to us-west-2 (the replica is a table of its own until "
                                     "DynamoDB global tables replicate)"});
}

}  // namespace
}  // namespace streamstack::cloudformation::testing
