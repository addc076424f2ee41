// A deploy as a whole: types not emulated, conditions, parameters, nested stacks, the stack's
// name from cdk.out's manifest, what leaves the template, and checking a template from its text.
#include "cloudformation/validate.h"
#include "deploy_fixture.h"

namespace streamstack::cloudformation::testing {
namespace {

json stream(const std::string& name) {
  return {{"Type", "AWS::Kinesis::Stream"}, {"Properties", {{"Name", name}, {"ShardCount", 1}}}};
}

class StackDeploy : public DeployTest {};

TEST_F(StackDeploy, ATypeNotEmulatedIsReportedOnceAndTheRestDeploys) {
  auto result = deploy({{"Resources",
                         {{"Queue", {{"Type", "AWS::SQS::Queue"}, {"Properties", {{"QueueName", "q"}}}}},
                          {"Events", stream("events")},
                          {"Uses", stream("uses")}}},
                        {"Outputs", {{"QueueArn", {{"Value", {{"Fn::Join", {"", {"<", {{"Fn::GetAtt", {"Queue", "Arn"}}}, ">"}}}}}}},
                                     {"QueueRef", {{"Value", {{"Ref", "Queue"}}}}}}}});
  ASSERT_EQ(result.not_emulated.size(), 1u);
  EXPECT_EQ(result.not_emulated[0].logical_id, "Queue");
  EXPECT_EQ(result.not_emulated[0].type, "AWS::SQS::Queue");
  EXPECT_EQ(result.not_emulated[0].detail, "");
  EXPECT_EQ(kinesis("ListStreams", json::object())["StreamNames"], json::array({"events", "uses"}));
  EXPECT_EQ(result.outputs[0].value, "<>");  // its attributes resolve to ""
  EXPECT_TRUE(result.outputs[1].value.rfind("Stack-Queue-", 0) == 0) << result.outputs[1].value;
}

TEST_F(StackDeploy, AResourceWhoseConditionIsFalseIsNotDeployedNorReferencedByOthers) {
  json document = {{"Parameters", {{"Env", {{"Type", "String"}, {"Default", "dev"}}}}},
                   {"Conditions", {{"IsProd", {{"Fn::Equals", {{{"Ref", "Env"}}, "prod"}}}}}},
                   {"Resources", {{"Prod", stream("prod")}, {"Always", stream("always")}}},
                   {"Outputs", {{"ProdName", {{"Value", {{"Ref", "Prod"}}}, {"Condition", "IsProd"}}},
                                {"Name", {{"Value", {{"Fn::If", {"IsProd", {{"Ref", "Prod"}}, {{"Ref", "Always"}}}}}}}}}}};
  document["Resources"]["Prod"]["Condition"] = "IsProd";
  auto dev = deploy(document);
  EXPECT_EQ(kinesis("ListStreams", json::object())["StreamNames"], json::array({"always"}));
  ASSERT_EQ(dev.outputs.size(), 1u);
  EXPECT_EQ(dev.outputs[0].value, "always");
  auto prod = deploy(document, {{"Env", "prod"}});
  EXPECT_EQ(kinesis("ListStreams", json::object())["StreamNames"], json::array({"always", "prod"}));
  EXPECT_EQ(prod.outputs.size(), 2u);

  document["Outputs"] = {{"Bad", {{"Value", {{"Ref", "Prod"}}}}}};
  EXPECT_EQ(deploy_error(document),
            file() + ": at /Outputs/Bad/Value/Ref: expected a resource that is deployed, got Prod, whose Condition "
                     "IsProd is false (CloudFormation: Unresolved resource dependencies)");
}

TEST_F(StackDeploy, ParametersAndPseudoParametersResolve) {
  json document = {{"Parameters", {{"Prefix", {{"Type", "String"}}}}},
                   {"Resources", {{"S", {{"Type", "AWS::Kinesis::Stream"},
                                         {"Properties", {{"Name", {{"Fn::Sub", "${Prefix}-${AWS::StackName}-${AWS::Region}"}}}}}}}}},
                   {"Outputs", {{"Account", {{"Value", {{"Ref", "AWS::AccountId"}}}}},
                                {"Id", {{"Value", {{"Ref", "AWS::StackId"}}}}},
                                {"Partition", {{"Value", {{"Ref", "AWS::Partition"}}}}}}}};
  auto result = deploy(document, {{"Prefix", "p"}});
  EXPECT_EQ(kinesis("ListStreams", json::object())["StreamNames"], json::array({"p-Stack-us-east-1"}));
  EXPECT_EQ(result.outputs[0].value, "000000000000");
  EXPECT_EQ(result.outputs[1].value, result.stack_id);
  EXPECT_EQ(result.outputs[2].value, "aws");
  EXPECT_EQ(deploy_error(document),
            file() + ": at /Parameters: expected a value for every parameter without a Default (CloudFormation: "
                     "Parameters: [Prefix] must have values); pass --parameter Name=VALUE");
}

TEST_F(StackDeploy, CdksBootstrapVersionAndItsRuleNeedNoBootstrapStack) {
  json document = {{"Parameters", {{"BootstrapVersion", {{"Type", "AWS::SSM::Parameter::Value<String>"},
                                                         {"Default", "/cdk-bootstrap/hnb659fds/version"}}}}},
                   {"Rules", {{"CheckBootstrapVersion",
                               {{"Assertions", {{{"Assert", {{"Fn::Not", {{{"Fn::Contains", {{"1", "2"}, {{"Ref", "BootstrapVersion"}}}}}}}}},
                                                 {"AssertDescription", "CDK bootstrap stack version 6 required."}}}}}}}},
                   {"Resources", {{"S", stream("s")}}}};
  auto result = deploy(document);
  EXPECT_EQ(result.created, 1);
  EXPECT_TRUE(result.not_emulated.empty());
  document["Outputs"] = {{"Version", {{"Value", {{"Ref", "BootstrapVersion"}}}}}};
  EXPECT_EQ(deploy_error(document),
            file() + ": at /Outputs/Version/Value/Ref: expected a parameter with a value: parameter BootstrapVersion "
                     "reads SSM parameter /cdk-bootstrap/hnb659fds/version, and a local deploy has no SSM Parameter "
                     "Store: pass --parameter BootstrapVersion=VALUE");
}

TEST_F(StackDeploy, TheStacksNameAndEnvironmentComeFromCdksManifest) {
  write("manifest.json", json({{"artifacts", {{"App", {{"type", "aws:cloudformation:stack"},
                                                        {"environment", "aws://111122223333/eu-west-1"},
                                                        {"properties", {{"templateFile", "Stack.template.json"},
                                                                        {"stackName", "app-prod"}}}}}}}})
                                 .dump());
  auto result = deploy({{"Resources", {{"S", {{"Type", "AWS::Kinesis::Stream"}}}}},
                        {"Outputs", {{"Region", {{"Value", {{"Fn::Sub", "${AWS::AccountId}/${AWS::Region}"}}}}}}}});
  EXPECT_EQ(result.stack_name, "app-prod");
  EXPECT_EQ(result.outputs[0].value, "111122223333/eu-west-1");
  core::RequestContext eu;
  eu.region = "eu-west-1";
  eu.account_id = "111122223333";
  json empty = json::object();
  auto names = kinesis_->invoke(eu, "ListStreams", empty)["StreamNames"];
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].get<std::string>().rfind("app-prod-S-", 0), 0u);
}

