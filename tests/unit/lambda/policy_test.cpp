// Execution roles: IAM's wildcard matching and evaluation, the resources a DynamoDB request is
// authorized on, and AccessDeniedException in AWS's words.
#include "lambda/policy.h"

#include <gtest/gtest.h>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

constexpr const char* kTable = "arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table";

TEST(WildcardMatch, StarMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_TRUE(wildcard_match("*", kTable));
  EXPECT_TRUE(wildcard_match("arn:aws:dynamodb:*:*:table/stream-*", kTable));
  EXPECT_TRUE(wildcard_match("arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table*", kTable));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(wildcard_match("a*b*c", "abc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXXbYY"));
  EXPECT_FALSE(wildcard_match("arn:aws:dynamodb:*:*:table/other-*", kTable));
}

TEST(WildcardMatch, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(wildcard_match("table/t?", "table/t1"));
  EXPECT_FALSE(wildcard_match("table/t?", "table/t"));
  EXPECT_FALSE(wildcard_match("table/t?", "table/t12"));
}

TEST(WildcardMatch, CaseMattersUnlessIgnored) {
  EXPECT_FALSE(wildcard_match("dynamodb:getitem", "dynamodb:GetItem"));
  EXPECT_TRUE(wildcard_match("dynamodb:getitem", "dynamodb:GetItem", true));
  EXPECT_TRUE(wildcard_match("DynamoDB:Get*", "dynamodb:GetItem", true));
}

TEST(Evaluate, AllowNeedsAMatchingActionAndResource) {
  std::vector<PolicyStatement> policy = {{"Allow", {"dynamodb:GetItem"}, {kTable}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kAllow);
  EXPECT_EQ(evaluate(policy, "dynamodb:PutItem", kTable), Decision::kImplicitDeny);
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/other"),
            Decision::kImplicitDeny);
  EXPECT_EQ(evaluate({}, "dynamodb:GetItem", kTable), Decision::kImplicitDeny);
}

TEST(Evaluate, ActionNamesMatchCaseInsensitivelyAsInIam) {
  std::vector<PolicyStatement> policy = {{"Allow", {"DYNAMODB:getitem"}, {kTable}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kAllow);
}

TEST(Evaluate, ExplicitDenyWinsOverAnyAllow) {
  std::vector<PolicyStatement> policy = {{"Allow", {"dynamodb:*"}, {"*"}}, {"Deny", {"dynamodb:DeleteItem"}, {kTable}}};
  EXPECT_EQ(evaluate(policy, "dynamodb:GetItem", kTable), Decision::kAllow);
  EXPECT_EQ(evaluate(policy, "dynamodb:DeleteItem", kTable), Decision::kExplicitDeny);
}

TEST(AccessDenied, IsDynamoDbsErrorInAwsWords) {
  auto error = access_denied("arn:aws:sts::000000000000:assumed-role/ddb_read_lambda_role/get_handler",
                             "dynamodb:GetItem", kTable, Decision::kImplicitDeny);
  EXPECT_EQ(error.http_status(), 400);
  EXPECT_EQ(error.wire_type(), "com.amazon.coral.service#AccessDeniedException");
  EXPECT_EQ(error.message_key(), "Message");
  EXPECT_EQ(error.message(),
            "User: arn:aws:sts::000000000000:assumed-role/ddb_read_lambda_role/get_handler is not authorized to "
            "perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table "
            "because no identity-based policy allows the dynamodb:GetItem action");
}

TEST(AccessDenied, ExplicitDenySaysSo) {
  auto error = access_denied("arn:aws:sts::000000000000:assumed-role/r/f", "dynamodb:DeleteItem", kTable,
                             Decision::kExplicitDeny);
  EXPECT_EQ(error.message(),
            "User: arn:aws:sts::000000000000:assumed-role/r/f is not authorized to perform: dynamodb:DeleteItem on "
            "resource: arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table with an explicit deny in an "
            "identity-based policy");
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(DynamoDbAuthorizations, ItemOperationsAreAuthorizedOnTheTable) {
  EXPECT_EQ(dynamodb_authorizations("GetItem", {{"TableName", "stream-demo-table"}}, "us-east-1", "000000000000"),
            (Pairs{{"dynamodb:GetItem", kTable}}));
  EXPECT_EQ(dynamodb_authorizations("PutItem", {{"TableName", kTable}}, "us-west-2", "000000000000"),
            (Pairs{{"dynamodb:PutItem", kTable}}));
}

TEST(DynamoDbAuthorizations, QueryOnAnIndexIsAuthorizedOnTheIndex) {
  EXPECT_EQ(dynamodb_authorizations("Query", {{"TableName", "t"}, {"IndexName", "byName"}}, "us-east-1", "1"),
            (Pairs{{"dynamodb:Query", "arn:aws:dynamodb:us-east-1:1:table/t/index/byName"}}));
}

TEST(DynamoDbAuthorizations, BatchesAreAuthorizedOnEveryTable) {
  json input = {{"RequestItems", {{"a", json::array()}, {"b", json::array()}}}};
  EXPECT_EQ(dynamodb_authorizations("BatchWriteItem", input, "us-east-1", "1"),
            (Pairs{{"dynamodb:BatchWriteItem", "arn:aws:dynamodb:us-east-1:1:table/a"},
                   {"dynamodb:BatchWriteItem", "arn:aws:dynamodb:us-east-1:1:table/b"}}));
}

TEST(DynamoDbAuthorizations, TransactionsAreAuthorizedItemByItem) {
  json input = {{"TransactItems",
                 {{{"Put", {{"TableName", "a"}}}}, {{"Update", {{"TableName", "b"}}}}, {{"ConditionCheck", {{"TableName", "a"}}}}}}};
  EXPECT_EQ(dynamodb_authorizations("TransactWriteItems", input, "us-east-1", "1"),
            (Pairs{{"dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:1:table/a"},
                   {"dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:1:table/b"},
                   {"dynamodb:ConditionCheckItem", "arn:aws:dynamodb:us-east-1:1:table/a"}}));
}

TEST(DynamoDbAuthorizations, AccountLevelOperationsAreAuthorizedOnStar) {
  EXPECT_EQ(dynamodb_authorizations("ListTables", json::object(), "us-east-1", "1"),
            (Pairs{{"dynamodb:ListTables", "*"}}));
}

}  // namespace
}  // namespace streamstack::lambda
