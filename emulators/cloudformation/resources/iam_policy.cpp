// AWS::IAM::Policy and AWS::IAM::ManagedPolicy: policy documents attached to roles of the
// template (by name, as Ref of a role gives it). Users and groups have no use locally. A role
// name that is empty (an attribute of a nested stack passed over) attaches to nothing.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/policy_statements.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

std::vector<std::string> roles(const Properties& p) {
  std::vector<std::string> out;
  for (auto& role : p.strings("Roles"))
    if (!role.empty()) out.push_back(std::move(role));
  return out;
}

std::vector<std::string> principal_notes(const Properties& p, const detail::ReadPolicy& read) {
  auto out = detail::condition_notes(p, "PolicyDocument", read);
  for (const char* other : {"Users", "Groups"})
    if (p.has(other)) out.push_back(std::string(other) + " (IAM users and groups are not emulated)");
  return out;
}

class PolicyType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"Groups", "PolicyDocument", "PolicyName", "Roles", "Users"});
    p.string("PolicyName");
    detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument"));
    p.strings("Roles");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    return principal_notes(p, detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument")));
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    auto read = detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument"));
    context.iam.put_policy(r.resource.logical_id, roles(p), std::move(read.statements));
    DeployedResource deployed{physical_name(context.stack_name, r.resource.logical_id, r.resource.type)};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return deployed;
  }
};

class ManagedPolicyType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"Description", "Groups", "ManagedPolicyName", "Path", "PolicyDocument", "Roles", "Users"});
    detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument"));
    p.strings("Roles");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    return principal_notes(p, detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument")));
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    auto name = p.optional_string("ManagedPolicyName")
                    .value_or(physical_name(context.stack_name, r.resource.logical_id, r.resource.type));
    auto arn = "arn:aws:iam::" + context.account + ":policy" + p.optional_string("Path").value_or("/") + name;
    auto read = detail::read_policy(p, "PolicyDocument", p.required("PolicyDocument"));
    context.iam.put_managed_policy(arn, roles(p), std::move(read.statements));
    // Ref of a managed policy is its ARN.
    DeployedResource deployed{arn, {{"PolicyArn", arn}, {"PolicyId", "ANPA" + stable_id(arn, 17, false)}}};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return deployed;
  }
};

}  // namespace

const ResourceType& iam_policy_type() {
  static const PolicyType type;
  return type;
}

const ResourceType& iam_managed_policy_type() {
  static const ManagedPolicyType type;
  return type;
}

}  // namespace streamstack::cloudformation
