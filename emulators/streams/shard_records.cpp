#include "streams/shard_records.h"

#include <algorithm>

namespace streamstack::streams {
namespace {

// The newest row of the shard older than retention that is still stored. Rows are written in
// time order, so when the oldest row is young enough nothing has expired: one index step on every
// write instead of an index of creation times kept up by every insert.
std::optional<std::int64_t> newest_expired_seq(store::Connection& c, const StreamInfo& stream,
                                               std::int64_t now_ms) {
  const auto cutoff = now_ms - kRetentionMs;
  {
    auto& oldest = c.prepare(
        "SELECT created_ms FROM dynamodb_stream_records WHERE stream_key = ? ORDER BY seq LIMIT 1");
    oldest.bind(1, stream.key);
    store::ResetOnExit reset{oldest};
    if (!oldest.step() || oldest.column_int(0) >= cutoff) return std::nullopt;
  }
  auto& st = c.prepare(
      "SELECT MAX(seq) FROM dynamodb_stream_records WHERE stream_key = ? AND created_ms < ?");
  st.bind(1, stream.key).bind(2, cutoff);
  store::ResetOnExit reset{st};
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return st.column_int(0);
}

}  // namespace

std::int64_t trim_point(store::Connection& c, const StreamInfo& stream, std::int64_t now_ms) {
  std::int64_t point = stream.trimmed_seq;
  if (auto expired = newest_expired_seq(c, stream, now_ms)) point = std::max(point, *expired);
  return point;
}

std::optional<std::int64_t> newest_seq(store::Connection& c, const StreamInfo& stream) {
  auto& st = c.prepare(
      "SELECT MAX(seq) FROM dynamodb_stream_records WHERE stream_key = ?");
  st.bind(1, stream.key);
  store::ResetOnExit reset{st};
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return st.column_int(0);
}

RecordPage read_records(store::Connection& c, const StreamInfo& stream, std::int64_t position,
                        std::size_t limit, std::size_t max_bytes) {
  auto& st = c.prepare(
      "SELECT seq, record, created_ms FROM dynamodb_stream_records"
      " WHERE stream_key = ? AND seq >= ? ORDER BY seq LIMIT ?");
  st.bind(1, stream.key).bind(2, position).bind(3, static_cast<std::int64_t>(limit));
  store::ResetOnExit reset{st};
  RecordPage page;
  page.next_position = position;
  std::size_t bytes = 0;
  while (st.step()) {
    std::string_view text = st.column_text_view(1);
    if (!page.records.empty() && bytes + text.size() > max_bytes) break;
    bytes += text.size();
    page.records.push_back(nlohmann::json::parse(text));
    page.created_ms.push_back(st.column_int(2));
    page.next_position = st.column_int(0) + 1;
  }
  return page;
}

void append_record(store::Connection& c, const StreamInfo& stream, std::int64_t seq,
                   std::int64_t created_ms, std::string_view record) {
  c.prepare("INSERT INTO dynamodb_stream_records (seq, stream_key, created_ms, record) VALUES (?, ?, ?, ?)")
      .bind(1, seq)
      .bind(2, stream.key)
      .bind(3, created_ms)
      .bind_text(4, record)
      .run();
}

std::int64_t next_record_seq(store::Connection& c) {
  // The newest row, or the floor left by deletes if that is higher: a deleted row's number is
  // never issued again, even when every row after it went too.
  auto& st = c.prepare(
      "SELECT MAX(COALESCE((SELECT MAX(seq) FROM dynamodb_stream_records), 0),"
      " COALESCE((SELECT floor FROM dynamodb_stream_seq_floor WHERE id = 1), 0))");
  store::ResetOnExit reset{st};
  st.step();
  return st.column_int(0) + 1;
}

void raise_seq_floor(store::Connection& c) {
  c.prepare(
       "INSERT INTO dynamodb_stream_seq_floor (id, floor)"
       " SELECT 1, newest FROM (SELECT MAX(seq) AS newest FROM dynamodb_stream_records)"
       " WHERE newest IS NOT NULL"
       " ON CONFLICT (id) DO UPDATE SET floor = MAX(floor, excluded.floor)")
      .run();
}

void trim_shard(store::Connection& c, const StreamInfo& stream, std::int64_t now_ms) {
  auto expired = newest_expired_seq(c, stream, now_ms);
  if (!expired) return;
  c.prepare("UPDATE dynamodb_streams SET trimmed_seq = MAX(trimmed_seq, ?) WHERE stream_arn = ?")
      .bind(1, *expired)
      .bind_text(2, stream.arn)
      .run();
  raise_seq_floor(c);
  c.prepare("DELETE FROM dynamodb_stream_records WHERE stream_key = ? AND seq <= ?")
      .bind(1, stream.key)
      .bind(2, *expired)
      .run();
}

}  // namespace streamstack::streams
