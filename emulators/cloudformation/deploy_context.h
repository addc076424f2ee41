#pragma once
// What a resource deployer reaches while a stack deploys: the services (each optional, as unit
// tests wire only some), the stack's name, region and account, the execution roles built so far,
// where the template's assets are, and the list of what is not emulated, reported once at start.
#include "cloudformation/assets.h"
#include "cloudformation/iam_model.h"
#include "cloudformation/template_error.h"
#include "core/json_service.h"
#include "core/request_context.h"
#include "core/rest_service.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace streamstack::lambda {
class FunctionRegistry;
class EventSourceMappingsApi;
struct FunctionConfig;
}  // namespace streamstack::lambda

namespace streamstack::cloudformation {

struct Services {
  core::JsonService* dynamodb = nullptr;
  core::JsonService* kinesis = nullptr;
  lambda::FunctionRegistry* functions = nullptr;
  lambda::EventSourceMappingsApi* event_source_mappings = nullptr;
  core::RestService* apigateway = nullptr;
};

// Something of the template that deploys without its effect: a resource type not emulated, or a
// property of an emulated one.
struct NotEmulated {
  std::string logical_id;
  std::string type;
  std::string detail;  // empty for a whole resource; else the property and why
};

struct DeployContext {
  const Services& services;
  std::string stack_name;
  std::string region;
  std::string account;
  const Assets& assets;  // the template's cdk.out
  IamModel& iam;
  std::vector<NotEmulated>& not_emulated;
  // Functions deployed so far (nested stacks included): their roles are settled again once every
  // policy of the deploy is in place.
  std::vector<std::string>& function_names;
  // Deploys a nested stack's template (its own name, parameters) and returns its outputs.
  std::function<nlohmann::json(const std::string& template_path, const std::string& stack_name,
                               const nlohmann::json& parameters)>
      deploy_nested;

  core::RequestContext context(const std::string& in_region = "") const {
    core::RequestContext c;
    c.account_id = account;
    c.region = in_region.empty() ? region : in_region;
    c.request_id = "cloudformation";
    return c;
  }
  std::string arn(std::string_view service, std::string_view resource, bool regional = true) const {
    return "arn:aws:" + std::string(service) + ":" + (regional ? region : std::string()) + ":" + account + ":" +
           std::string(resource);
  }
  void report(const std::string& logical_id, const std::string& type, const std::string& detail) {
    not_emulated.push_back({logical_id, type, detail});
  }
};

}  // namespace streamstack::cloudformation
