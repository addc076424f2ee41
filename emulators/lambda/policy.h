#pragma once
// Execution-role enforcement for handlers' in-process AWS calls: which (action, resource) pairs
// a DynamoDB request needs, checked by IAM's evaluation (core/iam), which answers with the
// AccessDeniedException AWS sends when a call is not allowed.
#include "core/iam/policy.h"
#include "lambda/function.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::lambda {

using core::iam::access_denied;
using core::iam::Decision;
using core::iam::evaluate;
using core::iam::wildcard_match;

// The (action, resource) pairs IAM authorizes for one DynamoDB request: the table (or index)
// ARN of each table it touches. Empty when the request names no table (the service then
// answers its own validation error).
std::vector<std::pair<std::string, std::string>> dynamodb_authorizations(
    std::string_view operation, const nlohmann::json& input, const std::string& region,
    const std::string& account);

}  // namespace streamstack::lambda