TEST_F(StackDeploy, ANestedStackDeploysFromItsTemplateBesideTheParent) {
  write("StackChild1234ABCD.nested.template.json",
        json({{"Parameters", {{"Prefix", {{"Type", "String"}}}}},
              {"Resources", {{"Inner", {{"Type", "AWS::Kinesis::Stream"},
                                        {"Properties", {{"Name", {{"Fn::Sub", "${Prefix}-inner"}}}}}}}}},
              {"Outputs", {{"InnerArn", {{"Value", {{"Fn::GetAtt", {"Inner", "Arn"}}}}}}}}})
            .dump());
  json child = {{"Type", "AWS::CloudFormation::Stack"},
                {"Properties", {{"TemplateURL", "https://s3.us-east-1.amazonaws.com/cdk-assets/0123.json"},
                                {"Parameters", {{"Prefix", "p"}}}}},
                {"Metadata", {{"aws:asset:path", "StackChild1234ABCD.nested.template.json"},
                              {"aws:asset:property", "TemplateURL"}}}};
  auto result = deploy({{"Resources", {{"Child", child}}},
                        {"Outputs", {{"FromChild", {{"Value", {{"Fn::GetAtt", {"Child", "Outputs.InnerArn"}}}}}}}}});
  EXPECT_EQ(result.outputs[0].value, "arn:aws:kinesis:us-east-1:000000000000:stream/p-inner");
}

