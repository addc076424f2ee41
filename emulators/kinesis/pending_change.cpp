#include "kinesis/pending_change.h"

#include "kinesis/reshard.h"

namespace streamstack::kinesis {

nlohmann::json mode_change(const std::string& mode) { return {{"op", "mode"}, {"mode", mode}}; }

nlohmann::json encryption_change(const std::string& type, const std::string& key_id) {
  return {{"op", "encryption"}, {"type", type}, {"key", key_id}};
}

nlohmann::json warm_throughput_change(std::int64_t target_mibps) {
  return {{"op", "warm"}, {"target", target_mibps}};
}

void apply_pending(store::Connection& c, StreamInfo& stream, const nlohmann::json& change, std::int64_t now_ms) {
  const auto& op = change.at("op");
  if (op == "mode") {
    stream.mode = change.at("mode").get<std::string>();
    // Warm throughput is an on-demand stream's; a provisioned one has none.
    if (stream.mode == "PROVISIONED") stream.warm_target_mibps = stream.warm_current_mibps = -1;
  } else if (op == "encryption") {
    stream.encryption_type = change.at("type").get<std::string>();
    stream.key_id = stream.encryption_type == "KMS" ? change.at("key").get<std::string>() : std::string();
  } else if (op == "warm") {
    stream.warm_current_mibps = change.at("target").get<std::int64_t>();
  } else {
    apply_reshard(c, stream, change, now_ms);
  }
}

}  // namespace streamstack::kinesis
