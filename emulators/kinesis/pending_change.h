#pragma once
// A change that waits for a stream's UPDATING to end (only with a stream delay), as recorded in
// StreamInfo::pending: the reshards of reshard.h, and a new capacity mode, encryption or warm
// throughput. Until it is applied the stream works as before, as on AWS ("you can continue to
// read and write data to your stream while its status is UPDATING").
#include "kinesis/stream_info.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace streamstack::kinesis {

nlohmann::json mode_change(const std::string& mode);
// `type` "KMS" with its key, or "NONE".
nlohmann::json encryption_change(const std::string& type, const std::string& key_id);
nlohmann::json warm_throughput_change(std::int64_t target_mibps);

// Applies `change` to the stored stream and to `stream` (the caller writes the stream row).
void apply_pending(store::Connection& c, StreamInfo& stream, const nlohmann::json& change, std::int64_t now_ms);

}  // namespace streamstack::kinesis
