#include "kinesis/record_json.h"

#include <cstdio>

#include "core/base64.h"
#include "core/json_writer.h"

namespace streamstack::kinesis {

void append_record_json(const RecordView& r, std::string& out) {
  char arrival[32];
  std::snprintf(arrival, sizeof arrival, "%lld.%03lld", static_cast<long long>(r.arrival_ms / 1000),
                static_cast<long long>(r.arrival_ms % 1000));
  out += out.empty() ? "{" : ",{";
  out += R"("ApproximateArrivalTimestamp":)";
  out += arrival;
  out += R"(,"Data":")";
  core::base64_encode_to(r.data, out);
  out += R"(","EncryptionType":"NONE","PartitionKey":)";
  core::write_json_string(r.partition_key, out);
  out += R"(,"SequenceNumber":")";
  out += r.sequence_number;
  out += R"("})";
}

nlohmann::json child_shards_json(const StreamInfo& stream, const ShardInfo& parent) {
  auto children = nlohmann::json::array();
  for (const auto& s : stream.shards) {
    if (s.parent_index != parent.index && s.adjacent_parent_index != parent.index) continue;
    auto parents = nlohmann::json::array({shard_id_of(s.parent_index)});
    if (s.adjacent_parent_index >= 0) parents.push_back(shard_id_of(s.adjacent_parent_index));
    children.push_back({{"ShardId", s.shard_id()},
                        {"ParentShards", std::move(parents)},
                        {"HashKeyRange",
                         {{"StartingHashKey", to_decimal(s.starting_hash_key)},
                          {"EndingHashKey", to_decimal(s.ending_hash_key)}}}});
  }
  return children;
}

}  // namespace streamstack::kinesis
