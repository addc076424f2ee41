// AWS::ApiGateway::RestApi, Resource, Method, Deployment, Stage and Account through API
// Gateway's control plane, and the deployed stage answering through its data plane.
#include "deploy_fixture.h"

namespace streamstack::cloudformation::testing {
namespace {

json proxy_method(const json& resource_id) {
  return {{"Type", "AWS::ApiGateway::Method"},
          {"Properties",
           {{"RestApiId", {{"Ref", "Api"}}},
            {"ResourceId", resource_id},
            {"HttpMethod", "ANY"},
            {"AuthorizationType", "NONE"},
            {"Integration",
             {{"Type", "AWS_PROXY"},
              {"IntegrationHttpMethod", "POST"},
              {"Uri", {{"Fn::Join", {"", {"arn:", {{"Ref", "AWS::Partition"}}, ":apigateway:", {{"Ref", "AWS::Region"}},
                                          ":lambda:path/2015-03-31/functions/", {{"Fn::GetAtt", {"Fn", "Arn"}}},
                                          "/invocations"}}}}}}}}}};
}

// CDK's LambdaRestApi as it synthesizes it, in front of the seed's C++ get handler.
json rest_api_template() {
  return {{"Resources",
           {{"Table", {{"Type", "AWS::DynamoDB::Table"},
                       {"Properties", {{"TableName", "items"},
                                       {"BillingMode", "PAY_PER_REQUEST"},
                                       {"KeySchema", {{{"AttributeName", "itemKey"}, {"KeyType", "HASH"}}}},
                                       {"AttributeDefinitions", {{{"AttributeName", "itemKey"}, {"AttributeType", "S"}}}}}}}},
            {"Role", {{"Type", "AWS::IAM::Role"},
                      {"Properties", {{"AssumeRolePolicyDocument", {{"Statement", json::array()}}},
                                      {"Policies", {{{"PolicyName", "read"},
                                                     {"PolicyDocument", {{"Statement", {{{"Effect", "Allow"},
                                                                                         {"Action", "dynamodb:GetItem"},
                                                                                         {"Resource", "*"}}}}}}}}}}}}},
            {"Fn", {{"Type", "AWS::Lambda::Function"},
                    {"Properties", {{"Runtime", "provided.al2023"},
                                    {"Handler", "handler.handler"},
                                    {"Code", {{"ZipFile", "x"}}},
                                    {"Environment", {{"Variables", {{"TABLE", {{"Ref", "Table"}}}}}}},
                                    {"Role", {{"Fn::GetAtt", {"Role", "Arn"}}}}}}}},
            {"Api", {{"Type", "AWS::ApiGateway::RestApi"}, {"Properties", {{"Name", "handler-endpoint"}}}}},
            {"CloudWatchRole", {{"Type", "AWS::IAM::Role"},
                                {"Properties", {{"AssumeRolePolicyDocument", {{"Statement", json::array()}}},
                                                {"ManagedPolicyArns", {"arn:aws:iam::aws:policy/service-role/"
                                                                       "AmazonAPIGatewayPushToCloudWatchLogs"}}}}}},
            {"Account", {{"Type", "AWS::ApiGateway::Account"},
                         {"Properties", {{"CloudWatchRoleArn", {{"Fn::GetAtt", {"CloudWatchRole", "Arn"}}}}}}}},
            {"Proxy", {{"Type", "AWS::ApiGateway::Resource"},
                       {"Properties", {{"RestApiId", {{"Ref", "Api"}}},
                                       {"ParentId", {{"Fn::GetAtt", {"Api", "RootResourceId"}}}},
                                       {"PathPart", "{proxy+}"}}}}},
            {"RootAny", proxy_method({{"Fn::GetAtt", {"Api", "RootResourceId"}}})},
            {"ProxyAny", proxy_method({{"Ref", "Proxy"}})},
            {"DeploymentAbc", {{"Type", "AWS::ApiGateway::Deployment"},
                               {"DependsOn", {"RootAny", "ProxyAny"}},
                               {"Properties", {{"RestApiId", {{"Ref", "Api"}}},
                                               {"Description", "Automatically created by the RestApi construct"}}}}},
            {"Stage", {{"Type", "AWS::ApiGateway::Stage"},
                       {"Properties", {{"RestApiId", {{"Ref", "Api"}}},
                                       {"DeploymentId", {{"Ref", "DeploymentAbc"}}},
                                       {"StageName", "prod"}}}}}}},
          {"Outputs",
           {{"Endpoint",
             {{"Value", {{"Fn::Join", {"", {"https://", {{"Ref", "Api"}}, ".execute-api.", {{"Ref", "AWS::Region"}}, ".",
                                            {{"Ref", "AWS::URLSuffix"}}, "/", {{"Ref", "Stage"}}, "/"}}}}}}}}}};
}

class ApiGatewayDeploy : public DeployTest {};

TEST_F(ApiGatewayDeploy, ALambdaRestApiServesItsFunctionAtItsStage) {
  auto result = deploy(rest_api_template());
  EXPECT_EQ(result.created, 11);
  EXPECT_TRUE(result.not_emulated.empty());
  ASSERT_EQ(result.outputs.size(), 1u);
  const auto& url = result.outputs[0].value;
  auto id = url.substr(8, url.find('.') - 8);
  EXPECT_EQ(url, "https://" + id + ".execute-api.us-east-1.amazonaws.com/prod/");
  dynamodb("PutItem", {{"TableName", "items"}, {"Item", {{"itemKey", {{"S", "1"}}}, {"name", {{"S", "a"}}}}}});
  auto answer = apigateway("GET", "/restapis/" + id + "/prod/_user_request_/?itemKey=1");
  EXPECT_EQ(answer["status"], 200);
  EXPECT_EQ(answer["body"], json({{"itemKey", "1"}, {"name", "a"}}));
  auto resources = apigateway("GET", "/restapis/" + id + "/resources")["body"]["item"];
  ASSERT_EQ(resources.size(), 2u);
  for (const auto& r : resources) EXPECT_TRUE(r["resourceMethods"].contains("ANY")) << r;
  auto stage = apigateway("GET", "/restapis/" + id + "/stages/prod")["body"];
  auto deployments = apigateway("GET", "/restapis/" + id + "/deployments")["body"]["item"];
  ASSERT_EQ(deployments.size(), 1u);
  EXPECT_EQ(stage["deploymentId"], deployments[0]["id"]);
  EXPECT_EQ(deployments[0]["description"], "Automatically created by the RestApi construct");
}

TEST_F(ApiGatewayDeploy, ARestartWithTheSameTemplateKeepsTheApisIdAndDeploysNothing) {
  auto first = deploy(rest_api_template());
  auto second = deploy(rest_api_template());
  EXPECT_EQ(second.outputs[0].value, first.outputs[0].value);
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.unchanged, 11);
  auto id = first.outputs[0].value.substr(8, first.outputs[0].value.find('.') - 8);
  EXPECT_EQ(apigateway("GET", "/restapis")["body"]["item"].size(), 1u);
  EXPECT_EQ(apigateway("GET", "/restapis/" + id + "/deployments")["body"]["item"].size(), 1u);
}

TEST_F(ApiGatewayDeploy, TheApisIdComesFromTheStackAndLogicalIdSoAFreshDeployHasTheSameUrl) {
  auto first = deploy(rest_api_template());
  auto url = first.outputs[0].value;
  auto id = url.substr(8, url.find('.') - 8);
  EXPECT_EQ(apigateway("GET", "/restapis/" + id)["body"]["tags"], json({{"_custom_id_", id}}));
  // Everything dropped, as a reset drops it: the same template gets the same id.
  db_.clear_all();
  apigateway_->reload();
  dynamodb_->forget_cached();
  functions_->clear();
  auto second = deploy(rest_api_template());
  EXPECT_EQ(second.created, 11);
  EXPECT_EQ(second.outputs[0].value, url);
}

TEST_F(ApiGatewayDeploy, ANewDeploymentMovesTheStageToIt) {
  auto first = deploy(rest_api_template());
  auto document = rest_api_template();
  // CDK renames the deployment after a hash of the API when the API changes.
  document["Resources"]["DeploymentDef"] = document["Resources"]["DeploymentAbc"];
  document["Resources"].erase("DeploymentAbc");
  document["Resources"]["Stage"]["Properties"]["DeploymentId"] = {{"Ref", "DeploymentDef"}};
  auto second = deploy(document);
  EXPECT_EQ(second.removed, 1);
  auto id = first.outputs[0].value.substr(8, first.outputs[0].value.find('.') - 8);
  auto deployments = apigateway("GET", "/restapis/" + id + "/deployments")["body"]["item"];
  ASSERT_EQ(deployments.size(), 2u);
  auto stage = apigateway("GET", "/restapis/" + id + "/stages/prod")["body"];
  EXPECT_NE(stage["deploymentId"], json());
  EXPECT_EQ(second.outputs[0].value, first.outputs[0].value);
}

TEST_F(ApiGatewayDeploy, ARemovedApiIsDeleted) {
  auto first = deploy(rest_api_template());
  json document = {{"Resources", {{"Other", {{"Type", "AWS::ApiGateway::RestApi"}, {"Properties", {{"Name", "other"}}}}}}}};
  auto second = deploy(document);
  EXPECT_EQ(second.removed, 11);
  auto apis = apigateway("GET", "/restapis")["body"]["item"];
  ASSERT_EQ(apis.size(), 1u);
  EXPECT_EQ(apis[0]["name"], "other");
}

}  // namespace
}  // namespace streamstack::cloudformation::testing
