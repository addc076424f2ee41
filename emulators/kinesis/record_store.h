#pragma once
// The records of shards (kinesis_records). A record's row id is its shard's key and its seq_ix
// side by side, `shard_key << 40 | seq_ix`, so a shard's records are one contiguous range of the
// table's own B-tree, in sequence order: appends go to its end and reads are one range scan,
// without a second index. seq_ix starts at 1 in each shard and never reaches 2^40.
//
// Appends happen under the store's single writer, so records commit in seq_ix order and a
// reader never sees a record before one with a smaller seq_ix of the same shard.
#include "kinesis/stream_info.h"
#include "store/database.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace streamstack::kinesis {

inline constexpr int kSeqIxBits = 40;
inline constexpr std::int64_t kMaxSeqIx = (std::int64_t{1} << kSeqIxBits) - 1;

inline std::int64_t record_id(std::int64_t shard_key, std::int64_t seq_ix) {
  return (shard_key << kSeqIxBits) | seq_ix;
}

// One stored record, valid while the statement that read it is on its row.
struct RecordView {
  std::int64_t seq_ix;
  std::string_view sequence_number;
  std::string_view partition_key;
  std::string_view data;
  std::int64_t arrival_ms;
  bool kms = false;  // written while the stream was encrypted (EncryptionType KMS)
};

// Appends records to the shards of one stream inside the caller's write transaction.
class RecordAppender {
 public:
  RecordAppender(store::Connection& c, const StreamInfo& stream) : c_(c), stream_(stream) {}
  // Returns the record's sequence number. `explicit_hash_key` may be empty. The record keeps
  // the stream's encryption as it is now.
  std::string append(const ShardInfo& shard, std::string_view partition_key,
                     std::string_view data, std::string_view explicit_hash_key,
                     std::int64_t arrival_ms);

 private:
  store::Connection& c_;
  const StreamInfo& stream_;
  std::map<std::int64_t, std::int64_t> next_seq_ix_;  // by shard key
};

// The seq_ix of the shard's newest record, 0 when it has none.
std::int64_t last_seq_ix(store::Connection& c, std::int64_t shard_key);
// The seq_ix of the first record that arrived at or after `arrival_ms`, if any.
std::optional<std::int64_t> first_seq_ix_since(store::Connection& c, std::int64_t shard_key,
                                               std::int64_t arrival_ms);
// Calls `visit(const RecordView&)` for the records after `after_seq_ix` that arrived at or after
// `min_arrival_ms`, oldest first, while it returns true.
template <typename Visit>
void for_each_record(store::Connection& c, std::int64_t shard_key, std::int64_t after_seq_ix,
                     std::int64_t min_arrival_ms, Visit&& visit);
void delete_shard_records(store::Connection& c, std::int64_t shard_key);
// Deletes records past retention, keeping each shard's newest so its seq_ix never goes back.
void trim_shard(store::Connection& c, std::int64_t shard_key, std::int64_t cutoff_ms);

template <typename Visit>
void for_each_record(store::Connection& c, std::int64_t shard_key, std::int64_t after_seq_ix,
                     std::int64_t min_arrival_ms, Visit&& visit) {
  auto& st = c.prepare(
      "SELECT record_id, sequence_number, partition_key, arrival_ms, data, kms FROM kinesis_records "
      "WHERE record_id > ? AND record_id <= ? AND arrival_ms >= ? ORDER BY record_id");
  st.bind(1, record_id(shard_key, std::min(std::max<std::int64_t>(after_seq_ix, 0), kMaxSeqIx)))
      .bind(2, record_id(shard_key, kMaxSeqIx))
      .bind(3, min_arrival_ms);
  store::ResetOnExit reset{st};
  while (st.step()) {
    RecordView record{st.column_int(0) & kMaxSeqIx, st.column_text_view(1), st.column_text_view(2),
                      st.column_blob_view(4), st.column_int(3), !st.column_is_null(5)};
    if (!visit(record)) break;
  }
}

}  // namespace streamstack::kinesis
