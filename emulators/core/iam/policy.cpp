#include "core/iam/policy.h"

#include <cctype>

namespace streamstack::core::iam {
namespace {

bool same_char(char a, char b, bool ignore_case) {
  if (!ignore_case) return a == b;
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view value, bool ignore_case) {
  for (const auto& p : patterns)
    if (wildcard_match(p, value, ignore_case)) return true;
  return false;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view value, bool ignore_case) {
  std::size_t p = 0, v = 0, star = std::string_view::npos, resume = 0;
  while (v < value.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || (pattern[p] != '*' && same_char(pattern[p], value[v], ignore_case)))) {
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

bool applies(const Statement& s, std::string_view action, std::string_view resource) {
  bool action_matches = s.not_actions.empty() ? any_matches(s.actions, action, true)
                                              : !any_matches(s.not_actions, action, true);
  if (!action_matches) return false;
  return s.not_resources.empty() ? any_matches(s.resources, resource, false)
                                 : !any_matches(s.not_resources, resource, false);
}

Decision evaluate(const std::vector<Statement>& statements, std::string_view action, std::string_view resource) {
  bool allowed = false;
  for (const auto& s : statements) {
    if (!applies(s, action, resource)) continue;
    if (s.effect == "Deny") return Decision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

ApiError access_denied(std::string_view principal_arn, std::string_view action, std::string_view resource,
                       Decision decision) {
  std::string message = "User: " + std::string(principal_arn) + " is not authorized to perform: " +
                        std::string(action) + " on resource: " + std::string(resource);
  if (decision == Decision::kExplicitDeny)
    message += " with an explicit deny in an identity-based policy";
  else
    message += " because no identity-based policy allows the " + std::string(action) + " action";
  // DynamoDB's AccessDeniedException carries `Message`, not `message` (recorded on AWS).
  return ApiError(400, ApiError::kCoralService, "AccessDeniedException", std::move(message))
      .with_message_key("Message");
}

}  // namespace streamstack::core::iam
