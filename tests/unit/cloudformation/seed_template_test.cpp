// The seed tutorial's stack as `cdk synth` writes it (fixtures/StreamDemoStack: a copy of
// tests/cdk/seed's cdk.out, synthesized with aws-cdk-lib 2.278.0, so unit tests need no npm; the
// asset folders of CDK's replica provider are left out, as its nested stack is passed over).
#include "deploy_fixture.h"

#include <regex>

#ifndef STREAMSTACK_CLOUDFORMATION_FIXTURES
#error "STREAMSTACK_CLOUDFORMATION_FIXTURES names tests/unit/cloudformation/fixtures"
#endif

namespace streamstack::cloudformation::testing {
namespace {

const std::string kFixture = std::string(STREAMSTACK_CLOUDFORMATION_FIXTURES) + "/StreamDemoStack";
const std::string kTemplate = kFixture + "/StreamDemoStack.template.json";

class SeedTemplate : public DeployTest {
 protected:
  DeployResult deploy_seed() { return deploy_template_file(kTemplate, DeployOptions{}, services(), *state_); }

  std::string table_name() {
    auto names = dynamodb("ListTables", json::object())["TableNames"];
    EXPECT_EQ(names.size(), 1u);
    return names.empty() ? "" : names[0].get<std::string>();
  }

