// handler.handler: GET an item by itemKey. The key comes from the query string (?itemKey=1),
// the path (/prod/1 through the {proxy+} resource), or a direct Invoke's {"itemKey": "1"};
// the answer is API Gateway's proxy response with the item as plain JSON.
#include "seed_handlers.h"

#include <optional>
#include <string>

namespace streamstack::handlers::seed {
namespace {

using nlohmann::json;

std::optional<std::string> requested_key(const json& event) {
  if (auto key = api_gateway::parameter(event, "queryStringParameters", "itemKey")) return key;
  if (auto key = api_gateway::parameter(event, "pathParameters", "itemKey")) return key;
  if (auto key = api_gateway::parameter(event, "pathParameters", "proxy")) return key;
  if (event.is_object() && event.contains("itemKey") && event["itemKey"].is_string())
    return event["itemKey"].get<std::string>();
  return std::nullopt;
}

}  // namespace

json get_handler(const json& event, Context& context) {
  auto key = requested_key(event);
  if (!key || key->empty())
    return api_gateway::response(
        400, {{"message", "Missing required parameter itemKey: GET ?itemKey=<key> or /<key>"}});
  auto output = context.dynamodb.get_item(context.env("TABLE"), {{"itemKey", {{"S", *key}}}});
  if (!output.contains("Item"))
    return api_gateway::response(404, {{"message", "Item not found"}, {"itemKey", *key}});
  return api_gateway::response(200, item_to_plain(output["Item"]));
}

}  // namespace streamstack::handlers::seed
