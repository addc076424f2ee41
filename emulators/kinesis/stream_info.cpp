#include "kinesis/stream_info.h"

#include "kinesis/consumer_rows.h"
#include "kinesis/record_store.h"
#include "kinesis/pending_change.h"
#include "kinesis/sequence_number.h"

#include <algorithm>
#include <cstdio>

namespace streamstack::kinesis {
namespace {

constexpr const char* kSelectStream =
    "SELECT stream_key, scope, name, arn, status, status_until_ms, mode, created_ms, "
    "retention_hours, max_record_kib, pending, expired_before_ms, encryption_type, key_id, "
    "shard_level_metrics, warm_target_mibps, warm_current_mibps FROM kinesis_streams ";

constexpr const char* kSelectShards =
    "SELECT shard_key, shard_index, starting_hash_key, ending_hash_key, parent_index, "
    "adjacent_parent_index, created_ms, closed_ms, starting_sequence_number, "
    "ending_sequence_number FROM kinesis_shards WHERE stream_key = ? ORDER BY shard_index";

HashKey hash_key_column(store::Statement& st, int column) {
  return parse_hash_key(st.column_text_view(column)).value_or(0);
}

std::int64_t optional_int(store::Statement& st, int column) {
  return st.column_is_null(column) ? -1 : st.column_int(column);
}

void load_shards(store::Connection& c, StreamInfo& stream) {
  auto& st = c.prepare(kSelectShards);
  st.bind(1, stream.key);
  while (st.step()) {
    ShardInfo shard;
    shard.key = st.column_int(0);
    shard.index = st.column_int(1);
    shard.starting_hash_key = hash_key_column(st, 2);
    shard.ending_hash_key = hash_key_column(st, 3);
    shard.parent_index = optional_int(st, 4);
    shard.adjacent_parent_index = optional_int(st, 5);
    shard.created_ms = st.column_int(6);
    shard.closed_ms = st.column_is_null(7) ? 0 : st.column_int(7);
    shard.starting_sequence_number = st.column_text(8);
    if (!st.column_is_null(9)) shard.ending_sequence_number = st.column_text(9);
    stream.shards.push_back(std::move(shard));
  }
  st.reset();
}

std::optional<StreamInfo> read_stream(store::Connection& c, store::Statement& st) {
  std::optional<StreamInfo> stream;
  if (st.step()) {
    StreamInfo s;
    s.key = st.column_int(0);
    s.scope = st.column_text(1);
    s.name = st.column_text(2);
    s.arn = st.column_text(3);
    s.status = st.column_text(4);
    s.status_until_ms = st.column_int(5);
    s.mode = st.column_text(6);
    s.created_ms = st.column_int(7);
    s.retention_hours = static_cast<int>(st.column_int(8));
    s.max_record_kib = static_cast<int>(st.column_int(9));
    s.pending = nlohmann::json::parse(st.column_text_view(10), nullptr, false);
    if (!s.pending.is_array()) s.pending = nlohmann::json::array();
    s.expired_before_ms = st.column_int(11);
    s.encryption_type = st.column_text(12);
    if (!st.column_is_null(13)) s.key_id = st.column_text(13);
    s.shard_level_metrics = nlohmann::json::parse(st.column_text_view(14), nullptr, false);
    if (!s.shard_level_metrics.is_array()) s.shard_level_metrics = nlohmann::json::array();
    s.warm_target_mibps = optional_int(st, 15);
    s.warm_current_mibps = optional_int(st, 16);
    stream = std::move(s);
  }
  st.reset();
  if (stream) load_shards(c, *stream);
  return stream;
}

void delete_where_stream(store::Connection& c, const char* table, std::int64_t key) {
  c.prepare(std::string("DELETE FROM ") + table + " WHERE stream_key = ?").bind(1, key).run();
}

}  // namespace

std::string shard_id_of(std::int64_t index) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "shardId-%012lld", static_cast<long long>(index));
  return buffer;
}

std::string ShardInfo::shard_id() const { return shard_id_of(index); }

