#pragma once
// Reading an API Gateway proxy event (payload format 1.0, what a LambdaRestApi sends) and
// building the proxy response API Gateway expects back: {statusCode, headers, body} where body
// is a string.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::handlers::api_gateway {

// A proxy response whose body is `body` serialized as JSON.
inline nlohmann::json response(int status_code, const nlohmann::json& body) {
  return {{"statusCode", status_code},
          {"headers", {{"Content-Type", "application/json"}}},
          {"body", body.dump()}};
}

// Whether `event` came through API Gateway rather than a direct Invoke.
inline bool is_proxy_event(const nlohmann::json& event) {
  return event.is_object() && event.contains("httpMethod") && event.contains("resource");
}

// A string member of event[section] (queryStringParameters, pathParameters, headers...);
// API Gateway sends null, not {}, when a section is empty.
inline std::optional<std::string> parameter(const nlohmann::json& event, std::string_view section,
                                            std::string_view name) {
  if (!event.is_object()) return std::nullopt;
  auto s = event.find(section);
  if (s == event.end() || !s->is_object()) return std::nullopt;
  auto v = s->find(name);
  if (v == s->end() || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

namespace detail {

inline std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;  // padding and line breaks
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if ((count += 6) >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

}  // namespace detail

// The request body as text (decoded when API Gateway base64-encoded it); nullopt when none.
inline std::optional<std::string> body(const nlohmann::json& event) {
  if (!event.is_object()) return std::nullopt;
  auto b = event.find("body");
  if (b == event.end() || !b->is_string()) return std::nullopt;
  if (event.value("isBase64Encoded", false)) return detail::base64_decode(b->get<std::string>());
  return b->get<std::string>();
}

// The request body parsed as JSON; nullopt when absent or not JSON.
inline std::optional<nlohmann::json> json_body(const nlohmann::json& event) {
  auto text = body(event);
  if (!text) return std::nullopt;
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

}  // namespace streamstack::handlers::api_gateway
