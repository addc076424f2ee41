// AWS::IAM::Role, Policy and ManagedPolicy as the enforced policies of the functions that use
// them; AWS::Lambda::Function registered with its runtime and code; AWS::Lambda::EventSourceMapping
// and Permission.
#include "deploy_fixture.h"

#include <regex>

namespace streamstack::cloudformation::testing {
namespace {

const json kAssumeLambda = {{"Statement", {{{"Effect", "Allow"}, {"Action", "sts:AssumeRole"},
                                            {"Principal", {{"Service", "lambda.amazonaws.com"}}}}}}};

json table() {
  return {{"Type", "AWS::DynamoDB::Table"},
          {"Properties", {{"TableName", "items"},
                          {"BillingMode", "PAY_PER_REQUEST"},
                          {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
                          {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                          {"StreamSpecification", {{"StreamViewType", "NEW_IMAGE"}}}}}};
}

json role(json extra = json::object()) {
  json properties = {{"AssumeRolePolicyDocument", kAssumeLambda}};
  properties.update(extra);
  return {{"Type", "AWS::IAM::Role"}, {"Properties", properties}};
}

json function(const std::string& role_id, json extra = json::object()) {
  json properties = {{"FunctionName", "fn"},
                     {"Runtime", "provided.al2023"},
                     {"Handler", "test.call"},
                     {"Code", {{"ZipFile", "unused"}}},
                     {"Role", {{"Fn::GetAtt", {role_id, "Arn"}}}}};
  properties.update(extra);
  return {{"Type", "AWS::Lambda::Function"}, {"Properties", properties}};
}

json statement(const std::string& effect, json actions, json resource) {
  return {{"Effect", effect}, {"Action", std::move(actions)}, {"Resource", std::move(resource)}};
}

json get_item() { return {{"operation", "GetItem"}, {"input", {{"TableName", "items"}, {"Key", {{"id", {{"S", "1"}}}}}}}}; }
json put_item() {
  return {{"operation", "PutItem"}, {"input", {{"TableName", "items"}, {"Item", {{"id", {{"S", "1"}}}}}}}};
}

class LambdaIamDeploy : public DeployTest {};

TEST_F(LambdaIamDeploy, AnAttachedPolicyIsTheFunctionsEnforcedPolicy) {
  json document = {{"Resources",
                    {{"Table", table()},
                     {"Role", role()},
                     {"Policy",
                      {{"Type", "AWS::IAM::Policy"},
                       {"Properties",
                        {{"PolicyName", "p"},
                         {"Roles", {{{"Ref", "Role"}}}},
                         {"PolicyDocument", {{"Statement", {statement("Allow", "dynamodb:GetItem",
                                                                      {{"Fn::GetAtt", {"Table", "Arn"}}})}}}}}}}},
                     {"Fn", function("Role")}}}};
  document["Resources"]["Fn"]["DependsOn"] = {"Policy"};
  deploy(document);
  EXPECT_EQ(invoke("fn", get_item()), json::object());
  auto denied = invoke("fn", put_item());
  EXPECT_EQ(denied["error"], "AccessDeniedException");
  EXPECT_TRUE(std::regex_match(denied["message"].get<std::string>(),
                               std::regex("User: arn:aws:sts::000000000000:assumed-role/Stack-Role-[A-Z0-9]{13}/fn is not "
                                          "authorized to perform: dynamodb:PutItem on resource: "
                                          "arn:aws:dynamodb:us-east-1:000000000000:table/items because no "
                                          "identity-based policy allows the dynamodb:PutItem action")))
      << denied;
}

TEST_F(LambdaIamDeploy, APolicyDeployedAfterTheFunctionStillApplies) {
  json document = {{"Resources",
                    {{"Table", table()},
                     {"Role", role()},
                     {"Fn", function("Role")},
                     {"ZPolicy",
                      {{"Type", "AWS::IAM::Policy"},
                       {"Properties",
                        {{"PolicyName", "p"},
                         {"Roles", {{{"Ref", "Role"}}}},
                         {"PolicyDocument", {{"Statement", {statement("Allow", "dynamodb:*", "*")}}}}}}}}}}};
  // Nothing orders ZPolicy before Fn (logical id order puts it after).
  deploy(document);
  EXPECT_EQ(invoke("fn", put_item()), json::object());
}

TEST_F(LambdaIamDeploy, InlineManagedAndAwsManagedPoliciesAddUp) {
  json document = {
      {"Resources",
       {{"Table", table()},
        {"Managed",
         {{"Type", "AWS::IAM::ManagedPolicy"},
          {"Properties", {{"PolicyDocument", {{"Statement", {statement("Allow", "dynamodb:PutItem", "*")}}}}}}}},
        {"Role", role({{"Policies", {{{"PolicyName", "inline"},
                                      {"PolicyDocument", {{"Statement", {statement("Allow", "dynamodb:UpdateItem", "*")}}}}}}},
                       {"ManagedPolicyArns", {{{"Ref", "Managed"}},
                                              "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"}}})},
        {"Fn", function("Role")}}}};
  deploy(document);
  auto statements = functions_->find("fn")->config.role.statements;
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].actions, std::vector<std::string>{"dynamodb:UpdateItem"});
  EXPECT_EQ(statements[1].actions, std::vector<std::string>{"dynamodb:PutItem"});
  EXPECT_EQ(invoke("fn", get_item()), json::object());  // AmazonDynamoDBReadOnlyAccess
  EXPECT_EQ(invoke("fn", put_item()), json::object());
}

TEST_F(LambdaIamDeploy, DenyAndNotActionAreHonoured) {
  json document = {{"Resources",
                    {{"Table", table()},
                     {"Role", role({{"Policies",
                                     {{{"PolicyName", "p"},
                                       {"PolicyDocument",
                                        {{"Statement",
                                          {statement("Allow", "dynamodb:*", "*"),
                                           {{"Effect", "Deny"}, {"NotAction", "dynamodb:GetItem"}, {"Resource", "*"}}}}}}}}}})},
                     {"Fn", function("Role")}}}};
  deploy(document);
  EXPECT_EQ(invoke("fn", get_item()), json::object());
  EXPECT_EQ(invoke("fn", put_item())["error"], "AccessDeniedException");
}

TEST_F(LambdaIamDeploy, AwsManagedExecutionRolesHaveTheirPublishedStatements) {
  json document = {{"Resources",
                    {{"Role", role({{"ManagedPolicyArns",
                                     {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                                      "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
                                      "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
                                      "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
                                      "arn:aws:iam::aws:policy/NoSuchPolicy"}}})},
                     {"Fn", function("Role")}}}};
  auto result = deploy(document);
  auto statements = functions_->find("fn")->config.role.statements;
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0].actions,
            (std::vector<std::string>{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}));
  EXPECT_EQ(statements[1].actions[0], "dynamodb:DescribeStream");
  EXPECT_EQ(statements[2].actions[0], "kinesis:DescribeStream");
  EXPECT_EQ(statements[3].actions[0], "dynamodb:*");
  EXPECT_EQ(reported(result, "Role"),
            std::vector<std::string>{"ManagedPolicyArns arn:aws:iam::aws:policy/NoSuchPolicy (an AWS managed policy "
                                     "streamstack does not know: it grants nothing)"});
}

