// Generated physical names and ids, and cdk deploy's Outputs with local URLs.
#include "cloudformation/outputs.h"
#include "cloudformation/physical_names.h"

#include <gtest/gtest.h>

#include <regex>

namespace streamstack::cloudformation {
namespace {

TEST(PhysicalName, IsStackLogicalIdAndARandomPartThatARestartRepeats) {
  auto table = physical_name("StreamDemoStack", "streamdemotable96370C63", "AWS::DynamoDB::Table");
  EXPECT_TRUE(std::regex_match(table, std::regex("StreamDemoStack-streamdemotable96370C63-[A-Z0-9]{13}"))) << table;
  EXPECT_EQ(table, physical_name("StreamDemoStack", "streamdemotable96370C63", "AWS::DynamoDB::Table"));
  EXPECT_NE(table, physical_name("OtherStack", "streamdemotable96370C63", "AWS::DynamoDB::Table"));
  EXPECT_NE(table, physical_name("StreamDemoStack", "streamdemotable96370C63", "AWS::DynamoDB::Table", 1));
}

TEST(PhysicalName, FunctionsAndStreamsHaveTwelveMixedCaseCharacters) {
  auto function = physical_name("S", "getHandler", "AWS::Lambda::Function");
  EXPECT_TRUE(std::regex_match(function, std::regex("S-getHandler-[A-Za-z0-9]{12}"))) << function;
  auto stream = physical_name("S", "demostream", "AWS::Kinesis::Stream");
  EXPECT_TRUE(std::regex_match(stream, std::regex("S-demostream-[A-Za-z0-9]{12}"))) << stream;
}

TEST(PhysicalName, ALongNameLosesTheEndOfItsLongestPartFirst) {
  auto name = physical_name("StreamDemoStack", "streamhandlerServiceRoleDefaultPolicyWithAVeryLongName1234",
                            "AWS::Lambda::Function");
  EXPECT_EQ(name.size(), 64u);
  EXPECT_EQ(name.substr(0, 52), "StreamDemoStack-streamhandlerServiceRoleDefaultPoli-");
  auto both = physical_name(std::string(60, 's'), std::string(60, 'l'), "AWS::IAM::Role");
  EXPECT_EQ(both.size(), 64u);
  EXPECT_EQ(both.substr(0, 50), std::string(24, 's') + "-" + std::string(25, 'l'));
}

TEST(PhysicalName, IamPoliciesUseShortParts) {
  auto policy = physical_name("StreamDemoStack", "ddbreadlambdaroleDefaultPolicy0C686B7E", "AWS::IAM::Policy");
  EXPECT_TRUE(std::regex_match(policy, std::regex("Strea-ddbr-[A-Z0-9]{12}"))) << policy;
}

TEST(StackId, IsTheStacksArnWithAStableUuid) {
  auto id = stack_id("us-east-1", "000000000000", "StreamDemoStack");
  EXPECT_TRUE(std::regex_match(
      id, std::regex("arn:aws:cloudformation:us-east-1:000000000000:stack/StreamDemoStack/"
                     "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << id;
  EXPECT_EQ(id, stack_id("us-east-1", "000000000000", "StreamDemoStack"));
}

TEST(LocalUrl, ExecuteApiUrlsReachThisServer) {
  EXPECT_EQ(local_url("https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/", "http://localhost:4566"),
            "http://localhost:4566/restapis/abc123defg/prod/_user_request_/");
  EXPECT_EQ(local_url("https://abc123defg.execute-api.eu-west-1.amazonaws.com/v1/items/1", "http://localhost:1"),
            "http://localhost:1/restapis/abc123defg/v1/_user_request_/items/1");
  EXPECT_EQ(local_url("arn:aws:dynamodb:us-east-1:000000000000:table/t", "http://localhost:1"),
            "arn:aws:dynamodb:us-east-1:000000000000:table/t");
}

TEST(PrintedOutputs, AreStackDotKeyInKeyOrder) {
  DeployResult result;
  result.stack_name = "StreamDemoStack";
  result.outputs = {{"aEndpoint", "https://a1.execute-api.us-east-1.amazonaws.com/prod/", ""},
                    {"bName", "t", ""}};
  auto printed = printed_outputs(result, "http://localhost:4566");
  ASSERT_EQ(printed.size(), 2u);
  EXPECT_EQ(printed[0], (std::pair<std::string, std::string>{"StreamDemoStack.aEndpoint",
                                                             "http://localhost:4566/restapis/a1/prod/_user_request_/"}));
  EXPECT_EQ(printed[1], (std::pair<std::string, std::string>{"StreamDemoStack.bName", "t"}));
}

}  // namespace
}  // namespace streamstack::cloudformation
