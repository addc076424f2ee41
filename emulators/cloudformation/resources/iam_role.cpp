// AWS::IAM::Role: the execution role functions name by ARN. It lives in the deploy's IAM model
// (there is no IAM service to call): its inline Policies, the managed policies it names and the
// AWS::IAM::Policy resources attached to it become the enforced policy of every function that
// uses it.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/policy_statements.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

std::string role_path(const Properties& p) {
  auto path = p.optional_string("Path").value_or("/");
  if (path.empty() || path.front() != '/' || path.back() != '/')
    p.fail("Path", "a path that starts and ends with '/', got \"" + path + "\"");
  return path;
}

class RoleType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"AssumeRolePolicyDocument", "Description", "ManagedPolicyArns", "MaxSessionDuration", "Path",
                  "PermissionsBoundary", "Policies", "RoleName", "Tags"});
    p.required("AssumeRolePolicyDocument");
    role_path(p);
    p.strings("ManagedPolicyArns");
    inline_policies(p);
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    if (p.has("PermissionsBoundary")) out.push_back("PermissionsBoundary (boundaries are not enforced)");
    const json* policies = p.list("Policies");
    for (std::size_t i = 0; policies && i < policies->size(); ++i) {
      auto rest = "/" + std::to_string(i) + "/PolicyDocument";
      auto read = detail::read_policy(p, "Policies", (*policies)[i]["PolicyDocument"], rest);
      for (auto& note : detail::condition_notes(p, "Policies", read, rest)) out.push_back(std::move(note));
    }
    for (const auto& arn : p.strings("ManagedPolicyArns"))
      if (arn.find(":iam::aws:policy/") != std::string::npos && !aws_managed_policy(arn))
        out.push_back("ManagedPolicyArns " + arn + " (an AWS managed policy streamstack does not know: it grants nothing)");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    auto name = p.optional_string("RoleName").value_or(physical_name(context.stack_name, r.resource.logical_id, r.resource.type));
    auto arn = "arn:aws:iam::" + context.account + ":role" + role_path(p) + name;
    context.iam.put_role(name, arn, inline_policies(p), p.strings("ManagedPolicyArns"));
    // AWS's role ids: "AROA" and 17 more upper-case letters and digits.
    DeployedResource deployed{name, {{"Arn", arn}, {"RoleId", "AROA" + stable_id(arn, 17, false)}}};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return deployed;
  }

 private:
  static std::vector<core::iam::Statement> inline_policies(const Properties& p) {
    std::vector<core::iam::Statement> out;
    const json* policies = p.list("Policies");
    for (std::size_t i = 0; policies && i < policies->size(); ++i) {
      const auto& policy = (*policies)[i];
      auto rest = "/" + std::to_string(i);
      if (!policy.is_object() || !policy.contains("PolicyName") || !policy.contains("PolicyDocument"))
        p.fail("Policies", "a policy {\"PolicyName\", \"PolicyDocument\"}", rest);
      auto read = detail::read_policy(p, "Policies", policy["PolicyDocument"], rest + "/PolicyDocument");
      out.insert(out.end(), read.statements.begin(), read.statements.end());
    }
    return out;
  }
};

}  // namespace

const ResourceType& iam_role_type() {
  static const RoleType type;
  return type;
}

}  // namespace streamstack::cloudformation