TEST_F(LambdaIamDeploy, AStatementWithAConditionIsLeftOutAndReported) {
  json document = {{"Resources",
                    {{"Role", role({{"Policies",
                                     {{{"PolicyName", "p"},
                                       {"PolicyDocument",
                                        {{"Statement", {{{"Effect", "Allow"}, {"Action", "dynamodb:*"}, {"Resource", "*"},
                                                         {"Condition", {{"Bool", {{"aws:SecureTransport", "true"}}}}}}}}}}}}}})},
                     {"Fn", function("Role")}}}};
  auto result = deploy(document);
  EXPECT_TRUE(functions_->find("fn")->config.role.statements.empty());
  EXPECT_EQ(reported(result, "Role"),
            std::vector<std::string>{"the statement at /Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0 "
                                     "(it has a Condition, which is not evaluated: the statement is left out)"});
}

TEST_F(LambdaIamDeploy, APolicyDocumentIamRefusesIsLocated) {
  json document = {{"Resources",
                    {{"Role", role({{"Policies", {{{"PolicyName", "p"},
                                                   {"PolicyDocument", {{"Statement", {{{"Effect", "Allow"}, {"Resource", "*"}}}}}}}}}})}}}};
  EXPECT_EQ(deploy_error(document),
            file() + ": Role at /Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0: expected exactly one "
                     "of Action and NotAction (a policy document IAM accepts)");
}

