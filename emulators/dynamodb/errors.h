#pragma once
// DynamoDB's errors, built by name where the fault is found. The `__type` prefixes are the
// ones AWS sends: modelled errors under com.amazonaws.dynamodb.v20120810#, ValidationException
// under com.amazon.coral.validate#.
#include "core/api_error.h"

#include <string>

namespace streamstack::dynamodb {

inline constexpr const char* kDynamoPrefix = "com.amazonaws.dynamodb.v20120810#";

inline core::ApiError validation_error(std::string message) {
  return core::ApiError(400, core::ApiError::kCoralValidate, "ValidationException", std::move(message));
}
// "One or more parameter values were invalid: <detail>"
inline core::ApiError invalid_parameter(const std::string& detail) {
  return validation_error("One or more parameter values were invalid: " + detail);
}
inline core::ApiError resource_not_found(std::string message = "Requested resource not found") {
  return core::ApiError(400, kDynamoPrefix, "ResourceNotFoundException", std::move(message));
}
inline core::ApiError resource_in_use(std::string message) {
  return core::ApiError(400, kDynamoPrefix, "ResourceInUseException", std::move(message));
}
inline core::ApiError conditional_check_failed(nlohmann::json extra = nlohmann::json::object()) {
  return core::ApiError(400, kDynamoPrefix, "ConditionalCheckFailedException",
                        "The conditional request failed", std::move(extra));
}
inline core::ApiError limit_exceeded(std::string message) {
  return core::ApiError(400, kDynamoPrefix, "LimitExceededException", std::move(message));
}
// A write that would grow a local secondary index's item collection past its limit (the words
// of DynamoDB Local's error table, which carries the service's own texts).
inline core::ApiError item_collection_size_limit_exceeded() {
  return core::ApiError(400, kDynamoPrefix, "ItemCollectionSizeLimitExceededException",
                        "Collection size exceeded");
}

}  // namespace streamstack::dynamodb
