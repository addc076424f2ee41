#pragma once
// IAM's evaluation of identity-based policies, for any service a function calls under its
// execution role: an explicit Deny wins, else an Allow is needed. Statements carry Action or
// NotAction and Resource or NotResource with IAM's wildcards; a Condition is not evaluated (the
// policy document reader leaves such statements out and says so).
#include "core/api_error.h"

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::core::iam {

// One statement. Actions match case-insensitively, resources exactly. A statement with
// `not_actions` applies to every action but those (NotAction), one with `not_resources` to
// every resource but those (NotResource).
struct Statement {
  Statement() = default;
  Statement(std::string effect_, std::vector<std::string> actions_, std::vector<std::string> resources_,
            std::vector<std::string> not_actions_ = {}, std::vector<std::string> not_resources_ = {})
      : effect(std::move(effect_)),
        actions(std::move(actions_)),
        resources(std::move(resources_)),
        not_actions(std::move(not_actions_)),
        not_resources(std::move(not_resources_)) {}

  std::string effect = "Allow";  // or "Deny"
  std::vector<std::string> actions;
  std::vector<std::string> resources;
  std::vector<std::string> not_actions;
  std::vector<std::string> not_resources;

  friend bool operator==(const Statement&, const Statement&) = default;
};

// IAM's wildcard match: `*` is any run of characters (empty included), `?` exactly one.
bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case = false);

enum class Decision { kAllow, kImplicitDeny, kExplicitDeny };

// Whether `statement` covers the request, whatever its effect.
bool applies(const Statement& statement, std::string_view action, std::string_view resource);

Decision evaluate(const std::vector<Statement>& statements, std::string_view action, std::string_view resource);

// AWS's AccessDeniedException for `principal_arn`, as DynamoDB sends it (`__type`
// com.amazon.coral.service#AccessDeniedException, capitalised `Message`), e.g.
// "User: arn:aws:sts::000000000000:assumed-role/r/f is not authorized to perform:
// dynamodb:GetItem on resource: arn:...:table/t because no identity-based policy allows the
// dynamodb:GetItem action".
ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource,
                       Decision decision);

}  // namespace streamstack::core::iam
