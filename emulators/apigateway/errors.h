#pragma once
// API Gateway's control-plane errors. botocore's rest-json parser reads the code from the
// `x-amzn-ErrorType` header and the text from `{"message": ...}` (RestService::render_error).
// The messages are the ones AWS answers (recorded against AWS where a source recorded them).
#include "core/api_error.h"

#include <string>

namespace streamstack::apigateway {

inline core::ApiError not_found(std::string message) {
  return core::ApiError(404, "", "NotFoundException", std::move(message));
}

inline core::ApiError bad_request(std::string message) {
  return core::ApiError(400, "", "BadRequestException", std::move(message));
}

inline core::ApiError conflict(std::string message) {
  return core::ApiError(409, "", "ConflictException", std::move(message));
}

// Not in the model's error list, but what AWS answers for a value outside an enum.
inline core::ApiError validation_exception(std::string message) {
  return core::ApiError(400, "", "ValidationException", std::move(message));
}

inline core::ApiError rest_api_not_found(const std::string& account, const std::string& id) {
  return not_found("Invalid API identifier specified " + account + ":" + id);
}

inline core::ApiError resource_not_found() { return not_found("Invalid Resource identifier specified"); }
inline core::ApiError method_not_found() { return not_found("Invalid Method identifier specified"); }
inline core::ApiError integration_not_found() { return not_found("Invalid Integration identifier specified"); }
inline core::ApiError stage_not_found() { return not_found("Invalid Stage identifier specified"); }
inline core::ApiError deployment_not_found() { return not_found("Invalid Deployment identifier specified"); }

}  // namespace streamstack::apigateway
