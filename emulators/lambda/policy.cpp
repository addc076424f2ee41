#include "lambda/policy.h"

#include <set>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

std::string table_arn(const std::string& name_or_arn, const std::string& region, const std::string& account) {
  // DynamoDB accepts a table ARN wherever it takes a TableName.
  if (name_or_arn.rfind("arn:", 0) == 0) return name_or_arn;
  return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name_or_arn;
}

// Operations IAM authorizes on "*": they name no table.
const std::set<std::string, std::less<>>& account_level_operations() {
  static const std::set<std::string, std::less<>> ops = {
      "ListTables", "DescribeLimits", "DescribeEndpoints", "ListBackups", "ListGlobalTables",
      "ListExports", "ListImports", "ListContributorInsights", "ExecuteStatement",
      "BatchExecuteStatement", "ExecuteTransaction"};
  return ops;
}

// A transaction is authorized item by item, as the single-item action each one performs.
const char* transact_action(std::string_view member) {
  if (member == "Get") return "dynamodb:GetItem";
  if (member == "Put") return "dynamodb:PutItem";
  if (member == "Update") return "dynamodb:UpdateItem";
  if (member == "Delete") return "dynamodb:DeleteItem";
  if (member == "ConditionCheck") return "dynamodb:ConditionCheckItem";
  return nullptr;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> dynamodb_authorizations(
    std::string_view operation, const json& input, const std::string& region, const std::string& account) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string action = "dynamodb:" + std::string(operation);
  if (account_level_operations().count(operation)) {
    out.emplace_back(action, "*");
  } else if (operation == "BatchGetItem" || operation == "BatchWriteItem") {
    if (input.contains("RequestItems") && input["RequestItems"].is_object())
      for (const auto& [table, requests] : input["RequestItems"].items())
        out.emplace_back(action, table_arn(table, region, account));
  } else if (operation == "TransactGetItems" || operation == "TransactWriteItems") {
    if (input.contains("TransactItems") && input["TransactItems"].is_array())
      for (const auto& item : input["TransactItems"]) {
        if (!item.is_object()) continue;
        for (const auto& [member, request] : item.items()) {
          const char* item_action = transact_action(member);
          if (item_action && request.is_object() && request.contains("TableName") && request["TableName"].is_string())
            out.emplace_back(item_action, table_arn(request["TableName"].get<std::string>(), region, account));
        }
      }
  } else if (input.contains("TableName") && input["TableName"].is_string()) {
    auto resource = table_arn(input["TableName"].get<std::string>(), region, account);
    if (input.contains("IndexName") && input["IndexName"].is_string())
      resource += "/index/" + input["IndexName"].get<std::string>();
    out.emplace_back(action, std::move(resource));
  }
  return out;
}

}  // namespace streamstack::lambda
