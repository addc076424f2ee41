// PutMethod, GetMethod, DeleteMethod, PutMethodResponse, GetMethodResponse.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"

#include <array>

namespace streamstack::apigateway {

using namespace detail;

namespace {

constexpr std::array<const char*, 8> kHttpMethods = {"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"};

void check_http_method(const std::string& method) {
  for (const char* m : kHttpMethods)
    if (method == m) return;
  throw bad_request("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
}

void check_status_code(const std::string& code) {
  bool ok = code.size() == 3 && code[0] >= '1' && code[0] <= '5' && std::isdigit(static_cast<unsigned char>(code[1])) &&
            std::isdigit(static_cast<unsigned char>(code[2]));
  if (!ok) throw bad_request("Invalid status code specified");
}

}  // namespace

core::RestResponse ControlPlane::put_method(const core::RequestContext& context, const core::RestRequest& request,
                                            const Segments& s) {
  auto body = request_body(request);
  const auto& http_method = s[4];
  ordered_json method;
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& resource = require_resource(api, s[2]);
    check_http_method(http_method);
    auto& methods = resource["resourceMethods"];
    if (methods.is_null()) methods = ordered_json::object();
    if (methods.contains(http_method)) throw conflict("Method already exists for this resource");
    method["httpMethod"] = http_method;
    method["authorizationType"] = string_member(body, "authorizationType").value_or("NONE");
    if (auto authorizer = string_member(body, "authorizerId")) method["authorizerId"] = *authorizer;
    method["apiKeyRequired"] = body.value("apiKeyRequired", false);
    if (auto name = string_member(body, "operationName")) method["operationName"] = *name;
    if (auto parameters = map_member(body, "requestParameters", true)) method["requestParameters"] = *parameters;
    if (auto models = map_member(body, "requestModels")) method["requestModels"] = *models;
    if (auto validator = string_member(body, "requestValidatorId")) method["requestValidatorId"] = *validator;
    if (body.contains("authorizationScopes")) method["authorizationScopes"] = body["authorizationScopes"];
    methods[http_method] = method;
  });
  return json_response(201, method);
}

core::RestResponse ControlPlane::get_method(const core::RequestContext& context, const Segments& s) {
  auto api = require_api(store_, context, s[0]);
  return json_response(200, require_method(require_resource(*api, s[2]), s[4]));
}

core::RestResponse ControlPlane::delete_method(const core::RequestContext& context, const Segments& s) {
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& resource = require_resource(api, s[2]);
    require_method(resource, s[4]);
    resource["resourceMethods"].erase(s[4]);
  });
  return empty_response(204);
}

core::RestResponse ControlPlane::put_method_response(const core::RequestContext& context,
                                                     const core::RestRequest& request, const Segments& s) {
  auto body = request_body(request);
  const auto& status_code = s[6];
  ordered_json response;
  update_api(store_, context, s[0], [&](RestApiRecord& api) {
    auto& method = require_method(require_resource(api, s[2]), s[4]);
    check_status_code(status_code);
    response["statusCode"] = status_code;
    if (auto parameters = map_member(body, "responseParameters", true)) response["responseParameters"] = *parameters;
    if (auto models = map_member(body, "responseModels")) response["responseModels"] = *models;
    method["methodResponses"][status_code] = response;
  });
  return json_response(201, response);
}

core::RestResponse ControlPlane::get_method_response(const core::RequestContext& context, const Segments& s) {
  auto api = require_api(store_, context, s[0]);
  const auto& method = require_method(require_resource(*api, s[2]), s[4]);
  auto responses = method.find("methodResponses");
  if (responses == method.end() || !responses->contains(s[6]))
    throw not_found("Invalid Response status code specified");
  return json_response(200, (*responses)[s[6]]);
}

}  // namespace streamstack::apigateway
