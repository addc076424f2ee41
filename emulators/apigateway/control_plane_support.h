#pragma once
// Decoding and encoding shared by the control plane's operations.
#include "apigateway/rest_api_store.h"
#include "core/request_context.h"
#include "core/rest_service.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::apigateway::detail {

using core::json_response;
core::RestResponse empty_response(int status);

// The request's JSON body; {} when empty. BadRequestException when it is not a JSON object.
ordered_json request_body(const core::RestRequest& request);
// Every value of a query parameter, decoded, in order (`embed=methods&embed=x`).
std::vector<std::string> query_values(const core::RestRequest& request, std::string_view name);
std::string query_value(const core::RestRequest& request, std::string_view name);

// A member that must be a string when present; nullopt when absent or null.
std::optional<std::string> string_member(const ordered_json& body, const char* key);
// A member that must be an object of strings (or of booleans when `booleans`) when present.
std::optional<ordered_json> map_member(const ordered_json& body, const char* key, bool booleans = false);

// The API of the caller's account and region, or NotFoundException.
std::shared_ptr<const RestApiRecord> require_api(const RestApiStore& store, const core::RequestContext& context,
                                                 const std::string& id);
// RestApiStore::update, for an API of the caller's account and region.
void update_api(RestApiStore& store, const core::RequestContext& context, const std::string& id,
                const std::function<void(RestApiRecord&)>& change);

ordered_json& require_resource(RestApiRecord& api, const std::string& resource_id);
const ordered_json& require_resource(const RestApiRecord& api, const std::string& resource_id);
// resourceMethods[http_method], or NotFoundException "Invalid Method identifier specified".
ordered_json& require_method(ordered_json& resource, const std::string& http_method);
const ordered_json& require_method(const ordered_json& resource, const std::string& http_method);

// A list page as API Gateway sends it: {"item": [...], "position": <next>} with `limit`
// (default 25, at most 500) and `position` from the query string.
ordered_json page(const std::vector<ordered_json>& items, const core::RestRequest& request);

// A new API with its root resource, shaped as CreateRestApi answers it.
RestApiRecord new_rest_api_record(const core::RequestContext& context, const std::string& id,
                                  const std::string& name);

std::int64_t now_seconds();

}  // namespace streamstack::apigateway::detail
