// PutIntegration, GetIntegration, DeleteIntegration, PutIntegrationResponse,
// GetIntegrationResponse.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"
#include "apigateway/lambda_uri.h"

namespace streamstack::apigateway {

using namespace detail;

namespace {

void check_type(const std::optional<std::string>& type) {
  for (const char* t : {"HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"})
    if (type && *type == t) return;
  throw validation_exception("1 validation error detected: Value '" + type.value_or("null") +
                             "' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy "
                             "enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]");
}

// The checks AWS makes of an integration's target, in its order.
void check_target(const std::string& type, const std::optional<std::string>& http_method,
                  const std::optional<std::string>& uri) {
  if (type == "MOCK") return;
  if (!http_method || http_method->empty()) throw bad_request("Enumeration value for HttpMethod must be non-empty");
  if (type == "HTTP" || type == "HTTP_PROXY") {
    if (!uri || (uri->rfind("http://", 0) != 0 && uri->rfind("https://", 0) != 0))
      throw bad_request("Invalid HTTP endpoint specified for URI");
    return;
  }
  if (!uri || uri->rfind("arn:", 0) != 0) throw bad_request("Invalid ARN specified in the request");
  if (uri->find(":path/") == std::string::npos && uri->find(":action/") == std::string::npos)
    throw bad_request("AWS ARN for integration must contain path or action");
  if (type == "AWS_PROXY" && !function_arn_of_integration_uri(*uri))
    throw bad_request(
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
}

ordered_json& require_integration(ordered_json& method) {
  if (!method.contains("methodIntegration")) throw integration_not_found();
  return method["methodIntegration"];
}

}  // namespace

core::RestResponse ControlPlane::put_integration(const core::RequestContext& context,
                                                 const core::RestRequest& request, const Segments& s) {
  auto body = request_body(request);
  auto type = string_member(body, "type");
  check_type(type);
  auto http_method = string_member(body, "httpMethod");
  auto uri = string_member(body, "uri");
  ordered_json integration;
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& method = require_method(require_resource(api, s[2]), s[4]);
    check_target(*type, http_method, uri);
    int timeout = 29000;
    if (body.contains("timeoutInMillis") && !body["timeoutInMillis"].is_null()) {
      if (!body["timeoutInMillis"].is_number_integer()) throw bad_request("Invalid request input");
      timeout = body["timeoutInMillis"].get<int>();
      if (timeout < 50 || timeout > 29000) throw bad_request("Timeout should be between 50 ms and 29000 ms");
    }
    integration["type"] = *type;
    if (http_method && *type != "MOCK") integration["httpMethod"] = *http_method;
    if (uri && *type != "MOCK") integration["uri"] = *uri;
    if (*type == "HTTP" || *type == "HTTP_PROXY")
      integration["connectionType"] = string_member(body, "connectionType").value_or("INTERNET");
    if (auto credentials = string_member(body, "credentials")) integration["credentials"] = *credentials;
    if (auto parameters = map_member(body, "requestParameters")) integration["requestParameters"] = *parameters;
    if (auto templates = map_member(body, "requestTemplates")) integration["requestTemplates"] = *templates;
    integration["passthroughBehavior"] = string_member(body, "passthroughBehavior").value_or("WHEN_NO_MATCH");
    if (auto handling = string_member(body, "contentHandling")) integration["contentHandling"] = *handling;
    integration["timeoutInMillis"] = timeout;
    integration["cacheNamespace"] = string_member(body, "cacheNamespace").value_or(s[2]);
    integration["cacheKeyParameters"] =
        body.contains("cacheKeyParameters") ? body["cacheKeyParameters"] : ordered_json::array();
    method["methodIntegration"] = integration;
  });
  return json_response(201, integration);
}

core::RestResponse ControlPlane::get_integration(const core::RequestContext& context, const Segments& s) {
  auto api = require_api(store_, context, s[0]);
  const auto& method = require_method(require_resource(*api, s[2]), s[4]);
  if (!method.contains("methodIntegration")) throw integration_not_found();
  return json_response(200, method["methodIntegration"]);
}

core::RestResponse ControlPlane::delete_integration(const core::RequestContext& context, const Segments& s) {
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& method = require_method(require_resource(api, s[2]), s[4]);
    require_integration(method);
    method.erase("methodIntegration");
  });
  return empty_response(204);
}

core::RestResponse ControlPlane::put_integration_response(const core::RequestContext& context,
                                                          const core::RestRequest& request, const Segments& s) {
  auto body = request_body(request);
  const auto& status_code = s[7];
  ordered_json response;
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& method = require_method(require_resource(api, s[2]), s[4]);
    if (!method.contains("methodIntegration")) throw not_found("No integration defined for method");
    // An integration response maps onto a method response, which must exist first.
    if (!method.contains("methodResponses") || !method["methodResponses"].contains(status_code))
      throw not_found("Invalid Response status code specified");
    response["statusCode"] = status_code;
    if (auto pattern = string_member(body, "selectionPattern")) response["selectionPattern"] = *pattern;
    if (auto parameters = map_member(body, "responseParameters")) response["responseParameters"] = *parameters;
    if (auto templates = map_member(body, "responseTemplates")) response["responseTemplates"] = *templates;
    if (auto handling = string_member(body, "contentHandling")) response["contentHandling"] = *handling;
    method["methodIntegration"]["integrationResponses"][status_code] = response;
  });
  return json_response(201, response);
}

core::RestResponse ControlPlane::get_integration_response(const core::RequestContext& context, const Segments& s) {
  auto api = require_api(store_, context, s[0]);
  const auto& method = require_method(require_resource(*api, s[2]), s[4]);
  if (!method.contains("methodIntegration")) throw integration_not_found();
  const auto& integration = method["methodIntegration"];
  auto responses = integration.find("integrationResponses");
  if (responses == integration.end() || !responses->contains(s[7]))
    throw not_found("Invalid Response status code specified");
  return json_response(200, (*responses)[s[7]]);
}

}  // namespace streamstack::apigateway