TEST_F(LambdaIamDeploy, APythonFunctionIsRegisteredWithItsRuntimeCodeAndConfiguration) {
  write("asset.abc/handler.py", "def handler(event, context):\n    return event\n");
  json fn = function("Role", {{"FunctionName", {{"Ref", "AWS::NoValue"}}},
                              {"Runtime", "python3.12"},
                              {"Handler", "handler.handler"},
                              {"Code", {{"S3Bucket", "cdk-hnb659fds-assets-000000000000-us-east-1"}, {"S3Key", "abc.zip"}}},
                              {"Environment", {{"Variables", {{"TABLE", "items"}, {"SIZE", 5}}}}},
                              {"Timeout", "30"},
                              {"MemorySize", 256},
                              {"Description", "reads items"}});
  fn["Metadata"] = {{"aws:asset:path", "asset.abc"}, {"aws:asset:property", "Code"}};
  auto result = deploy({{"Resources", {{"Role", role()}, {"Fn", fn}}}});
  auto list = functions_->list();
  ASSERT_EQ(list.size(), 1u);
  const auto& c = list[0]->config;
  EXPECT_TRUE(std::regex_match(c.name, std::regex("Stack-Fn-[A-Za-z0-9]{12}"))) << c.name;
  EXPECT_EQ(c.runtime, "python3.12");
  EXPECT_EQ(c.handler, "handler.handler");
  EXPECT_EQ(c.code_dir, (dir_ / "asset.abc").string());
  EXPECT_EQ(c.environment, (std::map<std::string, std::string>{{"SIZE", "5"}, {"TABLE", "items"}}));
  EXPECT_EQ(c.timeout_seconds, 30);
  EXPECT_EQ(c.memory_size_mb, 256);
  EXPECT_EQ(c.description, "reads items");
  auto outcome = functions_->invoke(c.name, json::object());
  EXPECT_EQ(outcome.function_error, "Unhandled");
  EXPECT_EQ(outcome.payload["errorType"], "Runtime.Unavailable");
}

TEST_F(LambdaIamDeploy, TheCodeIsFoundThroughCdksAssetManifest) {
  write("asset.def/handler.py", "");
  write("Stack.assets.json", json({{"version", "36.0.0"},
                                   {"files", {{"def", {{"source", {{"path", "asset.def"}, {"packaging", "zip"}}},
                                                       {"destinations", {{"d", {{"bucketName", "b"}, {"objectKey", "custom/key.zip"}}}}}}}}}})
                                 .dump());
  deploy({{"Resources", {{"Role", role()},
                         {"Fn", function("Role", {{"Runtime", "nodejs20.x"},
                                                  {"Code", {{"S3Bucket", "b"}, {"S3Key", "custom/key.zip"}}}})}}}});
  EXPECT_EQ(functions_->find("fn")->config.code_dir, (dir_ / "asset.def").string());
}

TEST_F(LambdaIamDeploy, InlineCodeIsWrittenAsIndexPy) {
  deploy({{"Resources", {{"Role", role()},
                         {"Fn", function("Role", {{"Runtime", "python3.12"},
                                                  {"Handler", "index.handler"},
                                                  {"Code", {{"ZipFile", "def handler(e, c): return 1\n"}}}})}}}});
  auto dir = functions_->find("fn")->config.code_dir;
  std::ifstream in(std::filesystem::path(dir) / "index.py");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "def handler(e, c): return 1\n");
}