  std::shared_ptr<const lambda::Function> function_named(const std::string& logical_id) {
    for (const auto& f : functions_->list())
      if (f->config.name.rfind("StreamDemoStack-" + logical_id + "-", 0) == 0) return f;
    ADD_FAILURE() << "no function for " << logical_id;
    return nullptr;
  }
};

TEST_F(SeedTemplate, DeploysEveryResourceTheTutorialsStackHas) {
  auto result = deploy_seed();
  EXPECT_EQ(result.stack_name, "StreamDemoStack");
  EXPECT_EQ(result.created, 43);
  auto table = table_name();
  EXPECT_TRUE(std::regex_match(table, std::regex("StreamDemoStack-streamdemotable96370C63-[A-Z0-9]{13}"))) << table;
  auto description = dynamodb("DescribeTable", {{"TableName", table}})["Table"];
  EXPECT_EQ(description["KeySchema"], json::array({{{"AttributeName", "itemKey"}, {"KeyType", "HASH"}}}));
  EXPECT_EQ(description["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
  EXPECT_EQ(description["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES");
  for (const char* region : {"us-east-2", "us-west-2"})
    EXPECT_EQ(dynamodb("DescribeTable", {{"TableName", table}}, region)["Table"]["KeySchema"], description["KeySchema"])
        << region;

  auto streams = kinesis("ListStreams", json::object())["StreamNames"];
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_TRUE(std::regex_match(streams[0].get<std::string>(),
                               std::regex("StreamDemoStack-demostream8A5CAC0A-[A-Za-z0-9]{12}")));
  // StreamEncryption: CDK's Fn::If gives KMS with the AWS managed key outside China's regions.
  auto summary = kinesis("DescribeStreamSummary", {{"StreamName", streams[0]}})["StreamDescriptionSummary"];
  EXPECT_EQ(summary["EncryptionType"], "KMS");
  EXPECT_EQ(summary["KeyId"], "alias/aws/kinesis");
  auto destination = dynamodb("DescribeKinesisStreamingDestination", {{"TableName", table}})["KinesisDataStreamDestinations"];
  ASSERT_EQ(destination.size(), 1u);
  EXPECT_EQ(destination[0]["StreamArn"], "arn:aws:kinesis:us-east-1:000000000000:stream/" + streams[0].get<std::string>());

  ASSERT_EQ(functions_->list().size(), 3u);
  for (const auto& [id, handler] : {std::pair{"gethandlerED2B189F", "handler.handler"},
                                    std::pair{"puthandler8C1B940C", "put_handler.handler"},
                                    std::pair{"streamhandler64AABF7C", "stream_handler.handler"}}) {
    auto f = function_named(id);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->config.runtime, "python3.12");
    EXPECT_EQ(f->config.handler, handler);
    EXPECT_EQ(f->config.code_dir, kFixture + "/asset.bc87c73e2f2c29418e602af263663e5de60bcb193e296a694bf562e02a7a20b9");
  }
  EXPECT_EQ(function_named("gethandlerED2B189F")->config.environment.at("TABLE"), table);
  EXPECT_EQ(function_named("puthandler8C1B940C")->config.environment.at("TABLE"), table);

  auto mappings = mappings_api_->list(core::RequestContext{}, "", "", "", 100)["EventSourceMappings"];
  ASSERT_EQ(mappings.size(), 1u);
  EXPECT_EQ(mappings[0]["EventSourceArn"], description["LatestStreamArn"]);
  EXPECT_EQ(mappings[0]["FunctionArn"], function_named("streamhandler64AABF7C")->arn);
  EXPECT_EQ(mappings[0]["BatchSize"], 1);
  EXPECT_EQ(mappings[0]["StartingPosition"], "LATEST");

  auto apis = apigateway("GET", "/restapis")["body"]["item"];
  ASSERT_EQ(apis.size(), 2u);
  for (const auto& api : apis)
    EXPECT_EQ(apigateway("GET", "/restapis/" + api["id"].get<std::string>() + "/stages/prod")["status"], 200);
}

TEST_F(SeedTemplate, TheTutorialsRolesAreTheFunctionsPolicies) {
  deploy_seed();
  auto table_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table_name();
  using core::iam::Statement;
  EXPECT_EQ(function_named("gethandlerED2B189F")->config.role.statements,
            (std::vector<Statement>{{"Allow", {"dynamodb:GetItem"}, {table_arn}}}));
  EXPECT_EQ(function_named("puthandler8C1B940C")->config.role.statements,
            (std::vector<Statement>{{"Allow", {"dynamodb:PutItem", "dynamodb:UpdateItem"}, {table_arn}}}));
  auto stream = function_named("streamhandler64AABF7C")->config.role.statements;
  ASSERT_EQ(stream.size(), 3u);
  EXPECT_EQ(stream[0], (Statement{"Allow", {"dynamodb:ListStreams"}, {"*"}}));
  EXPECT_EQ(stream[1].actions,
            (std::vector<std::string>{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}));
  // AWSLambdaBasicExecutionRole, from the role's ManagedPolicyArns.
  EXPECT_EQ(stream[2], (Statement{"Allow", {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, {"*"}}));
  EXPECT_TRUE(std::regex_match(function_named("gethandlerED2B189F")->role_arn,
                               std::regex("arn:aws:iam::000000000000:role/StreamDemoStack-ddbreadlambdaroleA9814A8C-[A-Z0-9]{13}")));
}

TEST_F(SeedTemplate, OutputsAreTheTwoEndpointsAndWhatIsNotEmulatedIsListed) {
  auto result = deploy_seed();
  ASSERT_EQ(result.outputs.size(), 2u);
  EXPECT_EQ(result.outputs[0].key, "handlerendpointEndpoint508FCE5F");
  EXPECT_EQ(result.outputs[1].key, "puthandlerendpointEndpointCC64ABBD");
  for (const auto& o : result.outputs)
    EXPECT_TRUE(std::regex_match(o.value, std::regex("https://[a-z0-9]{10}\\.execute-api\\.us-east-1\\.amazonaws\\.com/prod/")))
        << o.value;
  std::vector<std::string> listed;
  for (const auto& n : result.not_emulated) listed.push_back(n.logical_id + " " + n.type);
  EXPECT_EQ(listed, (std::vector<std::string>{"streamdemotableReplicauseast2C87D05ED Custom::DynamoDBReplica",
                                              "streamdemotableReplicauswest234B005EC Custom::DynamoDBReplica"}));
}

TEST_F(SeedTemplate, ARestartOnTheSameDataDeploysNothingTwice) {
  auto first = deploy_seed();
  auto table = table_name();
  auto second = deploy_seed();
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.removed, 0);
  EXPECT_EQ(second.unchanged, 43);
  EXPECT_EQ(table_name(), table);
  EXPECT_EQ(second.outputs[0].value, first.outputs[0].value);
  EXPECT_EQ(second.outputs[1].value, first.outputs[1].value);
  EXPECT_EQ(apigateway("GET", "/restapis")["body"]["item"].size(), 2u);
  EXPECT_EQ(mappings_api_->list(core::RequestContext{}, "", "", "", 100)["EventSourceMappings"].size(), 1u);
}

TEST_F(SeedTemplate, InvokingAPythonFunctionIsAClearLambdaError) {
  deploy_seed();
  auto f = function_named("gethandlerED2B189F");
  auto result = functions_->invoke(f->config.name, json::object());
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(result.payload["errorType"], "Runtime.Unavailable");
  EXPECT_EQ(result.payload["errorMessage"],
            "The python3.12 runtime is not available in streamstack: function " + f->config.name +
                " cannot be invoked. Functions run in-process only as C++ handlers (provided.al2023).");
}

}  // namespace
}  // namespace streamstack::cloudformation::testing
