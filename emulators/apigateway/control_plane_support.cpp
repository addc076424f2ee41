#include "apigateway/control_plane_support.h"

#include "apigateway/errors.h"
#include "apigateway/ids.h"
#include "core/clock.h"
#include "core/url.h"

#include <charconv>

namespace streamstack::apigateway::detail {

core::RestResponse empty_response(int status) {
  core::RestResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  return response;
}

ordered_json request_body(const core::RestRequest& request) {
  if (request.body.empty()) return ordered_json::object();
  auto body = ordered_json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) throw bad_request("Invalid request input");
  return body;
}

std::vector<std::string> query_values(const core::RestRequest& request, std::string_view name) {
  std::vector<std::string> out;
  for (auto& [key, value] : core::parse_query_string(request.raw_query))
    if (key == name) out.push_back(std::move(value));
  return out;
}

std::string query_value(const core::RestRequest& request, std::string_view name) {
  auto values = query_values(request, name);
  return values.empty() ? std::string() : values.front();
}

std::optional<std::string> string_member(const ordered_json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw bad_request("Invalid request input");
  return it->get<std::string>();
}

std::optional<ordered_json> map_member(const ordered_json& body, const char* key, bool booleans) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) throw bad_request("Invalid request input");
  for (const auto& [k, v] : it->items())
    if (booleans ? !v.is_boolean() : !v.is_string()) throw bad_request("Invalid request input");
  return *it;
}

std::shared_ptr<const RestApiRecord> require_api(const RestApiStore& store, const core::RequestContext& context,
                                                 const std::string& id) {
  auto api = store.find(id);
  if (!api || api->account_id != context.account_id || api->region != context.region)
    throw rest_api_not_found(context.account_id, id);
  return api;
}

void update_api(RestApiStore& store, const core::RequestContext& context, const std::string& id,
                const std::function<void(RestApiRecord&)>& change) {
  require_api(store, context, id);
  if (!store.update(id, change)) throw rest_api_not_found(context.account_id, id);
}

ordered_json& require_resource(RestApiRecord& api, const std::string& resource_id) {
  auto it = api.resources.find(resource_id);
  if (it == api.resources.end()) throw resource_not_found();
  return *it;
}

const ordered_json& require_resource(const RestApiRecord& api, const std::string& resource_id) {
  auto it = api.resources.find(resource_id);
  if (it == api.resources.end()) throw resource_not_found();
  return *it;
}

ordered_json& require_method(ordered_json& resource, const std::string& http_method) {
  auto methods = resource.find("resourceMethods");
  if (methods == resource.end() || !methods->contains(http_method)) throw method_not_found();
  return (*methods)[http_method];
}

const ordered_json& require_method(const ordered_json& resource, const std::string& http_method) {
  auto methods = resource.find("resourceMethods");
  if (methods == resource.end() || !methods->contains(http_method)) throw method_not_found();
  return (*methods)[http_method];
}

ordered_json page(const std::vector<ordered_json>& items, const core::RestRequest& request) {
  std::size_t limit = 25;
  if (auto text = query_value(request, "limit"); !text.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 500)
      throw bad_request("Invalid limit specified. Limit must be between 1 and 500");
    limit = static_cast<std::size_t>(value);
  }
  // The position is the offset of the page's first item: opaque to clients, stable enough for
  // lists that only grow at the end (creation order).
  std::size_t start = 0;
  if (auto position = query_value(request, "position"); !position.empty()) {
    auto [end, ec] = std::from_chars(position.data(), position.data() + position.size(), start);
    if (ec != std::errc() || end != position.data() + position.size())
      throw bad_request("Invalid position parameter");
  }
  ordered_json list = ordered_json::array();
  for (std::size_t i = start; i < items.size() && list.size() < limit; ++i) list.push_back(items[i]);
  ordered_json body = ordered_json::object();
  body["item"] = std::move(list);
  if (start + limit < items.size()) body["position"] = std::to_string(start + limit);
  return body;
}

RestApiRecord new_rest_api_record(const core::RequestContext& context, const std::string& id, const std::string& name) {
  RestApiRecord record;
  record.account_id = context.account_id;
  record.region = context.region;
  auto root_id = random_id(10);
  record.api["id"] = id;
  record.api["name"] = name;
  record.api["createdDate"] = now_seconds();
  record.api["apiKeySource"] = "HEADER";
  record.api["endpointConfiguration"] = {{"types", {"EDGE"}}, {"ipAddressType", "ipv4"}};
  record.api["disableExecuteApiEndpoint"] = false;
  record.api["rootResourceId"] = root_id;
  // The root resource has neither parentId nor pathPart.
  record.resources[root_id] = {{"id", root_id}, {"path", "/"}};
  return record;
}

std::int64_t now_seconds() { return core::Clock::now_millis() / 1000; }

}  // namespace streamstack::apigateway::detail
