#include "cloudformation/iam_model.h"

namespace streamstack::cloudformation {

using core::iam::Statement;

void IamModel::put_role(const std::string& name, const std::string& arn, std::vector<Statement> inline_statements,
                        std::vector<std::string> managed_policy_arns) {
  roles_[name] = {arn, std::move(inline_statements), std::move(managed_policy_arns)};
}

void IamModel::put_policy(const std::string& id, const std::vector<std::string>& roles,
                          std::vector<Statement> statements) {
  policies_[id] = {{roles.begin(), roles.end()}, std::move(statements)};
}

void IamModel::put_managed_policy(const std::string& arn, const std::vector<std::string>& roles,
                                  std::vector<Statement> statements) {
  managed_policies_[arn] = {{roles.begin(), roles.end()}, std::move(statements)};
}

const std::string* IamModel::role_named_by(const std::string& role_arn) const {
  for (const auto& [name, role] : roles_)
    if (role.arn == role_arn) return &name;
  return nullptr;
}

std::vector<Statement> IamModel::statements_of(const std::string& role_name) const {
  std::vector<Statement> out;
  auto append = [&](const std::vector<Statement>& statements) { out.insert(out.end(), statements.begin(), statements.end()); };
  auto role = roles_.find(role_name);
  if (role == roles_.end()) return out;
  append(role->second.inline_statements);
  for (const auto& [id, policy] : policies_)
    if (policy.roles.count(role_name)) append(policy.statements);
  for (const auto& [arn, policy] : managed_policies_)
    if (policy.roles.count(role_name)) append(policy.statements);
  for (const auto& arn : role->second.managed_policy_arns) {
    if (auto it = managed_policies_.find(arn); it != managed_policies_.end()) {
      if (!it->second.roles.count(role_name)) append(it->second.statements);
    } else if (const auto* aws = aws_managed_policy(arn)) {
      append(*aws);
    }
  }
  return out;
}

std::vector<std::string> IamModel::unknown_managed_policies(const std::string& role_name) const {
  std::vector<std::string> out;
  auto role = roles_.find(role_name);
  if (role == roles_.end()) return out;
  for (const auto& arn : role->second.managed_policy_arns)
    if (!managed_policies_.count(arn) && !aws_managed_policy(arn)) out.push_back(arn);
  return out;
}

}  // namespace streamstack::cloudformation