TEST_F(LambdaIamDeploy, ARoleFromOutsideTheTemplateRefusesEveryCall) {
  auto result = deploy({{"Resources", {{"Table", table()},
                                       {"Fn", function("Role", {{"Role", "arn:aws:iam::000000000000:role/elsewhere"}})}}}});
  EXPECT_EQ(invoke("fn", get_item())["error"], "AccessDeniedException");
  EXPECT_EQ(reported(result, "Fn"), std::vector<std::string>{"Role arn:aws:iam::000000000000:role/elsewhere (not a role of "
                                                             "this template: every call the function makes is refused)"});
}

TEST_F(LambdaIamDeploy, AnEventSourceMappingIsLambdasWithItsSettings) {
  json document = {{"Resources",
                    {{"Table", table()},
                     {"Role", role()},
                     {"Fn", function("Role")},
                     {"Mapping",
                      {{"Type", "AWS::Lambda::EventSourceMapping"},
                       {"Properties", {{"FunctionName", {{"Ref", "Fn"}}},
                                       {"EventSourceArn", {{"Fn::GetAtt", {"Table", "StreamArn"}}}},
                                       {"StartingPosition", "LATEST"},
                                       {"BatchSize", "1"}}}}}}},
                   {"Outputs", {{"Id", {{"Value", {{"Ref", "Mapping"}}}}}}}};
  auto result = deploy(document);
  auto mapping = mappings_api_->get(result.outputs[0].value);
  EXPECT_EQ(mapping["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:fn");
  EXPECT_EQ(mapping["BatchSize"], 1);
  EXPECT_EQ(mapping["StartingPosition"], "LATEST");
  EXPECT_EQ(mapping["EventSourceArn"], dynamodb("DescribeTable", {{"TableName", "items"}})["Table"]["LatestStreamArn"]);

  // Unchanged: the same mapping; a changed batch size: updated in place.
  EXPECT_EQ(deploy(document).outputs[0].value, result.outputs[0].value);
  document["Resources"]["Mapping"]["Properties"]["BatchSize"] = 10;
  auto updated = deploy(document);
  EXPECT_EQ(updated.outputs[0].value, result.outputs[0].value);
  EXPECT_EQ(mappings_api_->get(result.outputs[0].value)["BatchSize"], 10);
  EXPECT_EQ(mappings_api_->list(core::RequestContext{}, "", "", "", 100)["EventSourceMappings"].size(), 1u);
}

TEST_F(LambdaIamDeploy, LambdasRefusalOfAMappingIsItsMessage) {
  json document = {{"Resources",
                    {{"Table", table()},
                     {"Role", role()},
                     {"Fn", function("Role")},
                     {"Mapping",
                      {{"Type", "AWS::Lambda::EventSourceMapping"},
                       {"Properties", {{"FunctionName", {{"Ref", "Fn"}}},
                                       {"EventSourceArn", {{"Fn::GetAtt", {"Table", "StreamArn"}}}},
                                       {"StartingPosition", "LATEST"},
                                       {"BatchSize", 100000}}}}}}}};
  auto error = deploy_error(document);
  EXPECT_EQ(error.rfind(file() + ": Mapping at /Resources/Mapping/Properties: expected properties Lambda accepts (", 0), 0u)
      << error;
}

TEST_F(LambdaIamDeploy, APermissionIsRecordedAndChangesNothing) {
  auto result = deploy({{"Resources", {{"Role", role()},
                                       {"Fn", function("Role")},
                                       {"Allow", {{"Type", "AWS::Lambda::Permission"},
                                                  {"Properties", {{"Action", "lambda:InvokeFunction"},
                                                                  {"FunctionName", {{"Fn::GetAtt", {"Fn", "Arn"}}}},
                                                                  {"Principal", "apigateway.amazonaws.com"}}}}}}}});
  EXPECT_EQ(result.created, 3);
  EXPECT_TRUE(result.not_emulated.empty());
}

}  // namespace
}  // namespace streamstack::cloudformation::testing