TEST_F(StackDeploy, CdksReplicaProviderNestedStackIsPassedOver) {
  json provider = {{"Type", "AWS::CloudFormation::Stack"},
                   {"Properties", {{"TemplateURL", "https://s3.amazonaws.com/b/none.json"}}},
                   {"Metadata", {{"aws:cdk:path", "Stack/@aws-cdk--aws-dynamodb.ReplicaProvider.NestedStack/"
                                                  "@aws-cdk--aws-dynamodb.ReplicaProvider.NestedStackResource"}}}};
  auto result = deploy({{"Resources", {{"Provider", provider}}},
                        {"Outputs", {{"Token", {{"Value", {{"Fn::Join", {"", {"[", {{"Fn::GetAtt", {"Provider", "Outputs.OnEventArn"}}}, "]"}}}}}}}}}});
  EXPECT_EQ(result.outputs[0].value, "[]");
  EXPECT_TRUE(result.not_emulated.empty());
}

TEST_F(StackDeploy, AResourceThatLeavesTheTemplateIsRemovedUnlessRetained) {
  json retained = stream("kept");
  retained["DeletionPolicy"] = "Retain";
  deploy({{"Resources", {{"Gone", stream("gone")}, {"Kept", retained}, {"Stays", stream("stays")}}}});
  auto result = deploy({{"Resources", {{"Stays", stream("stays")}}}});
  EXPECT_EQ(result.removed, 2);
  EXPECT_EQ(result.unchanged, 1);
  EXPECT_EQ(kinesis("ListStreams", json::object())["StreamNames"], json::array({"kept", "stays"}));
}

TEST_F(StackDeploy, ATemplateThatCannotBeReadNamesTheFile) {
  DeployOptions options;
  try {
    deploy_template_file((dir_ / "missing.template.json").string(), options, services(), *state_);
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "missing.template.json").string() +
                                         ": at /: expected a template file that can be read");
  }
}

TEST(ValidateTemplate, ReadsEveryResourcesPropertiesWithoutDeploying) {
  auto t = validate_template(R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
      "Runtime": "python3.12", "Handler": "h.h", "Code": {"ZipFile": "x"}, "Role": {"Fn::GetAtt": ["R", "Arn"]}}},
      "R": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}}}})",
                             "t.json");
  EXPECT_EQ(t.deploy_order, (std::vector<std::string>{"R", "Fn"}));
  try {
    validate_template(R"({"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "h.h", "Code": {"ZipFile": "x"}, "Role": "r", "Timeout": 901}}}})",
                      "t.json");
    FAIL();
  } catch (const TemplateError& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.json: Fn at /Resources/Fn/Properties/Timeout: expected an integer from 1 to 900, got 901");
  }
}

}  // namespace
}  // namespace streamstack::cloudformation::testing
