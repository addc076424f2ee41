// CreateRestApi, GetRestApis, GetRestApi, DeleteRestApi.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"
#include "apigateway/ids.h"

namespace streamstack::apigateway {

using namespace detail;

namespace {

// A tag LocalStack reads as the API's id, so scripts written for it keep stable URLs here too.
constexpr const char* kCustomIdTag = "_custom_id_";

}  // namespace

core::RestResponse ControlPlane::create_rest_api(const core::RequestContext& context,
                                                 const core::RestRequest& request) {
  auto body = request_body(request);
  auto name = string_member(body, "name");
  if (!name || name->empty()) throw bad_request("Invalid REST API name specified");
  auto description = string_member(body, "description");
  if (description && description->empty()) throw bad_request("Description cannot be an empty string");
  auto tags = map_member(body, "tags");
  std::string id = random_id(10);
  if (tags && tags->contains(kCustomIdTag)) {
    id = (*tags)[kCustomIdTag].get<std::string>();
    if (!valid_rest_api_id(id)) throw bad_request("Invalid custom id specified: " + id);
  }
  auto record = new_rest_api_record(context, id, *name);
  auto& api = record.api;
  if (description) api["description"] = *description;
  if (auto version = string_member(body, "version")) api["version"] = *version;
  if (body.contains("binaryMediaTypes")) {
    const auto& types = body["binaryMediaTypes"];
    if (!types.is_array()) throw bad_request("Invalid request input");
    for (const auto& t : types)
      if (!t.is_string()) throw bad_request("Invalid request input");
    if (!types.empty()) api["binaryMediaTypes"] = types;
  }
  if (auto source = string_member(body, "apiKeySource")) api["apiKeySource"] = *source;
  if (body.contains("endpointConfiguration") && body["endpointConfiguration"].is_object())
    for (const auto& [k, v] : body["endpointConfiguration"].items()) api["endpointConfiguration"][k] = v;
  if (body.contains("disableExecuteApiEndpoint") && body["disableExecuteApiEndpoint"].is_boolean())
    api["disableExecuteApiEndpoint"] = body["disableExecuteApiEndpoint"];
  if (tags) api["tags"] = *tags;
  auto response = api;
  if (!store_.insert(std::move(record))) throw conflict("REST API with id " + id + " already exists");
  return json_response(201, response);
}

core::RestResponse ControlPlane::get_rest_apis(const core::RequestContext& context,
                                               const core::RestRequest& request) {
  std::vector<std::shared_ptr<const RestApiRecord>> apis;
  for (auto& api : store_.list())
    if (api->account_id == context.account_id && api->region == context.region) apis.push_back(api);
  // Oldest first, as AWS lists them.
  std::stable_sort(apis.begin(), apis.end(), [](const auto& a, const auto& b) {
    return a->api["createdDate"].template get<std::int64_t>() < b->api["createdDate"].template get<std::int64_t>();
  });
  std::vector<ordered_json> items;
  for (const auto& api : apis) items.push_back(api->api);
  return json_response(200, page(items, request));
}

core::RestResponse ControlPlane::get_rest_api(const core::RequestContext& context, const std::string& id) {
  return json_response(200, require_api(store_, context, id)->api);
}

core::RestResponse ControlPlane::delete_rest_api(const core::RequestContext& context, const std::string& id) {
  require_api(store_, context, id);
  store_.erase(id);
  return empty_response(202);
}

}  // namespace streamstack::apigateway
