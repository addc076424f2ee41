#include "api_error.h"

namespace streamstack::core {

ApiError::ApiError(int http_status, std::string type_prefix, std::string code, std::string message,
                   nlohmann::json extra)
    : std::runtime_error(code + ": " + message),
      http_status_(http_status),
      type_prefix_(std::move(type_prefix)),
      code_(std::move(code)),
      message_(std::move(message)),
      extra_(std::move(extra)) {}

ApiError ApiError::serialization(std::string message) {
  return ApiError(400, kCoralService, "SerializationException", std::move(message));
}

ApiError ApiError::unknown_operation(std::string message) {
  return ApiError(400, kCoralService, "UnknownOperationException", std::move(message));
}

ApiError ApiError::missing_authentication_token(std::string message) {
  return ApiError(400, kCoralService, "MissingAuthenticationTokenException", std::move(message));
}

ApiError ApiError::incomplete_signature(std::string message) {
  return ApiError(400, kCoralService, "IncompleteSignatureException", std::move(message));
}

ApiError ApiError::internal(std::string message) {
  return ApiError(500, kCoralService, "InternalFailure", std::move(message));
}

}  // namespace streamstack::core
