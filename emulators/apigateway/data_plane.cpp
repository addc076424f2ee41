#include "apigateway/data_plane.h"

#include "apigateway/ids.h"
#include "apigateway/lambda_uri.h"
#include "apigateway/mock_integration.h"
#include "apigateway/proxy_response.h"
#include "core/clock.h"
#include "core/ids.h"

#include <spdlog/spdlog.h>

namespace streamstack::apigateway {
namespace {

using nlohmann::json;

// The default gateway responses' bodies, byte for byte as AWS sends them (note the spacing).
const char* const kMissingAuthenticationToken = R"({"message":"Missing Authentication Token"})";
const char* const kForbidden = R"({"message":"Forbidden"})";
const char* const kInternalServerError = R"({"message": "Internal server error"})";
const char* const kEndpointTimedOut = R"({"message": "Endpoint request timed out"})";

core::RestResponse missing_authentication_token() {
  return gateway_response(403, "MissingAuthenticationTokenException", kMissingAuthenticationToken);
}

core::RestResponse internal_server_error(int status = 502) {
  return gateway_response(status, "InternalServerErrorException", kInternalServerError);
}

std::vector<std::string> strings_of(const ordered_json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

core::RestResponse gateway_response(int status, const std::string& error_type, const std::string& body) {
  core::RestResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("x-amzn-ErrorType", error_type);
  response.body = body;
  return response;
}

struct DataPlane::Call {
  const RestApiRecord& api;
  const ProxyRequest& request;
  const ordered_json& integration;
  ProxyContext context;
};

std::shared_ptr<const RouteTable> DataPlane::routes(const RestApiRecord& api, const std::string& deployment_id) {
  auto key = api.id() + "/" + deployment_id;
  std::lock_guard lock(routes_mutex_);
  auto& table = routes_[key];
  if (!table) {
    auto deployment = api.deployments.find(deployment_id);
    auto snapshot = deployment == api.deployments.end() ? ordered_json::object() : (*deployment)["snapshot"];
    table = std::make_shared<const RouteTable>(std::move(snapshot));
  }
  return table;
}

void DataPlane::execute(const std::string& api_id, const std::string& stage_name, const ProxyRequest& request,
                        core::RestResponder respond) {
  auto request_id = core::new_uuid();
  auto extended_id = new_extended_request_id();
  // A trace the client started goes on; otherwise the gateway starts one.
  auto trace_id = std::string(header_value(request.headers, "X-Amzn-Trace-Id"));
  if (trace_id.empty()) trace_id = new_trace_id();
  // The gateway's own headers go on every answer, now or when a function's result arrives.
  auto answer = [request_id, extended_id, trace_id, respond = std::move(respond)](core::RestResponse response) {
    response.headers.emplace_back("x-amzn-RequestId", request_id);
    response.headers.emplace_back("x-amz-apigw-id", extended_id);
    response.headers.emplace_back("X-Amzn-Trace-Id", trace_id);
    respond(std::move(response));
  };
  auto api = store_.find(api_id);
  // AWS has no host name for an API that does not exist; LocalStack's answer to it.
  if (!api)
    return answer(gateway_response(404, "NotFoundException",
                                   R"({"message":"The API id ')" + api_id +
                                       R"(' does not correspond to a deployed API Gateway API"})"));
  auto stage = api->stages.find(stage_name);
  if (stage == api->stages.end() || api->api.value("disableExecuteApiEndpoint", false))
    return answer(gateway_response(403, "ForbiddenException", kForbidden));
  auto deployment_id = (*stage)["deploymentId"].get<std::string>();
  auto table = routes(*api, deployment_id);
  auto match = table->match(request.path);
  if (!match) return answer(missing_authentication_token());
  const auto* method = RouteTable::method_for(*match->resource, request.http_method);
  if (!method) return answer(missing_authentication_token());
  auto integration = method->find("methodIntegration");
  if (integration == method->end()) return answer(internal_server_error(500));

  Call call{*api, request, *integration, {}};
  auto& c = call.context;
  c.account_id = api->account_id;
  c.api_id = api_id;
  c.stage = stage_name;
  c.deployment_id = deployment_id;
  c.resource_id = (*match->resource)["id"].get<std::string>();
  c.resource_path = (*match->resource)["path"].get<std::string>();
  c.path_parameters = std::move(match->path_parameters);
  if (auto variables = stage->find("variables"); variables != stage->end())
    for (const auto& [k, v] : variables->items()) c.stage_variables[k] = v.get<std::string>();
  c.binary_media_types = strings_of(api->api.value("binaryMediaTypes", ordered_json::array()));
  c.request_id = request_id;
  c.extended_request_id = extended_id;
  c.trace_id = trace_id;
  c.request_time_ms = core::Clock::now_millis();

  auto type = integration->value("type", std::string());
  if (type == "AWS_PROXY") return invoke_lambda(call, std::move(answer));
  if (type == "MOCK") return answer(mock_integration_response(*integration, request));
  spdlog::warn("apigateway {} {} {}: integration type {} is not served", api_id, request.http_method, request.path,
               type);
  answer(internal_server_error(500));
}

void DataPlane::invoke_lambda(Call& call, core::RestResponder answer) {
  const auto& integration = call.integration;
  // A Lambda proxy integration is always invoked with POST; any other method is a
  // configuration error AWS answers with 500.
  auto arn = function_arn_of_integration_uri(integration.value("uri", std::string()));
  if (integration.value("httpMethod", std::string()) != "POST" || !arn) return answer(internal_server_error(500));
  auto timeout = std::chrono::milliseconds(integration.value("timeoutInMillis", 29000));
  auto accept = std::string(header_value(call.request.headers, "Accept"));
  accept = accept.substr(0, accept.find(','));
  lambda_.invoke(*arn, proxy_event(call.request, call.context), timeout,
                 [answer = std::move(answer), api_id = call.context.api_id, arn = *arn, accept = std::move(accept),
                  binary_media_types = call.context.binary_media_types](std::optional<LambdaOutcome> outcome) {
                   answer(proxy_answer(outcome, api_id, arn, accept, binary_media_types));
                 });
}

core::RestResponse proxy_answer(const std::optional<LambdaOutcome>& outcome, const std::string& api_id,
                                const std::string& function_arn, std::string_view accept,
                                const std::vector<std::string>& binary_media_types) {
  if (!outcome) {
    spdlog::warn("apigateway {}: Execution failed due to configuration error: function {} not found", api_id,
                 function_arn);
    return internal_server_error(500);
  }
  // Lambda's 429 never reaches the function, so there is no proxy response to map: API Gateway
  // answers its default 500 (AWS knowledge center: throttling gives "Internal server error").
  if (outcome->throttled) {
    spdlog::info("apigateway {}: Lambda invocation failed with status: 429: Rate Exceeded.", api_id);
    return internal_server_error(500);
  }
  const auto& result = outcome->result;
  if (outcome->integration_timed_out) return gateway_response(504, "InternalServerErrorException", kEndpointTimedOut);
  if (!result.ok) {
    spdlog::info("apigateway {}: Lambda execution failed with status 200 due to customer function error: {}", api_id,
                 result.error_message);
    return internal_server_error();
  }
  json payload = result.payload;
  if (payload.is_null() && !result.payload_text.empty()) payload = json::parse(result.payload_text, nullptr, false);
  auto response = map_proxy_response(payload, accept, binary_media_types);
  if (!response) {
    spdlog::info("apigateway {}: Execution failed due to configuration error: Malformed Lambda proxy response",
                 api_id);
    return internal_server_error();
  }
  return std::move(*response);
}

}  // namespace streamstack::apigateway
