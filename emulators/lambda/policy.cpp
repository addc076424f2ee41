#include "lambda/policy.h"

#include <cctype>
#include <set>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

bool same_char(char a, char b, bool ignore_case) {
  if (!ignore_case) return a == b;
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view value, bool ignore_case) {
  for (const auto& p : patterns)
    if (wildcard_match(p, value, ignore_case)) return true;
  return false;
}

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

bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case) {
  std::size_t p = 0, v = 0, star = std::string_view::npos, resume = 0;
  while (v < value.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same_char(pattern[p], value[v], ignore_case)))) {
      ++p;
      ++v;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = v;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Decision evaluate(const std::vector<PolicyStatement>& statements, std::string_view action,
                  std::string_view resource) {
  bool allowed = false;
  for (const auto& s : statements) {
    if (!any_matches(s.actions, action, true) || !any_matches(s.resources, resource, false)) continue;
    if (s.effect == "Deny") return Decision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

core::ApiError access_denied(std::string_view principal_arn, std::string_view action,
                             std::string_view resource, Decision decision) {
  std::string message = "User: " + std::string(principal_arn) + " is not authorized to perform: " +
                        std::string(action) + " on resource: " + std::string(resource);
  if (decision == Decision::kExplicitDeny)
    message += " with an explicit deny in an identity-based policy";
  else
    message += " because no identity-based policy allows the " + std::string(action) + " action";
  // DynamoDB's AccessDeniedException carries `Message`, not `message` (recorded on AWS).
  return core::ApiError(400, core::ApiError::kCoralService, "AccessDeniedException", std::move(message))
      .with_message_key("Message");
}

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
