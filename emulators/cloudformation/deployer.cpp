#include "cloudformation/deployer.h"

#include "cloudformation/assets.h"
#include "cloudformation/intrinsics.h"
#include "cloudformation/parameters.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "core/api_error.h"
#include "lambda/function_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// What every stack of one deploy shares: nested stacks add to the same roles and lists.
struct Shared {
  const Services& services;
  StackState& state;
  IamModel iam;
  std::vector<NotEmulated> not_emulated;
  std::vector<std::string> function_names;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TemplateError(path, "", "", "a template file that can be read");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Resources are removed dependents first: mappings and API parts before functions and tables.
int removal_rank(const std::string& type) {
  static const std::vector<std::string> kOrder = {
      "AWS::Lambda::EventSourceMapping", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment",
      "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::RestApi"};
  auto it = std::find(kOrder.begin(), kOrder.end(), type);
  return it == kOrder.end() ? static_cast<int>(kOrder.size()) : static_cast<int>(it - kOrder.begin());
}

// The service whose rules refused a resource's properties, as messages name it.
std::string service_of(const std::string& type) {
  for (const auto& [prefix, name] : {std::pair{"AWS::DynamoDB::", "DynamoDB"}, std::pair{"Custom::DynamoDB", "DynamoDB"},
                                     std::pair{"AWS::Kinesis::", "Kinesis"}, std::pair{"AWS::Lambda::", "Lambda"},
                                     std::pair{"AWS::ApiGateway::", "API Gateway"}})
    if (type.rfind(prefix, 0) == 0) return name;
  return "its service";
}

class StackDeployment final : public Scope {
 public:
  StackDeployment(const Template& t, const std::string& assets_dir, const DeployOptions& options, Shared& shared)
      : t_(t),
        options_(options),
        shared_(shared),
        assets_(assets_dir),
        resolver_(t, *this),
        stack_id_(stack_id(options.region, options.account, options.stack_name)),
        context_{shared.services, options.stack_name, options.region, options.account, assets_, shared.iam,
                 shared.not_emulated, shared.function_names, nullptr} {
    context_.deploy_nested = [this](const std::string& path, const std::string& name, const json& parameters) {
      return deploy_nested(path, name, parameters);
    };
  }

  DeployResult run() {
    parameters_ = parameter_values(t_, options_.parameters);
    for (const auto& rule : t_.rules)
      // CDK's check of the bootstrap stack's version: a local deploy has no bootstrap stack.
      if (rule != "CheckBootstrapVersion") context_.report(rule, "Rules", "its assertions are not evaluated");
    stored_ = shared_.state.resources(options_.stack_name);
    DeployResult result;
    result.stack_name = options_.stack_name;
    result.stack_id = stack_id_;
    for (const auto& id : t_.deploy_order) deploy_resource(*t_.find(id), result);
    remove_departed(result);
    for (const auto& o : t_.outputs) {
      if (!o.condition.empty() && !condition(o.condition)) continue;
      ErrorSite site{t_.file, ""};
      const auto at = "/Outputs/" + pointer_token(o.key) + "/Value";
      auto value = resolver_.required(o.value, site, at);
      auto text = scalar_text(value);
      if (!text) site.fail(at, "a string (an output's value), got " + value.dump());
      result.outputs.push_back({o.key, *text, o.description});
    }
    return result;
  }

  json parameter(const std::string& name, const ErrorSite& site, const std::string& at) const override {
    if (name == "AWS::Region") return options_.region;
    if (name == "AWS::AccountId") return options_.account;
    if (name == "AWS::Partition") return "aws";
    if (name == "AWS::URLSuffix") return "amazonaws.com";
    if (name == "AWS::StackName") return options_.stack_name;
    if (name == "AWS::StackId") return stack_id_;
    if (name == "AWS::NotificationARNs") return json::array();
    auto it = parameters_.find(name);
    if (it == parameters_.end()) site.fail(at, "a parameter of this template, got \"" + name + "\"");
    if (!it->second.unavailable.empty()) site.fail(at, "a parameter with a value: " + it->second.unavailable);
    return it->second.value;
  }

  json ref(const std::string& logical_id, const ErrorSite& site, const std::string& at) const override {
    return deployed(logical_id, site, at).physical_id;
  }

