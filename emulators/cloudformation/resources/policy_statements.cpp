#include "cloudformation/resources/policy_statements.h"

#include "core/iam/policy_document.h"

namespace streamstack::cloudformation::detail {

ReadPolicy read_policy(const Properties& p, std::string_view name, const nlohmann::json& document,
                       std::string_view rest) {
  try {
    auto read = core::iam::read_policy_document(document);
    return {std::move(read.statements), std::move(read.unevaluated)};
  } catch (const core::iam::PolicyDocumentError& e) {
    p.fail(name, e.expected() + " (a policy document IAM accepts)", std::string(rest) + e.pointer());
  }
}

std::vector<std::string> condition_notes(const Properties& p, std::string_view name, const ReadPolicy& policy,
                                         std::string_view rest) {
  std::vector<std::string> out;
  for (const auto& at : policy.unevaluated)
    out.push_back("the statement at " + p.at(name, std::string(rest) + at) +
                  " (it has a Condition, which is not evaluated: the statement is left out)");
  return out;
}

}  // namespace streamstack::cloudformation::detail
