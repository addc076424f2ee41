#include "kinesis/record_store.h"

#include "kinesis/sequence_number.h"

namespace streamstack::kinesis {

std::string RecordAppender::append(const ShardInfo& shard, std::string_view partition_key,
                                   std::string_view data, std::string_view explicit_hash_key,
                                   std::int64_t arrival_ms) {
  auto [it, fresh] = next_seq_ix_.try_emplace(shard.key, 0);
  if (fresh) it->second = last_seq_ix(c_, shard.key) + 1;
  std::int64_t seq_ix = it->second++;
  std::string sequence_number = format_sequence_number(
      {shard.created_ms / 1000, shard.index, static_cast<std::uint64_t>(seq_ix), arrival_ms / 1000});
  auto& st = c_.prepare(
      "INSERT INTO kinesis_records (record_id, stream_key, sequence_number, partition_key, "
      "arrival_ms, explicit_hash_key, data, kms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, record_id(shard.key, seq_ix))
      .bind(2, stream_.key)
      .bind_text(3, sequence_number)
      .bind_text(4, partition_key)
      .bind(5, arrival_ms);
  if (explicit_hash_key.empty()) st.bind_null(6); else st.bind_text(6, explicit_hash_key);
  st.bind_blob(7, data);
  if (stream_.encrypted()) st.bind(8, 1); else st.bind_null(8);
  st.run();
  return sequence_number;
}

std::int64_t last_seq_ix(store::Connection& c, std::int64_t shard_key) {
  auto& st = c.prepare(
      "SELECT max(record_id) FROM kinesis_records WHERE record_id > ? AND record_id <= ?");
  st.bind(1, record_id(shard_key, 0)).bind(2, record_id(shard_key, kMaxSeqIx));
  std::int64_t seq_ix = st.step() && !st.column_is_null(0) ? st.column_int(0) & kMaxSeqIx : 0;
  st.reset();
  return seq_ix;
}

std::optional<std::int64_t> first_seq_ix_since(store::Connection& c, std::int64_t shard_key,
                                               std::int64_t arrival_ms) {
  std::optional<std::int64_t> found;
  for_each_record(c, shard_key, 0, arrival_ms, [&](const RecordView& record) {
    found = record.seq_ix;
    return false;
  });
  return found;
}

void delete_shard_records(store::Connection& c, std::int64_t shard_key) {
  c.prepare("DELETE FROM kinesis_records WHERE record_id > ? AND record_id <= ?")
      .bind(1, record_id(shard_key, 0))
      .bind(2, record_id(shard_key, kMaxSeqIx))
      .run();
}

void trim_shard(store::Connection& c, std::int64_t shard_key, std::int64_t cutoff_ms) {
  std::int64_t keep_from = last_seq_ix(c, shard_key);
  if (auto first = first_seq_ix_since(c, shard_key, cutoff_ms)) keep_from = std::min(keep_from, *first);
  c.prepare("DELETE FROM kinesis_records WHERE record_id > ? AND record_id < ?")
      .bind(1, record_id(shard_key, 0))
      .bind(2, record_id(shard_key, keep_from))
      .run();
}

}  // namespace streamstack::kinesis
