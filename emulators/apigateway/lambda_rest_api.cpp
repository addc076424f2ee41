// What CDK's LambdaRestApi deploys, for the stack file: `/` and `/{proxy+}`, each with ANY
// integrated AWS_PROXY with the function, deployed to a stage.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/ids.h"
#include "apigateway/lambda_uri.h"

#include <spdlog/spdlog.h>

namespace streamstack::apigateway {

using namespace detail;

namespace {

ordered_json proxy_method(const std::string& resource_id, const std::string& uri) {
  return {{"httpMethod", "ANY"},
          {"authorizationType", "NONE"},
          {"apiKeyRequired", false},
          {"methodIntegration",
           {{"type", "AWS_PROXY"},
            {"httpMethod", "POST"},
            {"uri", uri},
            {"passthroughBehavior", "WHEN_NO_MATCH"},
            {"timeoutInMillis", 29000},
            {"cacheNamespace", resource_id},
            {"cacheKeyParameters", ordered_json::array()}}}};
}

std::string existing_api(const RestApiStore& store, const LambdaRestApiSpec& spec) {
  if (!spec.id.empty()) return store.find(spec.id) ? spec.id : std::string();
  for (const auto& api : store.list())
    if (api->account_id == spec.account_id && api->region == spec.region && api->api["name"] == spec.name)
      return api->id();
  return {};
}

// Gives `record` the LambdaRestApi shape for `uri` (its root kept) and a new deployment the
// stage points to.
void shape_as_lambda_rest_api(RestApiRecord& record, const std::string& uri, const std::string& stage) {
  auto root_id = record.api["rootResourceId"].get<std::string>();
  record.resources = ordered_json::object();
  record.resources[root_id] = {{"id", root_id}, {"path", "/"}, {"resourceMethods", {{"ANY", proxy_method(root_id, uri)}}}};
  auto proxy_id = random_id(6);
  record.resources[proxy_id] = {{"id", proxy_id},
                                {"parentId", root_id},
                                {"pathPart", "{proxy+}"},
                                {"path", "/{proxy+}"},
                                {"resourceMethods", {{"ANY", proxy_method(proxy_id, uri)}}}};
  auto deployment_id = random_id(6);
  auto now = now_seconds();
  // CDK's RestApi construct describes the deployment it makes this way.
  record.deployments[deployment_id] = {{"id", deployment_id},
                                       {"description", "Automatically created by the RestApi construct"},
                                       {"createdDate", now},
                                       {"snapshot", record.resources}};
  auto created = record.stages.contains(stage) ? record.stages[stage]["createdDate"] : ordered_json(now);
  record.stages[stage] = {{"deploymentId", deployment_id},
                          {"stageName", stage},
                          {"cacheClusterEnabled", false},
                          {"cacheClusterStatus", "NOT_AVAILABLE"},
                          {"methodSettings", ordered_json::object()},
                          {"tracingEnabled", false},
                          {"createdDate", created},
                          {"lastUpdatedDate", now}};
}

// Whether the API's stage still serves the function (the stack file may have changed since the
// data was written): the root's ANY of the stage's deployment integrates `uri`.
bool serves(const RestApiRecord& api, const std::string& uri, const std::string& stage) {
  auto s = api.stages.find(stage);
  if (s == api.stages.end()) return false;
  auto deployment = api.deployments.find((*s)["deploymentId"].get<std::string>());
  if (deployment == api.deployments.end()) return false;
  const auto& snapshot = (*deployment)["snapshot"];
  auto root = snapshot.find(api.api["rootResourceId"].get<std::string>());
  if (root == snapshot.end()) return false;
  auto integration = root->value("resourceMethods", ordered_json::object())
                         .value("ANY", ordered_json::object())
                         .value("methodIntegration", ordered_json::object());
  return integration.value("uri", std::string()) == uri && snapshot.size() == 2;
}

}  // namespace

std::string ControlPlane::deploy_lambda_rest_api(const LambdaRestApiSpec& spec) {
  auto uri = lambda_integration_uri(spec.region, spec.function_arn);
  if (auto id = existing_api(store_, spec); !id.empty()) {
    // As a stack update would: an API the stack file now describes otherwise is redeployed.
    if (serves(*store_.find(id), uri, spec.stage)) return id;
    store_.update(id, [&](RestApiRecord& record) {
      record.api["name"] = spec.name;
      shape_as_lambda_rest_api(record, uri, spec.stage);
    });
    spdlog::info("stack: redeployed REST API {} ({}) -> {}", spec.name, id, spec.function_arn);
    return id;
  }
  core::RequestContext context;
  context.account_id = spec.account_id;
  context.region = spec.region;
  auto record = new_rest_api_record(context, spec.id.empty() ? random_id(10) : spec.id, spec.name);
  shape_as_lambda_rest_api(record, uri, spec.stage);
  auto id = record.id();
  store_.insert(std::move(record));
  spdlog::info("stack: created REST API {} ({}) -> {}", spec.name, id, spec.function_arn);
  return id;
}

}  // namespace streamstack::apigateway
