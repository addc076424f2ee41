#pragma once
// A template's IAM policy documents read into statements core/iam evaluates, with the errors of
// a document IAM refuses located in the template.
#include "cloudformation/properties.h"
#include "core/iam/policy.h"

#include <string>
#include <vector>

namespace streamstack::cloudformation::detail {

struct ReadPolicy {
  std::vector<core::iam::Statement> statements;
  std::vector<std::string> unevaluated;  // JSON pointers of statements with a Condition
};

// The document at `p`'s property `name` (`rest` inside it, e.g. "/0/PolicyDocument").
ReadPolicy read_policy(const Properties& p, std::string_view name, const nlohmann::json& document,
                       std::string_view rest = "");

// "Condition at <pointer>" lines for not_emulated.
std::vector<std::string> condition_notes(const Properties& p, std::string_view name, const ReadPolicy& policy,
                                         std::string_view rest = "");

}  // namespace streamstack::cloudformation::detail
