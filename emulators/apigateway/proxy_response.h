#pragma once
// How API Gateway turns a Lambda proxy integration's answer into the HTTP response: only the
// keys statusCode, headers, multiValueHeaders, body and isBase64Encoded are allowed; statusCode
// may be a number or a numeric string (200 when absent); a header in both maps is sent once with
// the multi values first ("m, s", the casing of multiValueHeaders); body must be a string. Any
// other shape is a malformed response: 502.
#include "core/rest_service.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace streamstack::apigateway {

// nullopt when the answer is malformed. A base64 body (isBase64Encoded) is decoded only when the
// request's Accept or the response's Content-Type is one of the API's binaryMediaTypes;
// otherwise AWS sends the base64 text as it is.
std::optional<core::RestResponse> map_proxy_response(const nlohmann::json& payload, std::string_view accept,
                                                     const std::vector<std::string>& binary_media_types);

}  // namespace streamstack::apigateway
