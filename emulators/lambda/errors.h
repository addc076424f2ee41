#pragma once
// Lambda's errors as its REST JSON protocol sends them: the code in `x-amzn-ErrorType`, the
// body `{"Type": "User", <message member>}` where the model decides the message member's
// casing (`Message` for ResourceNotFoundException, `message` for most others).
#include "core/api_error.h"

#include <string>

// (InvalidParameterValueException, ResourceConflictException and the event source mappings'
// own errors are in event_source_mappings_api.h.)
namespace streamstack::lambda {

inline core::ApiError lambda_error(int status, std::string code, std::string message,
                                   const char* message_key = "message", const char* type = "User") {
  return core::ApiError(status, "", std::move(code), std::move(message), {{"Type", type}})
      .with_message_key(message_key);
}

// "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"
inline core::ApiError function_not_found(const std::string& function_arn) {
  return lambda_error(404, "ResourceNotFoundException", "Function not found: " + function_arn, "Message");
}

inline core::ApiError invalid_request_content(std::string message) {
  return lambda_error(400, "InvalidRequestContentException", std::move(message));
}

inline core::ApiError request_too_large(std::string message) {
  return lambda_error(413, "RequestTooLargeException", std::move(message));
}

// Invoke over a concurrency limit; `reason` is ReservedFunctionConcurrentInvocationLimitExceeded
// (the function's reservation) or ConcurrentInvocationLimitExceeded (the account's unreserved
// pool). Lambda words both "Rate Exceeded.".
inline core::ApiError too_many_requests(const std::string& reason) {
  return core::ApiError(429, "", "TooManyRequestsException", "Rate Exceeded.", {{"Reason", reason}, {"Type", "User"}});
}

// Recorded on AWS without a `Type` member.
inline core::ApiError validation_exception(std::string message) {
  return core::ApiError(400, "", "ValidationException", std::move(message));
}

}  // namespace streamstack::lambda
