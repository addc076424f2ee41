#include "kinesis/record_json.h"

#include <charconv>
#include <cstdint>

#include "core/base64.h"
#include "core/json_writer.h"

namespace streamstack::kinesis {

namespace {

// Epoch seconds with three decimals, as "%lld.%03lld" would write them: snprintf's format parsing
// cost as much as the record's base64.
void append_epoch_seconds(std::int64_t ms, std::string& out) {
  char text[24];
  auto end = std::to_chars(text, text + sizeof text, ms / 1000).ptr;
  auto fraction = ms % 1000;
  *end++ = '.';
  *end++ = static_cast<char>('0' + fraction / 100);
  *end++ = static_cast<char>('0' + fraction / 10 % 10);
  *end++ = static_cast<char>('0' + fraction % 10);
  out.append(text, end);
}

}  // namespace

void append_record_json(const RecordView& r, std::string& out) {
  out += out.empty() ? "{" : ",{";
  out += R"("ApproximateArrivalTimestamp":)";
  append_epoch_seconds(r.arrival_ms, out);
  out += R"(,"Data":")";
  core::base64_encode_to(r.data, out);
  out += r.kms ? R"(","EncryptionType":"KMS","PartitionKey":)" : R"(","PartitionKey":)";
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
