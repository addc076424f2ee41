// AWS::ApiGateway::Deployment (CreateDeployment: a snapshot of the API's methods as they are)
// and AWS::ApiGateway::Stage (CreateStage, pointing a stage at a deployment). CDK names each
// deployment after a hash of the API, so a changed API brings a new Deployment resource, and its
// stage moves to it; a changed stage is deleted and created again.
#include "cloudformation/deploy_context.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

Change change_of(const ResourceRequest& r) {
  return unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
}

class DeploymentType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"DeploymentCanarySettings", "Description", "RestApiId", "StageDescription", "StageName"});
    p.string("RestApiId");
    p.optional_string("StageName");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    if (p.has("DeploymentCanarySettings")) out.push_back("DeploymentCanarySettings (no canary deployments)");
    if (p.has("StageDescription")) out.push_back("StageDescription (the stage gets API Gateway's defaults)");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.apigateway, p.site(), r.resource.pointer(), "API Gateway");
    auto api = p.string("RestApiId");
    if (r.previous && unchanged(r) &&
        detail::apigateway_find(context, "/restapis/" + api + "/deployments/" + r.previous->physical_id))
      return deployed(r.previous->physical_id, Change::kUnchanged);
    json body = json::object();
    if (auto description = p.optional_string("Description")) body["description"] = *description;
    if (auto stage = p.optional_string("StageName")) body["stageName"] = *stage;
    auto created = detail::apigateway_call(context, "POST", "/restapis/" + api + "/deployments", body);
    return deployed(created["id"].get<std::string>(), change_of(r));
  }

 private:
  static DeployedResource deployed(const std::string& id, Change change) {
    DeployedResource out{id, {{"DeploymentId", id}}};
    out.change = change;
    return out;
  }
};

class StageType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"AccessLogSetting", "CacheClusterEnabled", "CacheClusterSize", "CanarySetting",
                  "ClientCertificateId", "DeploymentId", "Description", "DocumentationVersion", "MethodSettings",
                  "RestApiId", "StageName", "Tags", "TracingEnabled", "Variables"});
    p.string("RestApiId");
    p.string("StageName");
    p.object("Variables");
    p.tags();
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    for (const auto& [name, why] : {std::pair{"AccessLogSetting", "no access logs"},
                                    std::pair{"MethodSettings", "no throttling, caching or execution logs"},
                                    std::pair{"CanarySetting", "no canary deployments"}})
      if (p.has(name)) out.push_back(std::string(name) + " (" + why + ")");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.apigateway, p.site(), r.resource.pointer(), "API Gateway");
    auto api = p.string("RestApiId"), name = p.string("StageName");
    DeployedResource out{name, json::object(), 0, change_of(r)};
    auto path = "/restapis/" + api + "/stages/" + name;
    if (r.previous && unchanged(r) && detail::apigateway_find(context, path)) return out;
    if (r.previous) remove(context, *r.previous);
    if (detail::apigateway_find(context, path)) detail::apigateway_call(context, "DELETE", path);
    json body = {{"stageName", name}, {"deploymentId", p.optional_string("DeploymentId").value_or("")}};
    if (auto description = p.optional_string("Description")) body["description"] = *description;
    if (const json* variables = p.object("Variables")) body["variables"] = *variables;
    if (auto tracing = p.boolean("TracingEnabled")) body["tracingEnabled"] = *tracing;
    if (auto cache = p.boolean("CacheClusterEnabled")) body["cacheClusterEnabled"] = *cache;
    if (auto tags = p.tags()) {
      json map = json::object();
      for (const auto& tag : *tags) map[tag["Key"].get<std::string>()] = tag["Value"];
      body["tags"] = map;
    }
    detail::apigateway_call(context, "POST", "/restapis/" + api + "/stages", body);
    return out;
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    auto path = "/restapis/" + stored.properties.value("RestApiId", "") + "/stages/" + stored.physical_id;
    if (detail::apigateway_find(context, path)) detail::apigateway_call(context, "DELETE", path);
  }
};

}  // namespace

const ResourceType& apigateway_deployment_type() {
  static const DeploymentType type;
  return type;
}

const ResourceType& apigateway_stage_type() {
  static const StageType type;
  return type;
}

}  // namespace streamstack::cloudformation
