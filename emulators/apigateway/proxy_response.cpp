#include "apigateway/proxy_response.h"

#include "apigateway/proxy_event.h"
#include "core/base64.h"

#include <strings.h>

namespace streamstack::apigateway {
namespace {

using nlohmann::json;

std::optional<int> status_code(const json& payload) {
  auto it = payload.find("statusCode");
  if (it == payload.end() || it->is_null()) return 200;
  long long code = -1;
  if (it->is_number_integer()) {
    code = it->get<long long>();
  } else if (it->is_number_float()) {
    double d = it->get<double>();
    if (d != static_cast<double>(static_cast<long long>(d))) return std::nullopt;
    code = static_cast<long long>(d);
  } else if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    if (text.empty() || text.size() > 3) return std::nullopt;
    for (char c : text)
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    code = std::stoll(text);
  } else {
    return std::nullopt;
  }
  if (code < 100 || code > 599) return std::nullopt;
  return static_cast<int>(code);
}

// A header value as API Gateway writes it: strings as they are, numbers and booleans as their
// JSON text (`true`).
std::optional<std::string> header_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean() || value.is_number()) return value.dump();
  return std::nullopt;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

void add_header(Headers& headers, const std::string& name, const std::string& value) {
  for (auto& [n, v] : headers)
    if (n.size() == name.size() && ::strncasecmp(n.data(), name.data(), n.size()) == 0) {
      v += ", " + value;
      return;
    }
  headers.emplace_back(name, value);
}

bool collect_headers(const json& payload, Headers& headers) {
  if (auto multi = payload.find("multiValueHeaders"); multi != payload.end() && !multi->is_null()) {
    if (!multi->is_object()) return false;
    for (const auto& [name, values] : multi->items()) {
      if (values.is_null()) continue;
      if (!values.is_array()) return false;
      for (const auto& value : values) {
        auto text = header_text(value);
        if (!text) return false;
        add_header(headers, name, *text);
      }
    }
  }
  if (auto single = payload.find("headers"); single != payload.end() && !single->is_null()) {
    if (!single->is_object()) return false;
    for (const auto& [name, value] : single->items()) {
      if (value.is_null()) continue;
      auto text = header_text(value);
      if (!text) return false;
      add_header(headers, name, *text);
    }
  }
  return true;
}

}  // namespace

std::optional<core::RestResponse> map_proxy_response(const json& payload, std::string_view accept,
                                                     const std::vector<std::string>& binary_media_types) {
  if (!payload.is_object()) return std::nullopt;
  for (const auto& [key, value] : payload.items())
    if (key != "statusCode" && key != "headers" && key != "multiValueHeaders" && key != "body" &&
        key != "isBase64Encoded")
      return std::nullopt;
  auto status = status_code(payload);
  if (!status) return std::nullopt;
  core::RestResponse response;
  response.status = *status;
  if (!collect_headers(payload, response.headers)) return std::nullopt;
  if (auto body = payload.find("body"); body != payload.end() && !body->is_null()) {
    if (!body->is_string()) return std::nullopt;
    response.body = body->get<std::string>();
  }
  auto base64 = payload.find("isBase64Encoded");
  if (base64 != payload.end() && !base64->is_null() && !base64->is_boolean()) return std::nullopt;
  auto content_type = header_value(response.headers, "Content-Type");
  if (base64 != payload.end() && base64->is_boolean() && base64->get<bool>() &&
      (matches_binary_media_type(accept, binary_media_types) ||
       matches_binary_media_type(content_type, binary_media_types))) {
    auto decoded = core::base64_decode_lenient(response.body);
    if (!decoded) return std::nullopt;
    response.body = std::move(*decoded);
  }
  // API Gateway's default when the function names no type.
  if (content_type.empty()) response.headers.emplace_back("Content-Type", "application/json");
  return response;
}

}  // namespace streamstack::apigateway
