#include "apigateway/control_plane.h"

#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"

namespace streamstack::apigateway {
namespace {

core::ApiError unknown_operation(const core::RestRequest& request) {
  return core::ApiError(404, "", "UnknownOperationException",
                        "streamstack does not serve " + request.method + " " + request.raw_path);
}

}  // namespace

core::RestResponse ControlPlane::handle(const core::RequestContext& context, const core::RestRequest& request,
                                        const std::vector<std::string>& s) {
  const auto& m = request.method;
  if (s.empty()) {
    if (m == "GET") return get_rest_apis(context, request);
    if (m == "POST") return create_rest_api(context, request);
    throw unknown_operation(request);
  }
  if (s.size() == 1) {
    if (m == "GET") return get_rest_api(context, s[0]);
    if (m == "DELETE") return delete_rest_api(context, s[0]);
    throw unknown_operation(request);
  }
  return route_api(context, request, s);
}

core::RestResponse ControlPlane::route_api(const core::RequestContext& context, const core::RestRequest& request,
                                           const Segments& s) {
  const auto& m = request.method;
  const auto& api_id = s[0];
  const auto& collection = s[1];
  if (collection == "resources") {
    if (s.size() == 2 && m == "GET") return get_resources(context, request, api_id);
    if (s.size() == 3 && m == "GET") return get_resource(context, request, api_id, s[2]);
    if (s.size() == 3 && m == "POST") return create_resource(context, request, api_id, s[2]);
    if (s.size() == 3 && m == "DELETE") return delete_resource(context, api_id, s[2]);
    if (s.size() >= 5 && s[3] == "methods") return route_method(context, request, s);
  } else if (collection == "deployments") {
    if (s.size() == 2 && m == "POST") return create_deployment(context, request, api_id);
    if (s.size() == 2 && m == "GET") return get_deployments(context, request, api_id);
    if (s.size() == 3 && m == "GET") return get_deployment(context, api_id, s[2]);
  } else if (collection == "stages") {
    if (s.size() == 2 && m == "POST") return create_stage(context, request, api_id);
    if (s.size() == 2 && m == "GET") return get_stages(context, request, api_id);
    if (s.size() == 3 && m == "GET") return get_stage(context, api_id, s[2]);
    if (s.size() == 3 && m == "DELETE") return delete_stage(context, api_id, s[2]);
  }
  throw unknown_operation(request);
}

// /restapis/{id}/resources/{rid}/methods/{method}[/responses/{code} | /integration[/responses/{code}]]
core::RestResponse ControlPlane::route_method(const core::RequestContext& context, const core::RestRequest& request,
                                              const Segments& s) {
  const auto& m = request.method;
  if (s.size() == 5) {
    if (m == "PUT") return put_method(context, request, s);
    if (m == "GET") return get_method(context, s);
    if (m == "DELETE") return delete_method(context, s);
  } else if (s.size() == 7 && s[5] == "responses") {
    if (m == "PUT") return put_method_response(context, request, s);
    if (m == "GET") return get_method_response(context, s);
  } else if (s.size() == 6 && s[5] == "integration") {
    if (m == "PUT") return put_integration(context, request, s);
    if (m == "GET") return get_integration(context, s);
    if (m == "DELETE") return delete_integration(context, s);
  } else if (s.size() == 8 && s[5] == "integration" && s[6] == "responses") {
    if (m == "PUT") return put_integration_response(context, request, s);
    if (m == "GET") return get_integration_response(context, s);
  }
  throw unknown_operation(request);
}

}  // namespace streamstack::apigateway
