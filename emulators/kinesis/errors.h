#pragma once
// The errors of Kinesis. Unlike DynamoDB, `__type` is the bare exception name (no namespace
// prefix), and SerializationException carries its text under "Message" (kinesalite
// test/helpers.js, run against AWS; LocalStack's AWS recording of a CBOR error).
#include "core/api_error.h"

#include <string>

namespace streamstack::kinesis {

inline core::ApiError kinesis_error(std::string code, std::string message, int status = 400) {
  return core::ApiError(status, "", std::move(code), std::move(message));
}

inline core::ApiError serialization_error(std::string message) {
  core::ApiError error(400, "", "SerializationException", std::move(message));
  error.with_message_key("Message");
  return error;
}

inline core::ApiError validation_error(std::string message) {
  return kinesis_error("ValidationException", std::move(message));
}

inline core::ApiError invalid_argument(std::string message) {
  return kinesis_error("InvalidArgumentException", std::move(message));
}

inline core::ApiError resource_not_found(std::string message) {
  return kinesis_error("ResourceNotFoundException", std::move(message));
}

inline core::ApiError resource_in_use(std::string message) {
  return kinesis_error("ResourceInUseException", std::move(message));
}

inline core::ApiError limit_exceeded(std::string message) {
  return kinesis_error("LimitExceededException", std::move(message));
}

// "Stream <name> under account <account> not found." — also when the request named the
// stream by ARN (LocalStack's AWS recording of a CBOR error).
inline core::ApiError stream_not_found(const std::string& name, const std::string& account) {
  return resource_not_found("Stream " + name + " under account " + account + " not found.");
}

inline core::ApiError stream_not_active(const std::string& name, const std::string& account,
                                        const std::string& status) {
  return resource_in_use("Stream " + name + " under account " + account +
                         " not ACTIVE, instead in state " + status);
}

// GetShardIterator's text for an unknown shard (and an unknown stream): no final period.
inline core::ApiError shard_does_not_exist(const std::string& shard_id, const std::string& stream,
                                           const std::string& account) {
  return resource_not_found("Shard " + shard_id + " in stream " + stream + " under account " +
                            account + " does not exist");
}

// SplitShard's and MergeShards' text for an unknown shard.
inline core::ApiError could_not_find_shard(const std::string& shard_id, const std::string& stream,
                                           const std::string& account) {
  return resource_not_found("Could not find shard " + shard_id + " in stream " + stream +
                            " under account " + account + ".");
}

}  // namespace streamstack::kinesis
