#pragma once
// The errors of DynamoDB Streams. It shares DynamoDB's front end, so its `__type` prefixes are
// DynamoDB's: modelled errors under com.amazonaws.dynamodb.v20120810#, ValidationException under
// com.amazon.coral.validate#.
#include "core/api_error.h"

#include <string>

namespace streamstack::streams {

inline constexpr const char* kDynamoPrefix = "com.amazonaws.dynamodb.v20120810#";

inline core::ApiError validation_error(std::string message) {
  return core::ApiError(400, core::ApiError::kCoralValidate, "ValidationException",
                        std::move(message));
}

inline core::ApiError invalid_parameter(const std::string& detail) {
  return validation_error("One or more parameter values were invalid: " + detail);
}

inline core::ApiError resource_not_found(std::string message) {
  return core::ApiError(400, kDynamoPrefix, "ResourceNotFoundException", std::move(message));
}

// Recorded on AWS for DescribeStream of a well-formed ARN that names no stream.
inline core::ApiError stream_not_found(const std::string& arn) {
  return resource_not_found("Requested resource not found: Stream: " + arn + " not found");
}

// The text the DynamoDB Streams Kinesis adapter's tests and KCL ports match on.
inline core::ApiError shard_not_found() {
  return resource_not_found("Requested resource not found: Shard does not exist");
}

// AWS's text is unconfirmed. The model documents this one as the exception's message, and the
// model's text for TrimmedDataAccessException is the one users see, so this is the likelier;
// Kinesis's "Iterator expired. The iterator was created at time ..." belongs to another front end.
inline core::ApiError expired_iterator() {
  return core::ApiError(400, kDynamoPrefix, "ExpiredIteratorException",
                        "The provided iterator exceeds the maximum age allowed.");
}

// As AWS sends it in user reports (node-dynamodb-stream#13); the model's documentation adds a
// final period that the service does not send.
inline core::ApiError trimmed_data_access() {
  return core::ApiError(400, kDynamoPrefix, "TrimmedDataAccessException",
                        "The data you are trying to access has been trimmed");
}

}  // namespace streamstack::streams
