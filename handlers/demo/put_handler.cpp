// put_handler.handler: stores an item with itemKey and name, taken from a JSON body
// ({"itemKey": "1", "name": "a"}), the query string (?itemKey=1&name=a), or a direct Invoke's
// event, in that order of preference, field by field.
#include "seed_handlers.h"

#include <optional>
#include <string>
#include <vector>

namespace streamstack::handlers::seed {
namespace {

using nlohmann::json;

// A field's value as a string; numbers are taken as their JSON text (a Postman body often
// sends {"itemKey": 1}). Other types are refused by the caller.
std::optional<json> field_in(const json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) return std::nullopt;
  return object[name];
}

std::optional<json> find_field(const json& event, const std::optional<json>& body, const char* name) {
  if (body) {
    if (auto v = field_in(*body, name)) return v;
  }
  if (auto v = api_gateway::parameter(event, "queryStringParameters", name)) return json(*v);
  if (!api_gateway::is_proxy_event(event)) return field_in(event, name);
  return std::nullopt;
}

}  // namespace

json put_handler(const json& event, Context& context) {
  auto body = api_gateway::json_body(event);
  json item = json::object();
  std::vector<std::string> missing;
  for (const char* name : {"itemKey", "name"}) {
    auto value = find_field(event, body, name);
    if (!value || value->is_null()) {
      missing.push_back(name);
      continue;
    }
    if (value->is_number()) value = json(value->dump());
    if (!value->is_string())
      return api_gateway::response(400, {{"message", std::string(name) + " must be a string"}});
    item[name] = *value;
  }
  if (!missing.empty()) {
    std::string list = missing.size() == 2 ? "itemKey, name" : missing.front();
    return api_gateway::response(
        400, {{"message", "Missing required field(s): " + list +
                              ". Send {\"itemKey\": \"...\", \"name\": \"...\"} as a JSON body or "
                              "?itemKey=...&name=... in the query string"}});
  }
  if (item["itemKey"].get<std::string>().empty())
    return api_gateway::response(400, {{"message", "itemKey must not be empty"}});

  context.dynamodb.put_item(context.env("TABLE"), item_from_plain(item));
  return api_gateway::response(200, item);
}

}  // namespace streamstack::handlers::seed
