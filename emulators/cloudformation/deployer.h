#pragma once
// Deploying a template as CloudFormation deploys a stack: parameters and conditions first, then
// each resource in dependency order through its type's deployer, then the outputs. The stack's
// record (stack_state.h) makes a deploy idempotent: on a restart with the same data, what is
// unchanged is left alone, what changed is updated, and what left the template is removed
// (unless its DeletionPolicy retains it). A resource type that is not emulated deploys as a
// stand-in and is reported, and the rest deploys.
#include "cloudformation/deploy_context.h"
#include "cloudformation/stack_state.h"
#include "cloudformation/template.h"

#include <map>
#include <string>
#include <vector>

namespace streamstack::cloudformation {

struct DeployOptions {
  std::string stack_name;  // empty: cdk.out's manifest, else the file's name before ".template.json"
  std::string region;      // empty: the manifest's environment, else us-east-1
  std::string account;     // empty: the manifest's environment, else 000000000000
  std::map<std::string, std::string> parameters;  // --parameter Name=value
};

struct StackOutput {
  std::string key;
  std::string value;
  std::string description;
};

struct DeployResult {
  std::string stack_name;
  std::string stack_id;
  std::vector<StackOutput> outputs;  // in key order, as cdk deploy prints them
  std::vector<NotEmulated> not_emulated;
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int removed = 0;
};

// Reads `path` (and cdk.out's manifest.json beside it) and deploys it. Throws TemplateError.
DeployResult deploy_template_file(const std::string& path, const DeployOptions& options, const Services& services,
                                  StackState& state);

// Deploys a parsed template whose assets are in `assets_dir`, under the options' stack name,
// region and account (all given).
DeployResult deploy_template(const Template& t, const std::string& assets_dir, const DeployOptions& options,
                             const Services& services, StackState& state);

}  // namespace streamstack::cloudformation
