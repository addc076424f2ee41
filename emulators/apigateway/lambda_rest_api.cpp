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

}  // namespace

std::string ControlPlane::deploy_lambda_rest_api(const LambdaRestApiSpec& spec) {
  if (auto id = existing_api(store_, spec); !id.empty()) return id;
  core::RequestContext context;
  context.account_id = spec.account_id;
  context.region = spec.region;
  auto record = new_rest_api_record(context, spec.id.empty() ? random_id(10) : spec.id, spec.name);
  auto uri = lambda_integration_uri(spec.region, spec.function_arn);
  auto root_id = record.api["rootResourceId"].get<std::string>();
  record.resources[root_id]["resourceMethods"] = {{"ANY", proxy_method(root_id, uri)}};
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
  record.stages[spec.stage] = {{"deploymentId", deployment_id},
                               {"stageName", spec.stage},
                               {"cacheClusterEnabled", false},
                               {"cacheClusterStatus", "NOT_AVAILABLE"},
                               {"methodSettings", ordered_json::object()},
                               {"tracingEnabled", false},
                               {"createdDate", now},
                               {"lastUpdatedDate", now}};
  auto id = record.id();
  store_.insert(std::move(record));
  spdlog::info("stack: created REST API {} ({}) -> {}", spec.name, id, spec.function_arn);
  return id;
}

}  // namespace streamstack::apigateway