std::string stream_arn(const std::string& region, const std::string& account,
                       const std::string& name) {
  return "arn:aws:kinesis:" + region + ":" + account + ":stream/" + name;
}

const ShardInfo* StreamInfo::shard_for(HashKey hash) const {
  for (const auto& s : shards) {
    if (s.open() && hash >= s.starting_hash_key && hash <= s.ending_hash_key) return &s;
  }
  return nullptr;
}

const ShardInfo* StreamInfo::shard(std::int64_t index) const {
  for (const auto& s : shards)
    if (s.index == index) return &s;
  return nullptr;
}

int StreamInfo::open_shard_count() const {
  int n = 0;
  for (const auto& s : shards) n += s.open() ? 1 : 0;
  return n;
}

std::int64_t StreamInfo::retention_cutoff_ms(std::int64_t now_ms) const {
  return std::max(now_ms - static_cast<std::int64_t>(retention_hours) * 3600 * 1000, expired_before_ms);
}

bool StreamInfo::needs_settling(std::int64_t now_ms) const {
  return status != "ACTIVE" && status_until_ms <= now_ms;
}

std::optional<StreamInfo> load_stream(store::Connection& c, const std::string& scope,
                                      const std::string& name) {
  auto& st = c.prepare(std::string(kSelectStream) + "WHERE scope = ? AND name = ?");
  st.bind_text(1, scope).bind_text(2, name);
  return read_stream(c, st);
}

std::optional<StreamInfo> load_stream_by_key(store::Connection& c, std::int64_t key) {
  auto& st = c.prepare(std::string(kSelectStream) + "WHERE stream_key = ?");
  st.bind(1, key);
  return read_stream(c, st);
}

std::vector<StreamInfo> list_streams_after(store::Connection& c, const std::string& scope,
                                           const std::string& exclusive_start, std::int64_t limit) {
  auto& st = c.prepare("SELECT name, arn, status, mode, created_ms FROM kinesis_streams "
                       "WHERE scope = ? AND name > ? ORDER BY name LIMIT ?");
  st.bind_text(1, scope).bind_text(2, exclusive_start).bind(3, limit);
  std::vector<StreamInfo> streams;
  while (st.step()) {
    StreamInfo s;
    s.scope = scope;
    s.name = st.column_text(0);
    s.arn = st.column_text(1);
    s.status = st.column_text(2);
    s.mode = st.column_text(3);
    s.created_ms = st.column_int(4);
    streams.push_back(std::move(s));
  }
  st.reset();
  return streams;
}

