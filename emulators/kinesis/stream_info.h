#pragma once
// A stream and its shards as stored (kinesis_streams, kinesis_shards), and the SQL that reads and
// writes them. Every function taking a Connection runs inside the caller's transaction.
#include "kinesis/hash_key.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::kinesis {

struct ShardInfo {
  std::int64_t key = 0;    // kinesis_shards rowid
  std::int64_t index = 0;  // the number in shardId-000000000000; increases across reshards
  HashKey starting_hash_key = 0;
  HashKey ending_hash_key = 0;
  std::int64_t parent_index = -1;  // -1: none
  std::int64_t adjacent_parent_index = -1;
  std::int64_t created_ms = 0;
  std::int64_t closed_ms = 0;  // 0 while open
  std::string starting_sequence_number;
  std::string ending_sequence_number;  // empty while open

  bool open() const { return closed_ms == 0; }
  std::string shard_id() const;
};

struct StreamInfo {
  std::int64_t key = 0;  // kinesis_streams rowid
  std::string scope;
  std::string name;
  std::string arn;
  std::string status;  // CREATING, ACTIVE, UPDATING, DELETING
  std::int64_t status_until_ms = 0;  // when a transient status ends
  std::string mode;                  // PROVISIONED or ON_DEMAND
  std::int64_t created_ms = 0;
  int retention_hours = 24;
  // Records that arrived before this had passed retention before it was last increased.
  std::int64_t expired_before_ms = 0;
  int max_record_kib = 1024;
  // Server-side encryption: "NONE", or "KMS" with the key's id as the request gave it.
  std::string encryption_type = "NONE";
  std::string key_id;
  // EnhancedMonitoring's ShardLevelMetrics, as names.
  nlohmann::json shard_level_metrics = nlohmann::json::array();
  // Warm throughput of an on-demand stream (-1: none set).
  std::int64_t warm_target_mibps = -1;
  std::int64_t warm_current_mibps = -1;
  // Changes waiting for UPDATING to end (only with a stream delay): a JSON array of reshards,
  // mode, encryption and warm throughput changes, applied in order.
  nlohmann::json pending = nlohmann::json::array();
  std::vector<ShardInfo> shards;  // by index
  // The cache generation this snapshot was read at (see StreamCatalog).
  std::uint64_t generation = 0;

  // The open shard whose hash key range holds `key`.
  const ShardInfo* shard_for(HashKey key) const;
  const ShardInfo* shard(std::int64_t index) const;
  int open_shard_count() const;
  // Records that arrived before this are past the retention period and never returned.
  std::int64_t retention_cutoff_ms(std::int64_t now_ms) const;
  // A transient status whose time is up (lifecycle.h settles it).
  bool needs_settling(std::int64_t now_ms) const;
  bool encrypted() const { return encryption_type == "KMS"; }
};

std::string shard_id_of(std::int64_t index);
std::string stream_arn(const std::string& region, const std::string& account,
                       const std::string& name);

// --- storage -------------------------------------------------------------------------------

std::optional<StreamInfo> load_stream(store::Connection& c, const std::string& scope,
                                      const std::string& name);
std::optional<StreamInfo> load_stream_by_key(store::Connection& c, std::int64_t key);
// The streams of a scope, in lexical order of name, after `exclusive_start` ("" for all), at
// most `limit`, without their shards (ListStreams).
std::vector<StreamInfo> list_streams_after(store::Connection& c, const std::string& scope,
                                           const std::string& exclusive_start, std::int64_t limit);
// Inserts the stream row and its shards; sets the keys.
void insert_stream(store::Connection& c, StreamInfo& stream);
// Writes the stream row's mutable columns (status, retention, pending, mode, record size,
// encryption, metrics, warm throughput).
void update_stream(store::Connection& c, const StreamInfo& stream);
void insert_shard(store::Connection& c, const StreamInfo& stream, ShardInfo& shard);
void close_shard(store::Connection& c, ShardInfo& shard, std::int64_t now_ms);
// Removes a shard with its records.
void delete_shard_row(store::Connection& c, const ShardInfo& shard);
// Removes the stream with its shards, records, tags and consumers.
void delete_stream_rows(store::Connection& c, const StreamInfo& stream);
// Settles a transient status whose time is up: CREATING and UPDATING become ACTIVE (applying
// the pending changes), DELETING removes the stream. Returns the settled stream, or nullopt.
// Only Lifecycle calls it (lifecycle.h).
std::optional<StreamInfo> settle(store::Connection& c, StreamInfo stream, std::int64_t now_ms);
// Shards open in the whole scope (the account-and-region shard limit counts them).
int open_shards_in_scope(store::Connection& c, const std::string& scope);

}  // namespace streamstack::kinesis
