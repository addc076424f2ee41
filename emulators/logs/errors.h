#pragma once
// CloudWatch Logs' errors: a bare `__type` (no namespace prefix) and `message`.
#include "core/api_error.h"

#include <string>

namespace streamstack::logs {

inline core::ApiError logs_error(std::string code, std::string message) {
  return core::ApiError(400, "", std::move(code), std::move(message));
}
inline core::ApiError invalid_parameter(std::string message) {
  return logs_error("InvalidParameterException", std::move(message));
}
inline core::ApiError log_group_not_found() {
  return logs_error("ResourceNotFoundException", "The specified log group does not exist.");
}
inline core::ApiError log_stream_not_found() {
  return logs_error("ResourceNotFoundException", "The specified log stream does not exist.");
}

}  // namespace streamstack::logs
