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
        "SELECT created_ms FROM dynamodb_stream_records WHERE stream_arn = ? AND shard_id = ?"
        " ORDER BY seq LIMIT 1");
    oldest.bind_text(1, stream.arn).bind_text(2, stream.shard_id);
    store::ResetOnExit reset{oldest};
    if (!oldest.step() || oldest.column_int(0) >= cutoff) return std::nullopt;
  }
  auto& st = c.prepare(
      "SELECT MAX(seq) FROM dynamodb_stream_records"
      " WHERE stream_arn = ? AND shard_id = ? AND created_ms < ?");
  st.bind_text(1, stream.arn).bind_text(2, stream.shard_id).bind(3, cutoff);
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
      "SELECT MAX(seq) FROM dynamodb_stream_records WHERE stream_arn = ? AND shard_id = ?");
  st.bind_text(1, stream.arn).bind_text(2, stream.shard_id);
  store::ResetOnExit reset{st};
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return st.column_int(0);
}

RecordPage read_records(store::Connection& c, const StreamInfo& stream, std::int64_t position,
                        std::size_t limit, std::size_t max_bytes) {
  auto& st = c.prepare(
      "SELECT seq, record, created_ms FROM dynamodb_stream_records"
      " WHERE stream_arn = ? AND shard_id = ? AND seq >= ? ORDER BY seq LIMIT ?");
  st.bind_text(1, stream.arn)
      .bind_text(2, stream.shard_id)
      .bind(3, position)
      .bind(4, static_cast<std::int64_t>(limit));
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
                   std::int64_t created_ms, const nlohmann::json& record) {
  c.prepare(
       "INSERT INTO dynamodb_stream_records (seq, stream_arn, shard_id, created_ms, record)"
       " VALUES (?, ?, ?, ?, ?)")
      .bind(1, seq)
      .bind_text(2, stream.arn)
      .bind_text(3, stream.shard_id)
      .bind(4, created_ms)
      .bind_text(5, record.dump())
      .run();
}

std::int64_t next_record_seq(store::Connection& c) {
  // AUTOINCREMENT never reuses a row number, even after the rows before it were trimmed, so a
  // sequence number is never issued twice.
  auto& st = c.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'dynamodb_stream_records'");
  store::ResetOnExit reset{st};
  return st.step() ? st.column_int(0) + 1 : 1;
}

void trim_shard(store::Connection& c, const StreamInfo& stream, std::int64_t now_ms) {
  auto expired = newest_expired_seq(c, stream, now_ms);
  if (!expired) return;
  c.prepare("UPDATE dynamodb_streams SET trimmed_seq = MAX(trimmed_seq, ?) WHERE stream_arn = ?")
      .bind(1, *expired)
      .bind_text(2, stream.arn)
      .run();
  c.prepare(
       "DELETE FROM dynamodb_stream_records"
       " WHERE stream_arn = ? AND shard_id = ? AND seq <= ?")
      .bind_text(1, stream.arn)
      .bind_text(2, stream.shard_id)
      .bind(3, *expired)
      .run();
}

}  // namespace streamstack::streams
