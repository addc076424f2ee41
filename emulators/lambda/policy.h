#pragma once
// Execution-role enforcement for handlers' in-process AWS calls: IAM's evaluation of
// identity-based policies (an explicit Deny wins, else an Allow is needed) and the
// AccessDeniedException AWS answers when a call is not allowed.
#include "core/api_error.h"
#include "lambda/function.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::lambda {

// IAM's wildcard match: `*` is any run of characters (empty included), `?` exactly one.
bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case = false);

enum class Decision { kAllow, kImplicitDeny, kExplicitDeny };

Decision evaluate(const std::vector<PolicyStatement>& statements, std::string_view action,
                  std::string_view resource);

// AWS's AccessDeniedException for `principal_arn`, as DynamoDB sends it (`__type`
// com.amazon.coral.service#AccessDeniedException, capitalised `Message`), e.g.
// "User: arn:aws:sts::000000000000:assumed-role/r/f is not authorized to perform:
// dynamodb:GetItem on resource: arn:...:table/t because no identity-based policy allows the
// dynamodb:GetItem action".
core::ApiError access_denied(std::string_view principal_arn, std::string_view action,
                             std::string_view resource, Decision decision);

// The (action, resource) pairs IAM authorizes for one DynamoDB request: the table (or index)
// ARN of each table it touches. Empty when the request names no table (the service then
// answers its own validation error).
std::vector<std::pair<std::string, std::string>> dynamodb_authorizations(
    std::string_view operation, const nlohmann::json& input, const std::string& region,
    const std::string& account);

}  // namespace streamstack::lambda
