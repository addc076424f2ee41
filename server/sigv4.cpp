#include "sigv4.h"

#include "core/api_error.h"
#include "core/url.h"

#include <map>
#include <optional>
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

// A query parameter's decoded value; nullopt when the name is absent. A name without '='
// ("?X-Amz-Algorithm") is present with an empty value.
std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  for (auto pair : split(query, '&')) {
    auto eq = pair.find('=');
    if (core::percent_decode(pair.substr(0, eq)) != name) continue;
    return eq == std::string_view::npos ? std::string() : core::percent_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::string incomplete_header_message(const std::map<std::string, std::string, std::less<>>& params,
                                      bool has_date) {
  std::string missing;
  for (const char* required : {"Credential", "Signature", "SignedHeaders"}) {
    auto it = params.find(required);
    if (it == params.end() || it->second.empty())
      missing += std::string("Authorization header requires '") + required + "' parameter. ";
  }
  if (!has_date)
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  return missing;
}

Signature from_header(const Request& request, std::string_view header) {
  // "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."; AWS takes a comma or
  // whitespace between parameters: "Signature=b Credential=a" names both.
  auto space = header.find_first_of(" \t");
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : header.substr(space + 1);
  std::map<std::string, std::string, std::less<>> params;
  for (auto item : split_parameters(rest)) {
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    params.emplace(std::string(trim(item.substr(0, eq))), std::string(trim(item.substr(eq + 1))));
  }
  Signature signature;
  signature.form = Signature::Form::kHeader;
  signature.algorithm = std::string(header.substr(0, space));
  signature.amz_date = std::string(header_value(request, "X-Amz-Date"));
  if (signature.amz_date.empty()) {
    signature.amz_date = std::string(header_value(request, "Date"));
    signature.date_from_date_header = !signature.amz_date.empty();
  }
  auto missing = incomplete_header_message(params, !signature.amz_date.empty());
  if (!missing.empty())
    throw core::ApiError::incomplete_signature(missing + "Authorization=" + std::string(header));
  signature.credential_text = params["Credential"];
  signature.signed_headers = params["SignedHeaders"];
  signature.signature = params["Signature"];
  signature.security_token = std::string(header_value(request, "X-Amz-Security-Token"));
  signature.credential = parse_credential_scope(signature.credential_text);
  return signature;
}

Signature from_query(std::string_view query) {
  std::string missing;
  std::map<std::string, std::string, std::less<>> values;
  for (const char* name :
       {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"}) {
    auto value = query_value(query, name);
    if (!value || value->empty())
      missing += std::string("AWS query-string parameters must include '") + name + "'. ";
    else
      values[name] = *value;
  }
  if (!missing.empty())
    throw core::ApiError::incomplete_signature(missing + "Re-examine the query-string parameters.");
  Signature signature;
  signature.form = Signature::Form::kQuery;
  signature.algorithm = values["X-Amz-Algorithm"];
  signature.credential_text = values["X-Amz-Credential"];
  signature.signature = values["X-Amz-Signature"];
  signature.signed_headers = values["X-Amz-SignedHeaders"];
  signature.amz_date = values["X-Amz-Date"];
  signature.security_token = query_value(query, "X-Amz-Security-Token").value_or("");
  signature.expires = query_value(query, "X-Amz-Expires").value_or("");
  signature.credential = parse_credential_scope(signature.credential_text);
  return signature;
}

}  // namespace

AuthWords dynamodb_auth_words() { return {}; }

AuthWords kinesis_auth_words() {
  return AuthWords{.aws4_prefix_required = false, .missing_token = "Missing Authentication Token"};
}

std::string_view header_value(const Request& request, std::string_view name) {
  auto it = request.find(name);
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string_view raw_query(const Request& request) {
  std::string_view target(request.target().data(), request.target().size());
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
}

std::string_view raw_path(const Request& request) {
  std::string_view target(request.target().data(), request.target().size());
  return target.substr(0, target.find('?'));
}

bool carries_signature(const Request& request) {
  return request.find(http::field::authorization) != request.end() ||
         query_value(raw_query(request), "X-Amz-Algorithm").has_value();
}

Credential parse_credential_scope(std::string_view scope) {
  while (!scope.empty() && scope.back() == '/') scope.remove_suffix(1);
  auto parts = split(scope, '/');
  if (parts.size() != 5)
    throw core::ApiError::incomplete_signature(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" + std::string(scope) + "'");
  return Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                    std::string(parts[3]), std::string(parts[4])};
}

Signature read_signature(const Request& request, const AuthWords& words) {
  auto found = request.find(http::field::authorization);
  bool in_query = query_value(raw_query(request), "X-Amz-Algorithm").has_value();
  if (found != request.end() && in_query) {
    throw core::ApiError(400, core::ApiError::kCoralService, "InvalidSignatureException",
                         "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as "
                         "HTTP header.");
  }
  if (in_query) return from_query(raw_query(request));
  auto header = found == request.end() ? std::string_view{} : std::string_view(found->value().data(), found->value().size());
  if (trim(header).empty() || (words.aws4_prefix_required && trim(header).substr(0, 5) != "AWS4-"))
    throw core::ApiError::missing_authentication_token(words.missing_token);
  return from_header(request, trim(header));
}

}  // namespace streamstack::server
