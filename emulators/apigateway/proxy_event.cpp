#include "apigateway/proxy_event.h"

#include "apigateway/utf8.h"
#include "core/base64.h"
#include "core/url.h"

#include <strings.h>

#include <ctime>

namespace streamstack::apigateway {
namespace {

using nlohmann::json;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Hop-by-hop and framing headers never reach the function: the edge (CloudFront) consumes them.
bool forwarded(std::string_view name) {
  for (const char* dropped : {"Content-Length", "Connection", "Transfer-Encoding", "Keep-Alive"})
    if (iequals(name, dropped)) return false;
  return true;
}

// {name: last value} and {name: [values]}; a name keeps the casing of its first occurrence.
std::pair<json, json> header_sections(const std::vector<std::pair<std::string, std::string>>& headers) {
  json single = json::object();
  json multi = json::object();
  std::vector<std::string> names;
  for (const auto& [name, value] : headers) {
    if (!forwarded(name)) continue;
    std::string key = to_valid_utf8(name);
    for (const auto& seen : names)
      if (iequals(seen, name)) key = seen;
    if (!multi.contains(key)) names.push_back(key);
    auto text = to_valid_utf8(value);
    single[key] = text;
    multi[key].push_back(std::move(text));
  }
  if (single.empty()) return {nullptr, nullptr};
  return {single, multi};
}

// The client's headers and those the gateway adds after them. X-Forwarded-For lists the
// client's own value, if any, then the caller's address.
std::vector<std::pair<std::string, std::string>> gateway_headers(const ProxyRequest& request,
                                                                 const ProxyContext& context) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string forwarded_for;
  for (const auto& [name, value] : request.headers) {
    if (iequals(name, "X-Forwarded-For")) {
      forwarded_for += value + ", ";
    } else if (!iequals(name, "X-Forwarded-Port") && !iequals(name, "X-Forwarded-Proto") &&
               !iequals(name, "X-Amzn-Trace-Id")) {
      out.emplace_back(name, value);
    }
  }
  auto host = header_value(request.headers, "Host");
  auto colon = host.rfind(':');
  auto port = colon == std::string_view::npos || host.find(']', colon) != std::string_view::npos
                  ? std::string("80")
                  : std::string(host.substr(colon + 1));
  out.emplace_back("X-Amzn-Trace-Id", context.trace_id);
  out.emplace_back("X-Forwarded-For", forwarded_for + request.source_ip);
  out.emplace_back("X-Forwarded-Port", port);
  out.emplace_back("X-Forwarded-Proto", "http");
  return out;
}

std::pair<json, json> query_sections(std::string_view raw_query) {
  auto pairs = core::parse_query_string(raw_query);
  if (pairs.empty()) return {nullptr, nullptr};
  json single = json::object();
  json multi = json::object();
  for (auto& [raw_key, raw_value] : pairs) {
    // %FF decodes to a byte no JSON string can hold.
    auto key = to_valid_utf8(raw_key);
    auto value = to_valid_utf8(raw_value);
    single[key] = value;
    multi[key].push_back(std::move(value));
  }
  return {single, multi};
}

json map_or_null(const std::map<std::string, std::string>& values) {
  if (values.empty()) return nullptr;
  json out = json::object();
  for (const auto& [k, v] : values) out[k] = to_valid_utf8(v);
  return out;
}

json identity(const ProxyRequest& request) {
  json id;
  for (const char* key : {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                          "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
                          "principalOrgId"})
    id[key] = nullptr;
  id["sourceIp"] = request.source_ip;
  id["user"] = nullptr;
  auto agent = header_value(request.headers, "User-Agent");
  id["userAgent"] = agent.empty() ? json(nullptr) : json(to_valid_utf8(agent));
  id["userArn"] = nullptr;
  return id;
}

}  // namespace

std::string_view header_value(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view name) {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

bool matches_binary_media_type(std::string_view content_type, const std::vector<std::string>& types) {
  auto semicolon = content_type.find(';');
  auto type = content_type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.empty()) return false;
  auto slash = type.find('/');
  for (const auto& pattern : types) {
    if (pattern == "*/*" || iequals(pattern, type)) return true;
    if (pattern.size() > 2 && pattern.substr(pattern.size() - 2) == "/*" && slash != std::string_view::npos &&
        iequals(pattern.substr(0, pattern.size() - 2), type.substr(0, slash)))
      return true;
  }
  return false;
}

std::string request_time(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%02d/%s/%04d:%02d:%02d:%02d +0000", utc.tm_mday, kMonths[utc.tm_mon],
                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

json proxy_event(const ProxyRequest& request, const ProxyContext& context) {
  auto [headers, multi_headers] = header_sections(gateway_headers(request, context));
  auto [query, multi_query] = query_sections(request.raw_query);
  json event;
  event["resource"] = context.resource_path;
  auto path = to_valid_utf8(request.path);
  event["path"] = path;
  event["httpMethod"] = request.http_method;
  event["headers"] = std::move(headers);
  event["multiValueHeaders"] = std::move(multi_headers);
  event["queryStringParameters"] = std::move(query);
  event["multiValueQueryStringParameters"] = std::move(multi_query);
  event["pathParameters"] = map_or_null(context.path_parameters);
  event["stageVariables"] = map_or_null(context.stage_variables);

  auto host = header_value(request.headers, "Host");
  json rc;
  rc["resourceId"] = context.resource_id;
  rc["resourcePath"] = context.resource_path;
  rc["httpMethod"] = request.http_method;
  rc["extendedRequestId"] = context.extended_request_id;
  rc["requestTime"] = request_time(context.request_time_ms);
  rc["path"] = "/" + context.stage + path;
  rc["accountId"] = context.account_id;
  rc["protocol"] = "HTTP/1.1";
  rc["stage"] = context.stage;
  rc["domainPrefix"] = context.api_id;
  rc["requestTimeEpoch"] = context.request_time_ms;
  rc["requestId"] = context.request_id;
  rc["identity"] = identity(request);
  rc["domainName"] = to_valid_utf8(host);
  rc["deploymentId"] = context.deployment_id;
  rc["apiId"] = context.api_id;
  event["requestContext"] = std::move(rc);

  // A binary media type is sent base64; so is a body that is not text at all, which a JSON
  // event could not carry otherwise.
  if (request.body.empty()) {
    event["body"] = nullptr;
    event["isBase64Encoded"] = false;
  } else if (matches_binary_media_type(header_value(request.headers, "Content-Type"), context.binary_media_types) ||
             !is_valid_utf8(request.body)) {
    event["body"] = core::base64_encode(request.body);
    event["isBase64Encoded"] = true;
  } else {
    event["body"] = request.body;
    event["isBase64Encoded"] = false;
  }
  return event;
}

}  // namespace streamstack::apigateway
