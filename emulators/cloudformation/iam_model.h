#pragma once
// The execution roles a template defines, as IAM would hold them: each role's inline policies,
// the AWS::IAM::Policy resources attached to it and the managed policies (the template's own and
// AWS's) it names. A function's enforced policy is the union of its role's statements.
#include "core/iam/policy.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace streamstack::cloudformation {

class IamModel {
 public:
  void put_role(const std::string& name, const std::string& arn, std::vector<core::iam::Statement> inline_statements,
                std::vector<std::string> managed_policy_arns);
  // An AWS::IAM::Policy (or a role's policy given by another resource) attached to `roles`.
  void put_policy(const std::string& id, const std::vector<std::string>& roles,
                  std::vector<core::iam::Statement> statements);
  // An AWS::IAM::ManagedPolicy: attachable by ARN, and attached to `roles` itself.
  void put_managed_policy(const std::string& arn, const std::vector<std::string>& roles,
                          std::vector<core::iam::Statement> statements);

  bool has_role(const std::string& name) const { return roles_.count(name) > 0; }
  // The role's name from its ARN (arn:aws:iam::<account>:role[/path]/<name>), if the template
  // defines it.
  const std::string* role_named_by(const std::string& role_arn) const;
  // Every statement that applies to the role: inline, attached policies, managed policies.
  std::vector<core::iam::Statement> statements_of(const std::string& role_name) const;
  // Managed policy ARNs a role names that neither the template nor streamstack knows.
  std::vector<std::string> unknown_managed_policies(const std::string& role_name) const;

 private:
  struct Role {
    std::string arn;
    std::vector<core::iam::Statement> inline_statements;
    std::vector<std::string> managed_policy_arns;
  };
  struct Policy {
    std::set<std::string> roles;
    std::vector<core::iam::Statement> statements;
  };
  std::map<std::string, Role> roles_;
  std::map<std::string, Policy> policies_;
  std::map<std::string, Policy> managed_policies_;
};

// The statements of an AWS managed policy by ARN (any partition), or nullptr when streamstack
// does not know it.
const std::vector<core::iam::Statement>* aws_managed_policy(const std::string& arn);

}  // namespace streamstack::cloudformation