void insert_stream(store::Connection& c, StreamInfo& stream) {
  c.prepare(
       "INSERT INTO kinesis_streams (scope, name, arn, status, status_until_ms, mode, created_ms, "
       "retention_hours, max_record_kib, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_text(1, stream.scope)
      .bind_text(2, stream.name)
      .bind_text(3, stream.arn)
      .bind_text(4, stream.status)
      .bind(5, stream.status_until_ms)
      .bind_text(6, stream.mode)
      .bind(7, stream.created_ms)
      .bind(8, stream.retention_hours)
      .bind(9, stream.max_record_kib)
      .bind_text(10, stream.pending.dump())
      .run();
  stream.key = c.last_insert_rowid();
  update_stream(c, stream);  // the columns a new stream leaves at their defaults, or not
  for (auto& shard : stream.shards) insert_shard(c, stream, shard);
}

void update_stream(store::Connection& c, const StreamInfo& stream) {
  auto& st = c.prepare(
      "UPDATE kinesis_streams SET status = ?, status_until_ms = ?, retention_hours = ?, pending = ?, "
      "expired_before_ms = ?, mode = ?, max_record_kib = ?, encryption_type = ?, key_id = ?, "
      "shard_level_metrics = ?, warm_target_mibps = ?, warm_current_mibps = ? WHERE stream_key = ?");
  st.bind_text(1, stream.status)
      .bind(2, stream.status_until_ms)
      .bind(3, stream.retention_hours)
      .bind_text(4, stream.pending.dump())
      .bind(5, stream.expired_before_ms)
      .bind_text(6, stream.mode)
      .bind(7, stream.max_record_kib)
      .bind_text(8, stream.encryption_type);
  if (stream.key_id.empty()) st.bind_null(9); else st.bind_text(9, stream.key_id);
  st.bind_text(10, stream.shard_level_metrics.dump());
  if (stream.warm_target_mibps < 0) st.bind_null(11); else st.bind(11, stream.warm_target_mibps);
  if (stream.warm_current_mibps < 0) st.bind_null(12); else st.bind(12, stream.warm_current_mibps);
  st.bind(13, stream.key).run();
}

void insert_shard(store::Connection& c, const StreamInfo& stream, ShardInfo& shard) {
  auto& st = c.prepare(
      "INSERT INTO kinesis_shards (stream_key, shard_index, starting_hash_key, ending_hash_key, "
      "parent_index, adjacent_parent_index, created_ms, starting_sequence_number) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, stream.key)
      .bind(2, shard.index)
      .bind_text(3, to_decimal(shard.starting_hash_key))
      .bind_text(4, to_decimal(shard.ending_hash_key));
  if (shard.parent_index >= 0) st.bind(5, shard.parent_index); else st.bind_null(5);
  if (shard.adjacent_parent_index >= 0) st.bind(6, shard.adjacent_parent_index); else st.bind_null(6);
  st.bind(7, shard.created_ms).bind_text(8, shard.starting_sequence_number).run();
  shard.key = c.last_insert_rowid();
}

void close_shard(store::Connection& c, ShardInfo& shard, std::int64_t now_ms) {
  shard.closed_ms = now_ms;
  shard.ending_sequence_number = format_sequence_number(
      {shard.created_ms / 1000, shard.index, kEndingSeqIx, now_ms / 1000});
  c.prepare("UPDATE kinesis_shards SET closed_ms = ?, ending_sequence_number = ? WHERE shard_key = ?")
      .bind(1, now_ms)
      .bind_text(2, shard.ending_sequence_number)
      .bind(3, shard.key)
      .run();
}

void delete_shard_row(store::Connection& c, const ShardInfo& shard) {
  delete_shard_records(c, shard.key);
  c.prepare("DELETE FROM kinesis_shards WHERE shard_key = ?").bind(1, shard.key).run();
}

void delete_stream_rows(store::Connection& c, const StreamInfo& stream) {
  for (const auto& shard : stream.shards) delete_shard_records(c, shard.key);
  delete_where_stream(c, "kinesis_shards", stream.key);
  delete_where_stream(c, "kinesis_tags", stream.key);
  for (const auto& consumer : select_consumers(c, "WHERE stream_key = ?", stream.key)) {
    delete_consumer_row(c, consumer);
  }
  c.prepare("DELETE FROM kinesis_resource_policies WHERE stream_key = ?").bind(1, stream.key).run();
  delete_where_stream(c, "kinesis_streams", stream.key);
}

std::optional<StreamInfo> settle(store::Connection& c, StreamInfo stream, std::int64_t now_ms) {
  if (!stream.needs_settling(now_ms)) return stream;
  if (stream.status == "DELETING") {
    delete_stream_rows(c, stream);
    return std::nullopt;
  }
  for (const auto& change : stream.pending) apply_pending(c, stream, change, now_ms);
  stream.pending = nlohmann::json::array();
  stream.status = "ACTIVE";
  stream.status_until_ms = 0;
  update_stream(c, stream);
  return stream;
}

int open_shards_in_scope(store::Connection& c, const std::string& scope) {
  auto& st = c.prepare(
      "SELECT COUNT(*) FROM kinesis_shards JOIN kinesis_streams USING (stream_key) "
      "WHERE kinesis_streams.scope = ? AND kinesis_shards.closed_ms IS NULL");
  st.bind_text(1, scope);
  int n = st.step() ? static_cast<int>(st.column_int(0)) : 0;
  st.reset();
  return n;
}

}  // namespace streamstack::kinesis
