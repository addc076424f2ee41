// IAM's evaluation with NotAction and NotResource, and policy documents read as IAM reads them.
#include "core/iam/policy.h"
#include "core/iam/policy_document.h"

#include <gtest/gtest.h>

namespace streamstack::core::iam {
namespace {

using nlohmann::json;

constexpr const char* kTable = "arn:aws:dynamodb:us-east-1:000000000000:table/t";

TEST(Evaluate, NotActionAppliesToEveryOtherAction) {
  std::vector<Statement> policy = {{"Allow", {}, {"*"}, {"dynamodb:DeleteItem", "dynamodb:DeleteTable"}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kAllow);
  EXPECT_EQ(evaluate(policy, "dynamodb:DeleteItem", kTable), Decision::kImplicitDeny);
}

TEST(Evaluate, DenyWithNotActionDeniesEverythingButItsActions) {
  std::vector<Statement> policy = {{"Allow", {"dynamodb:*"}, {"*"}}, {"Deny", {}, {"*"}, {"dynamodb:GetItem"}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kAllow);
  EXPECT_EQ(evaluate(policy, "dynamodb:PutItem", kTable), Decision::kExplicitDeny);
}

TEST(Evaluate, NotResourceAppliesToEveryOtherResource) {
  std::vector<Statement> policy = {{"Allow", {"dynamodb:GetItem"}, {}, {}, {kTable}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/other"),
            Decision::kAllow);
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kImplicitDeny);
}

TEST(ReadPolicyDocument, TakesOneStatementOrAListAndStringsOrLists) {
  auto doc = read_policy_document(json::parse(R"({"Version": "2012-10-17", "Statement": {
      "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": ["a", "b"]}})"));
  ASSERT_EQ(doc.statements.size(), 1u);
  EXPECT_EQ(doc.statements[0], (Statement{"Allow", {"dynamodb:GetItem"}, {"a", "b"}}));
  auto text = read_policy_document(
      R"({"Statement": [{"Effect": "Deny", "NotAction": ["s3:*"], "NotResource": "x"}]})");
  EXPECT_EQ(text.statements[0], (Statement{"Deny", {}, {}, {"s3:*"}, {"x"}}));
}

TEST(ReadPolicyDocument, LeavesOutStatementsWithAConditionAndSaysWhere) {
  auto doc = read_policy_document(json::parse(R"({"Statement": [
      {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"},
      {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]})"));
  EXPECT_EQ(doc.statements.size(), 1u);
  EXPECT_EQ(doc.unevaluated, std::vector<std::string>{"/Statement/1"});
}

TEST(ReadPolicyDocument, RefusesWhatIamRefuses) {
  auto error = [](const char* text) {
    try {
      read_policy_document(json::parse(text));
    } catch (const PolicyDocumentError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(R"({"Version": "2012-10-17"})"), "at /Statement: expected member \"Statement\"");
  EXPECT_EQ(error(R"({"Statement": [{"Action": "a:b", "Resource": "*"}]})"),
            "at /Statement/0/Effect: expected \"Allow\" or \"Deny\"");
  EXPECT_EQ(error(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "NotAction": "c:d", "Resource": "*"}]})"),
            "at /Statement/0: expected exactly one of Action and NotAction");
  EXPECT_EQ(error(R"({"Statement": [{"Effect": "Allow", "Action": ["GetItem"], "Resource": "*"}]})"),
            "at /Statement/0/Action/0: expected an action \"<service>:<Action>\" (e.g. \"dynamodb:GetItem\"), got "
            "\"GetItem\"");
  EXPECT_EQ(error(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": []}]})"),
            "at /Statement/0/Resource: expected a string or a non-empty list of strings");
}

}  // namespace
}  // namespace streamstack::core::iam
