#include "sigv4.h"

#include "core/api_error.h"

#include <map>
#include <vector>

namespace streamstack::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == separator) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// The non-empty pieces of `s` between commas, spaces and tabs.
std::vector<std::string_view> split_parameters(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
      if (i > start) parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

Credential parse_scope(std::string_view scope) {
  // access-key/date/region/service/aws4_request; trailing slashes are ignored by AWS.
  while (!scope.empty() && scope.back() == '/') scope.remove_suffix(1);
  auto parts = split(scope, '/');
  if (parts.size() != 5)
    throw core::ApiError::incomplete_signature(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" + std::string(scope) + "'");
  return Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                    std::string(parts[3])};
}

std::string query_parameter(std::string_view query, std::string_view name) {
  for (auto pair : split(query, '&')) {
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      std::string value;
      auto raw = pair.substr(eq + 1);
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size()) {
          value += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
          i += 2;
        } else {
          value += raw[i];
        }
      }
      return value;
    }
  }
  return {};
}

}  // namespace

Credential parse_authorization(std::string_view authorization, std::string_view amz_date,
                               std::string_view query) {
  if (trim(authorization).empty()) {
    std::string presigned = query.empty() ? std::string() : query_parameter(query, "X-Amz-Credential");
    if (!presigned.empty()) return parse_scope(presigned);
    throw core::ApiError::missing_authentication_token("Request is missing Authentication Token");
  }
  auto header = trim(authorization);
  if (header.substr(0, 5) != "AWS4-")
    throw core::ApiError::missing_authentication_token("Request is missing Authentication Token");

  // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
  auto space = header.find(' ');
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : header.substr(space + 1);
  // AWS takes a comma or whitespace between parameters: "Signature=b Credential=a" names both
  // (dynalite's test/connection.js, recorded against DynamoDB).
  std::map<std::string, std::string, std::less<>> params;
  for (auto item : split_parameters(rest)) {
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    params.emplace(std::string(trim(item.substr(0, eq))), std::string(trim(item.substr(eq + 1))));
  }
  std::string missing;
  for (const char* required : {"Credential", "Signature", "SignedHeaders"}) {
    auto it = params.find(required);
    if (it == params.end() || it->second.empty())
      missing += std::string("Authorization header requires '") + required + "' parameter. ";
  }
  if (amz_date.empty())
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (!missing.empty())
    throw core::ApiError::incomplete_signature(missing + "Authorization=" + std::string(header));
  return parse_scope(params["Credential"]);
}

}  // namespace streamstack::server
