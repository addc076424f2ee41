#pragma once
// What the router's pieces share to read requests and write answers: header lookups, the
// request's media type, and error bodies in each wire protocol.
#include "core/api_error.h"
#include "http_types.h"

#include <string>
#include <string_view>

namespace streamstack::server {

inline constexpr std::string_view kCborContentType = "application/x-amz-cbor-1.1";

std::string_view header(const Request& request, http::field field);
std::string_view header(const Request& request, std::string_view name);

// The request's media type without parameters or spaces, in lower case
// ("  Application/JSON ; charset=x" -> "application/json").
std::string media_type(const Request& request);

// `{"__type": ..., "message": ...}` (the message under the error's own key, left out when
// empty), as JSON text or as CBOR.
std::string render_json_error(const core::ApiError& error);
std::string render_cbor_error(const core::ApiError& error);

Response make_response(const Request& request, http::status status, std::string content_type,
                       std::string body);

// DynamoDB's x-amz-crc32: the CRC32 of the body, in decimal.
std::string crc32_of(const std::string& body);

}  // namespace streamstack::server
