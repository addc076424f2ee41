#include "edge_util.h"

#include "core/cbor.h"
#include "core/json_writer.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

namespace streamstack::server {
namespace {

nlohmann::json error_body(const core::ApiError& error) {
  nlohmann::json body = error.extra().is_object() ? error.extra() : nlohmann::json::object();
  body["__type"] = error.wire_type();
  if (!error.message().empty()) body[error.message_key()] = error.message();
  return body;
}

}  // namespace

std::string_view header(const Request& request, http::field field) {
  auto it = request.find(field);
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string_view header(const Request& request, std::string_view name) {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string media_type(const Request& request) {
  auto type = header(request, http::field::content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  std::string lower(type);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string render_json_error(const core::ApiError& error) { return core::to_json_text(error_body(error)); }

std::string render_cbor_error(const core::ApiError& error) { return core::cbor::encode(error_body(error)); }

Response make_response(const Request& request, http::status status, std::string content_type,
                       std::string body) {
  Response response{status, request.version()};
  if (!content_type.empty()) response.set(http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string crc32_of(const std::string& body) {
  auto crc = ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return std::to_string(crc);
}

}  // namespace streamstack::server