  json attribute(const std::string& logical_id, const std::string& name, const ErrorSite& site,
                 const std::string& at) const override {
    const auto& d = deployed(logical_id, site, at);
    if (d.stand_in) return "";
    auto it = d.attributes.find(name);
    if (it != d.attributes.end()) return *it;
    std::string known;
    for (const auto& [key, value] : d.attributes.items()) known += (known.empty() ? "" : ", ") + key;
    site.fail(at, "an attribute " + t_.find(logical_id)->type + " " + logical_id + " has (" +
                      (known.empty() ? "none" : known) + "), got \"" + name + "\"");
  }

  bool condition(const std::string& name) const override {
    if (auto it = conditions_.find(name); it != conditions_.end()) return it->second;
    bool value = resolver_.condition(t_.conditions[name], ErrorSite{t_.file, ""}, "/Conditions/" + pointer_token(name));
    conditions_[name] = value;
    return value;
  }

  std::string region() const override { return options_.region; }

 private:
  const DeployedResource& deployed(const std::string& id, const ErrorSite& site, const std::string& at) const {
    if (auto it = deployed_.find(id); it != deployed_.end()) return it->second;
    const auto* r = t_.find(id);
    if (r && !r->condition.empty() && !condition(r->condition))
      site.fail(at, "a resource that is deployed, got " + id + ", whose Condition " + r->condition +
                        " is false (CloudFormation: Unresolved resource dependencies)");
    site.fail(at, "a resource deployed before this one, got " + id);
  }

  void deploy_resource(const TemplateResource& r, DeployResult& result) {
    const auto& id = r.logical_id;
    if (!r.condition.empty() && !condition(r.condition)) return;
    const ResourceType* type = find_resource_type(r.type);
    const StoredResource* previous = nullptr;
    if (auto it = stored_.find(id); it != stored_.end()) previous = &it->second;
    if (!type) {
      context_.report(id, r.type, "");
      DeployedResource stand_in{physical_name(options_.stack_name, id, r.type)};
      stand_in.stand_in = true;
      deployed_[id] = stand_in;
      return;
    }
    ErrorSite site{t_.file, id};
    const auto at = r.pointer() + "/Properties";
    auto properties = resolver_.required(r.properties, site, at);
    Properties p(properties, site, at, r.type);
    type->check(p);
    for (auto& note : type->not_emulated(p, shared_.services)) context_.report(id, r.type, std::move(note));
    DeployedResource d;
    try {
      d = type->deploy(context_, ResourceRequest{r, p, previous});
    } catch (const core::ApiError& e) {
      site.fail(at, "properties " + service_of(r.type) + " accepts (" + e.code() + ": " + e.message() + ")");
    }
    switch (d.change) {
      case Change::kCreated: ++result.created; break;
      case Change::kUpdated: ++result.updated; break;
      case Change::kUnchanged: ++result.unchanged; break;
    }
    bool same = previous && previous->type == r.type && previous->physical_id == d.physical_id &&
                previous->properties == properties && previous->attributes == d.attributes &&
                previous->deletion_policy == r.deletion_policy && previous->generation == d.generation;
    if (!same)
      shared_.state.put(options_.stack_name,
                        StoredResource{id, r.type, d.physical_id, properties, d.attributes, r.deletion_policy, d.generation});
    deployed_[id] = std::move(d);
  }

  // What the stack's record has and the template no longer deploys.
  void remove_departed(DeployResult& result) {
    std::vector<const StoredResource*> departed;
    for (const auto& [id, stored] : stored_)
      if (!deployed_.count(id)) departed.push_back(&stored);
    std::stable_sort(departed.begin(), departed.end(),
                     [](const auto* a, const auto* b) { return removal_rank(a->type) < removal_rank(b->type); });
    for (const auto* stored : departed) {
      const ResourceType* type = find_resource_type(stored->type);
      bool retain = stored->deletion_policy == "Retain" || stored->deletion_policy == "RetainExceptOnCreate";
      if (type && !retain) {
        try {
          type->remove(context_, *stored);
        } catch (const core::ApiError& e) {
          spdlog::warn("template {}: {} ({}) could not be removed: {}: {}", options_.stack_name, stored->logical_id,
                       stored->type, e.code(), e.message());
        }
      }
      shared_.state.erase(options_.stack_name, stored->logical_id);
      ++result.removed;
    }
  }

  json deploy_nested(const std::string& path, const std::string& name, const json& parameters) {
    auto nested = parse_template(read_text(path), path);
    DeployOptions options = options_;
    options.stack_name = name;
    options.parameters.clear();
    for (const auto& [key, value] : parameters.items())
      options.parameters[key] = value.is_string() ? value.get<std::string>() : value.dump();
    StackDeployment child(nested, fs::path(path).parent_path().string(), options, shared_);
    auto result = child.run();
    json outputs = json::object();
    for (const auto& o : result.outputs) outputs[o.key] = o.value;
    return outputs;
  }

