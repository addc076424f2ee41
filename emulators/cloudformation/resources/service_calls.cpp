#include "cloudformation/resources/service_calls.h"

#include "core/api_error.h"

namespace streamstack::cloudformation::detail {

using nlohmann::json;

json call(core::JsonService& service, const core::RequestContext& context, const char* operation, json request) {
  return service.invoke(context, operation, request);
}

bool offers(core::JsonService& service, const char* operation) {
  if (!service.has_operation(operation)) return false;
  try {
    json empty = json::object();
    service.invoke(core::RequestContext{}, operation, empty);
  } catch (const core::ApiError& e) {
    return e.code() != "UnknownOperationException";
  }
  return true;
}

std::optional<json> invoke_unless(core::JsonService& service, const core::RequestContext& context,
                                  const char* operation, json request, std::string_view code) {
  try {
    return service.invoke(context, operation, request);
  } catch (const core::ApiError& e) {
    if (e.code() != code) throw;
    return std::nullopt;
  }
}

json apigateway_call(const DeployContext& context, const std::string& method, const std::string& path,
                     const json& body) {
  if (!context.services.apigateway) throw core::ApiError(500, "", "ServiceUnavailable", "API Gateway is not wired");
  core::RestRequest request;
  request.method = method;
  request.raw_path = path;
  request.headers = {{"Content-Type", "application/json"}};
  if (!body.is_null()) request.body = body.dump();
  auto response = context.services.apigateway->handle(context.context(), request);
  if (response.body.empty()) return json::object();
  return json::parse(response.body, nullptr, false);
}

std::optional<json> apigateway_find(const DeployContext& context, const std::string& path) {
  try {
    return apigateway_call(context, "GET", path);
  } catch (const core::ApiError& e) {
    if (e.http_status() == 404) return std::nullopt;
    throw;
  }
}

}  // namespace streamstack::cloudformation::detail
