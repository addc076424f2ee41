// CreateDeployment, GetDeployments, GetDeployment, CreateStage, GetStages, GetStage,
// DeleteStage. A deployment freezes the API's resources as they are: its stages serve that
// snapshot, whatever changes afterwards, until the stage is pointed at a newer deployment.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"
#include "apigateway/ids.h"

namespace streamstack::apigateway {

using namespace detail;

namespace {

void check_deployable(const RestApiRecord& api) {
  bool any = false;
  for (const auto& [id, resource] : api.resources.items()) {
    if (!resource.contains("resourceMethods")) continue;
    for (const auto& [name, method] : resource["resourceMethods"].items()) {
      any = true;
      if (!method.contains("methodIntegration")) throw bad_request("No integration defined for method");
    }
  }
  if (!any) throw bad_request("The REST API doesn't contain any methods");
}

ordered_json render_deployment(const ordered_json& deployment) {
  ordered_json out = deployment;
  out.erase("snapshot");
  return out;
}

ordered_json new_stage(const std::string& name, const std::string& deployment_id, const ordered_json& body,
                       const char* description_key) {
  auto now = now_seconds();
  ordered_json stage;
  stage["deploymentId"] = deployment_id;
  stage["stageName"] = name;
  if (auto description = string_member(body, description_key)) stage["description"] = *description;
  stage["cacheClusterEnabled"] = body.value("cacheClusterEnabled", false);
  stage["cacheClusterStatus"] = "NOT_AVAILABLE";
  stage["methodSettings"] = ordered_json::object();
  if (auto variables = map_member(body, "variables"); variables && !variables->empty())
    stage["variables"] = *variables;
  stage["tracingEnabled"] = body.value("tracingEnabled", false);
  if (auto tags = map_member(body, "tags"); tags && !tags->empty()) stage["tags"] = *tags;
  stage["createdDate"] = now;
  stage["lastUpdatedDate"] = now;
  return stage;
}

}  // namespace

core::RestResponse ControlPlane::create_deployment(const core::RequestContext& context,
                                                   const core::RestRequest& request, const std::string& api_id) {
  auto body = request_body(request);
  auto stage_name = string_member(body, "stageName");
  ordered_json deployment;
  update_api(store_, context, api_id, [&](RestApiRecord& api) {
    check_deployable(api);
    auto id = random_id(6);
    deployment["id"] = id;
    if (auto description = string_member(body, "description")) deployment["description"] = *description;
    deployment["createdDate"] = now_seconds();
    auto stored = deployment;
    stored["snapshot"] = api.resources;
    api.deployments[id] = std::move(stored);
    if (!stage_name || stage_name->empty()) return;
    if (api.stages.contains(*stage_name)) {
      auto& stage = api.stages[*stage_name];
      stage["deploymentId"] = id;
      if (auto variables = map_member(body, "variables"))
        for (const auto& [k, v] : variables->items()) stage["variables"][k] = v;
      stage["lastUpdatedDate"] = now_seconds();
    } else {
      api.stages[*stage_name] = new_stage(*stage_name, id, body, "stageDescription");
    }
  });
  return json_response(201, deployment);
}

core::RestResponse ControlPlane::get_deployments(const core::RequestContext& context,
                                                 const core::RestRequest& request, const std::string& api_id) {
  auto api = require_api(store_, context, api_id);
  std::vector<ordered_json> items;
  for (const auto& [id, deployment] : api->deployments.items()) items.push_back(render_deployment(deployment));
  return json_response(200, page(items, request));
}

core::RestResponse ControlPlane::get_deployment(const core::RequestContext& context, const std::string& api_id,
                                                const std::string& deployment_id) {
  auto api = require_api(store_, context, api_id);
  auto it = api->deployments.find(deployment_id);
  if (it == api->deployments.end()) throw deployment_not_found();
  return json_response(200, render_deployment(*it));
}

core::RestResponse ControlPlane::create_stage(const core::RequestContext& context, const core::RestRequest& request,
                                              const std::string& api_id) {
  auto body = request_body(request);
  auto name = string_member(body, "stageName").value_or("");
  auto deployment_id = string_member(body, "deploymentId").value_or("");
  ordered_json stage;
  update_api(store_, context, api_id, [&](RestApiRecord& api) {
    if (!api.deployments.contains(deployment_id)) throw deployment_not_found();
    if (api.stages.contains(name)) throw conflict("Stage already exists");
    stage = new_stage(name, deployment_id, body, "description");
    api.stages[name] = stage;
  });
  return json_response(201, stage);
}

core::RestResponse ControlPlane::get_stages(const core::RequestContext& context, const core::RestRequest& request,
                                            const std::string& api_id) {
  auto api = require_api(store_, context, api_id);
  auto deployment_id = query_value(request, "deploymentId");
  ordered_json items = ordered_json::array();
  for (const auto& [name, stage] : api->stages.items())
    if (deployment_id.empty() || stage["deploymentId"] == deployment_id) items.push_back(stage);
  // GetStages alone has no paging: its list member is literally named `item`.
  return json_response(200, ordered_json{{"item", items}});
}

core::RestResponse ControlPlane::get_stage(const core::RequestContext& context, const std::string& api_id,
                                           const std::string& stage_name) {
  auto api = require_api(store_, context, api_id);
  auto it = api->stages.find(stage_name);
  if (it == api->stages.end()) throw stage_not_found();
  return json_response(200, *it);
}

core::RestResponse ControlPlane::delete_stage(const core::RequestContext& context, const std::string& api_id,
                                              const std::string& stage_name) {
  update_api(store_, context, api_id, [&](RestApiRecord& api) {
    if (!api.stages.contains(stage_name)) throw stage_not_found();
    api.stages.erase(stage_name);
  });
  return empty_response(202);
}

}  // namespace streamstack::apigateway
