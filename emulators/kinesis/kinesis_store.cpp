#include "kinesis/kinesis_store.h"

#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/common.h"
#include "kinesis/record_store.h"
#include "kinesis/stream_info.h"

namespace streamstack::kinesis {
namespace {

std::string account_of(const std::string& scope) { return scope.substr(0, scope.find('/')); }

// The shard's key, or nullopt when the stream or shard is unknown.
std::optional<std::pair<StreamInfo, ShardInfo>> find_shard(store::Connection& c,
                                                           const std::string& scope,
                                                           const std::string& name,
                                                           const std::string& shard_id) {
  auto stream = load_stream(c, scope, name);
  auto index = shard_index_of(shard_id);
  if (!stream || !index) return std::nullopt;
  const ShardInfo* shard = stream->shard(*index);
  if (!shard) return std::nullopt;
  ShardInfo copy = *shard;
  return std::pair{std::move(*stream), std::move(copy)};
}

}  // namespace

AppendedRecord put_record(store::Connection& c, const std::string& scope,
                          const std::string& stream_name, std::string_view partition_key,
                          std::string_view data, std::int64_t arrival_ms) {
  // As the stream is: a reshard waiting for UPDATING to end is not this write's to apply.
  auto stream = load_stream(c, scope, stream_name);
  if (!stream || (stream->status != "ACTIVE" && stream->status != "UPDATING")) {
    throw stream_not_found(stream_name, account_of(scope));
  }
  const ShardInfo* shard = stream->shard_for(partition_key_hash(partition_key));
  if (!shard) throw stream_not_found(stream_name, account_of(scope));
  RecordAppender appender(c, *stream);
  auto sequence_number = appender.append(*shard, partition_key, data, "", arrival_ms);
  return {shard->shard_id(), std::move(sequence_number)};
}

std::optional<StreamLocation> locate_stream(std::string_view stream_arn) {
  std::string region, account;
  auto name = stream_name_in_arn(stream_arn, &region, &account);
  if (!name) return std::nullopt;
  return StreamLocation{account + "/" + region, *name};
}

std::optional<std::vector<ShardLineage>> stream_shards(store::Connection& c,
                                                       const std::string& scope,
                                                       const std::string& stream_name) {
  auto stream = load_stream(c, scope, stream_name);
  if (!stream) return std::nullopt;
  std::vector<ShardLineage> shards;
  // Indexes only grow, so ordering by index puts every parent before its children.
  for (const auto& s : stream->shards) {
    shards.push_back({s.shard_id(), s.parent_index >= 0 ? shard_id_of(s.parent_index) : "",
                      s.adjacent_parent_index >= 0 ? shard_id_of(s.adjacent_parent_index) : "",
                      !s.open()});
  }
  return shards;
}

std::vector<ShardRecord> read_shard(store::Connection& c, const std::string& scope,
                                    const std::string& stream_name, const std::string& shard_id,
                                    std::int64_t after_position, std::size_t limit) {
  std::vector<ShardRecord> records;
  auto found = find_shard(c, scope, stream_name, shard_id);
  if (!found || limit == 0) return records;
  auto& [stream, shard] = *found;
  std::int64_t cutoff = stream.retention_cutoff_ms(core::Clock::now_millis());
  for_each_record(c, shard.key, after_position, cutoff, [&](const RecordView& r) {
    records.push_back({r.seq_ix, std::string(r.sequence_number), std::string(r.partition_key),
                       std::string(r.data), r.arrival_ms, r.kms});
    return records.size() < limit;
  });
  return records;
}

std::int64_t latest_position(store::Connection& c, const std::string& scope,
                             const std::string& stream_name, const std::string& shard_id) {
  auto found = find_shard(c, scope, stream_name, shard_id);
  return found ? last_seq_ix(c, found->second.key) : 0;
}

std::int64_t position_before_time(store::Connection& c, const std::string& scope,
                                  const std::string& stream_name, const std::string& shard_id,
                                  std::int64_t epoch_ms) {
  auto found = find_shard(c, scope, stream_name, shard_id);
  if (!found) return 0;
  auto first = first_seq_ix_since(c, found->second.key, epoch_ms);
  return first ? *first - 1 : last_seq_ix(c, found->second.key);
}

}  // namespace streamstack::kinesis
