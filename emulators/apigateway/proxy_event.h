#pragma once
// The event a Lambda proxy integration (AWS_PROXY, payload format 1.0) sends the function,
// field for field as AWS sends it: sections with nothing in them are null (not {}), `path` has
// no stage and keeps its percent-encoding, `requestContext.path` has the stage, query values
// are decoded (`+` is a space), header names keep the client's casing. The gateway adds the
// headers a regional endpoint adds (X-Forwarded-For/-Port/-Proto, X-Amzn-Trace-Id); an edge
// endpoint's CloudFront-* and Via headers are left out, there being no CloudFront here.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace streamstack::apigateway {

// One request to a deployed stage, with the URL form it came by already taken apart.
struct ProxyRequest {
  std::string http_method;
  std::string path;       // after the stage, as sent: "/items/a%2Fb"; "/" at least
  std::string raw_query;  // without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;
  std::string source_ip;
};

// What the gateway knows besides the request itself.
struct ProxyContext {
  std::string account_id;
  std::string api_id;
  std::string stage;
  std::string deployment_id;
  std::string resource_id;
  std::string resource_path;  // "/{proxy+}"
  std::map<std::string, std::string> path_parameters;
  std::map<std::string, std::string> stage_variables;
  std::vector<std::string> binary_media_types;  // the API's
  std::string request_id;                       // a UUID
  std::string extended_request_id;
  std::string trace_id;  // X-Amzn-Trace-Id, the client's or a new one
  std::int64_t request_time_ms = 0;
};

nlohmann::json proxy_event(const ProxyRequest& request, const ProxyContext& context);

// "25/Nov/2026:11:30:00 +0000", as requestContext.requestTime reads.
std::string request_time(std::int64_t epoch_ms);

// Whether a Content-Type (or Accept) value matches one of binaryMediaTypes ("image/png",
// "image/*", "*/*").
bool matches_binary_media_type(std::string_view content_type, const std::vector<std::string>& types);

// First value of a header, case-insensitively; empty when absent.
std::string_view header_value(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view name);

}  // namespace streamstack::apigateway