  const Template& t_;
  DeployOptions options_;
  Shared& shared_;
  Assets assets_;
  Resolver resolver_;
  std::string stack_id_;
  DeployContext context_;
  std::map<std::string, ParameterValue> parameters_;
  std::map<std::string, StoredResource> stored_;
  std::map<std::string, DeployedResource> deployed_;
  mutable std::map<std::string, bool> conditions_;
};

// Functions took their role's statements as they were when each deployed; a policy deployed
// later (nothing orders it before the function) is applied now.
void settle_roles(Shared& shared) {
  auto* registry = shared.services.functions;
  if (!registry) return;
  for (const auto& name : shared.function_names) {
    auto f = registry->find(name);
    if (!f) continue;
    auto statements = shared.iam.statements_of(f->config.role.name);
    if (!shared.iam.has_role(f->config.role.name) || statements == f->config.role.statements) continue;
    auto config = f->config;
    config.role.statements = std::move(statements);
    registry->put_function(std::move(config));
  }
}

// One line per item, each once, in the order found.
std::vector<NotEmulated> distinct(std::vector<NotEmulated> items) {
  std::vector<NotEmulated> out;
  std::set<std::string> seen;
  for (auto& item : items)
    if (seen.insert(item.logical_id + '\0' + item.type + '\0' + item.detail).second) out.push_back(std::move(item));
  return out;
}

// cdk.out's manifest names the stack and, when the app fixed one, its environment.
void from_manifest(const std::string& path, DeployOptions& options) {
  auto file = fs::path(path).filename().string();
  auto manifest_path = fs::path(path).parent_path() / "manifest.json";
  std::ifstream in(manifest_path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    // Only the artifacts' types, environments and properties are read: the construct metadata
    // and feature flags, most of the file, are dropped as they are parsed.
    auto manifest = json::parse(
        text.str(),
        [](int, json::parse_event_t event, json& parsed) {
          return !(event == json::parse_event_t::key && (parsed == "metadata" || parsed == "flags"));
        },
        false);
    if (manifest.is_object() && manifest.contains("artifacts") && manifest["artifacts"].is_object())
      for (const auto& [id, artifact] : manifest["artifacts"].items()) {
        if (!artifact.is_object() || artifact.value("type", "") != "aws:cloudformation:stack") continue;
        const auto properties = artifact.value("properties", json::object());
        if (properties.value("templateFile", "") != file) continue;
        if (options.stack_name.empty()) options.stack_name = properties.value("stackName", id);
        // "aws://<account>/<region>", with unknown-account / unknown-region for an agnostic stack.
        auto environment = artifact.value("environment", std::string());
        if (environment.rfind("aws://", 0) == 0) {
          auto rest = environment.substr(6);
          auto slash = rest.find('/');
          auto account = rest.substr(0, slash), region = slash == std::string::npos ? "" : rest.substr(slash + 1);
          if (options.account.empty() && account != "unknown-account") options.account = account;
          if (options.region.empty() && !region.empty() && region != "unknown-region") options.region = region;
        }
      }
  }
  if (options.stack_name.empty()) {
    options.stack_name = file;
    for (const char* suffix : {".template.json", ".json"})
      if (options.stack_name.size() > std::string(suffix).size() &&
          options.stack_name.compare(options.stack_name.size() - std::string(suffix).size(), std::string::npos, suffix) == 0) {
        options.stack_name.resize(options.stack_name.size() - std::string(suffix).size());
        break;
      }
  }
  if (options.region.empty()) options.region = "us-east-1";
  if (options.account.empty()) options.account = "000000000000";
}

}  // namespace

DeployResult deploy_template(const Template& t, const std::string& assets_dir, const DeployOptions& options,
                             const Services& services, StackState& state) {
  Shared shared{services, state, {}, {}, {}};
  StackDeployment deployment(t, assets_dir, options, shared);
  auto result = deployment.run();
  settle_roles(shared);
  result.not_emulated = distinct(std::move(shared.not_emulated));
  return result;
}

DeployResult deploy_template_file(const std::string& path, const DeployOptions& given, const Services& services,
                                  StackState& state) {
  auto t = parse_template(read_text(path), path);
  DeployOptions options = given;
  from_manifest(path, options);
  return deploy_template(t, fs::path(path).parent_path().string(), options, services, state);
}

}  // namespace streamstack::cloudformation
