#include "streams/stream_catalog.h"

#include "streams/ids.h"
#include "streams/shard_records.h"

namespace streamstack::streams {
namespace {

using json = nlohmann::json;

constexpr const char* kColumns =
    "stream_arn, scope, table_name, table_id, label, view_type, key_schema, status, created_ms, "
    "disabled_ms, shard_id, starting_seq, ending_seq, trimmed_seq, stream_key";

StreamInfo read_row(const store::Statement& st) {
  StreamInfo s;
  s.arn = st.column_text(0);
  s.scope = st.column_text(1);
  s.table_name = st.column_text(2);
  s.table_id = st.column_int(3);
  s.label = st.column_text(4);
  s.view_type = st.column_text(5);
  s.key_schema = json::parse(st.column_text_view(6));
  s.status = st.column_text(7);
  s.created_ms = st.column_int(8);
  s.disabled_ms = st.column_is_null(9) ? 0 : st.column_int(9);
  s.shard_id = st.column_text(10);
  s.starting_seq = st.column_int(11);
  if (!st.column_is_null(12)) s.ending_seq = st.column_int(12);
  s.trimmed_seq = st.column_int(13);
  s.key = st.column_int(14);
  return s;
}

bool label_taken(store::Connection& c, const std::string& scope, const std::string& table_name,
                 const std::string& label) {
  auto& st = c.prepare(
      "SELECT 1 FROM dynamodb_streams WHERE scope = ? AND table_name = ? AND label = ?");
  st.bind_text(1, scope).bind_text(2, table_name).bind_text(3, label);
  store::ResetOnExit reset{st};
  return st.step();
}

std::string account_of(const std::string& scope) { return scope.substr(0, scope.find('/')); }

std::string region_of(const std::string& scope) {
  auto slash = scope.find('/');
  return slash == std::string::npos ? scope : scope.substr(slash + 1);
}

}  // namespace

std::string StreamInfo::region() const { return region_of(scope); }

std::vector<store::Migration> migrations() {
  return {
      {200, "dynamodb_streams",
       "CREATE TABLE dynamodb_streams ("
       " stream_arn TEXT PRIMARY KEY,"
       " scope TEXT NOT NULL,"
       " table_name TEXT NOT NULL,"
       " table_id INTEGER NOT NULL,"
       " label TEXT NOT NULL,"
       " view_type TEXT NOT NULL,"
       " key_schema TEXT NOT NULL,"
       " status TEXT NOT NULL,"
       " created_ms INTEGER NOT NULL,"
       " disabled_ms INTEGER,"
       " shard_id TEXT NOT NULL,"
       " starting_seq INTEGER NOT NULL,"
       " ending_seq INTEGER,"
       " trimmed_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
       "CREATE INDEX dynamodb_streams_by_label ON dynamodb_streams (scope, label, stream_arn);"
       "CREATE INDEX dynamodb_streams_by_table ON dynamodb_streams (scope, table_name, label);"
       // `record` is the GetRecords record without eventSourceARN, which only Lambda adds.
       "CREATE TABLE dynamodb_stream_records ("
       " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
       " stream_arn TEXT NOT NULL,"
       " shard_id TEXT NOT NULL,"
       " created_ms INTEGER NOT NULL,"
       " record TEXT NOT NULL);"
       "CREATE INDEX dynamodb_stream_records_by_shard"
       " ON dynamodb_stream_records (stream_arn, shard_id, seq);"
       "CREATE INDEX dynamodb_stream_records_by_age"
       " ON dynamodb_stream_records (stream_arn, shard_id, created_ms);"},
      // Expiry reads the oldest record by seq instead (shard_records.cpp): one index less to
      // keep up on every write.
      {201, "dynamodb_stream_records_by_age dropped", "DROP INDEX dynamodb_stream_records_by_age"},
      // Records name their stream by a small integer instead of its ARN and shard id, and row
      // numbers come from the table's newest row and a floor instead of AUTOINCREMENT: a captured
      // change then writes two small pages (the row, one index entry) besides the item's, where
      // it wrote four (long index keys split often, and sqlite_sequence was rewritten each time).
      {202, "dynamodb_stream_records keyed by stream_key",
       "ALTER TABLE dynamodb_streams ADD COLUMN stream_key INTEGER NOT NULL DEFAULT 0;"
       "UPDATE dynamodb_streams SET stream_key = (SELECT COUNT(*) FROM dynamodb_streams s"
       " WHERE s.stream_arn <= dynamodb_streams.stream_arn);"
       "CREATE TABLE dynamodb_stream_seq_floor ("
       " id INTEGER PRIMARY KEY CHECK (id = 1),"
       " floor INTEGER NOT NULL);"
       "INSERT INTO dynamodb_stream_seq_floor (id, floor) SELECT 1, seq FROM sqlite_sequence"
       " WHERE name = 'dynamodb_stream_records';"
       "CREATE TABLE dynamodb_stream_records_by_key ("
       " seq INTEGER PRIMARY KEY,"
       " stream_key INTEGER NOT NULL,"
       " created_ms INTEGER NOT NULL,"
       " record TEXT NOT NULL);"
       "INSERT INTO dynamodb_stream_records_by_key (seq, stream_key, created_ms, record)"
       " SELECT r.seq, s.stream_key, r.created_ms, r.record FROM dynamodb_stream_records r"
       " JOIN dynamodb_streams s ON s.stream_arn = r.stream_arn;"
       "DROP TABLE dynamodb_stream_records;"
       "ALTER TABLE dynamodb_stream_records_by_key RENAME TO dynamodb_stream_records;"
       "CREATE INDEX dynamodb_stream_records_by_stream ON dynamodb_stream_records (stream_key, seq);"},
  };
}

OpenedStream open_stream(store::Connection& c, const std::string& scope,
                         const std::string& table_name, std::int64_t table_id,
                         const nlohmann::json& key_schema, const std::string& view_type,
                         std::int64_t now_ms) {
  purge_expired_streams(c, now_ms);
  // Labels are unique per table only (with the account), as AWS documents.
  std::int64_t created_ms = now_ms;
  std::string label = format_stream_label(created_ms);
  while (label_taken(c, scope, table_name, label)) label = format_stream_label(++created_ms);
  OpenedStream opened;
  opened.label = label;
  opened.arn = "arn:aws:dynamodb:" + region_of(scope) + ":" + account_of(scope) + ":table/" +
               table_name + "/stream/" + label;
  c.prepare(
       "INSERT INTO dynamodb_streams (stream_arn, scope, table_name, table_id, label, view_type,"
       " key_schema, status, created_ms, shard_id, starting_seq, stream_key)"
       " VALUES (?, ?, ?, ?, ?, ?, ?, 'ENABLED', ?, ?, ?,"
       " (SELECT COALESCE(MAX(stream_key), 0) + 1 FROM dynamodb_streams))")
      .bind_text(1, opened.arn)
      .bind_text(2, scope)
      .bind_text(3, table_name)
      .bind(4, table_id)
      .bind_text(5, label)
      .bind_text(6, view_type)
      .bind_text(7, key_schema.dump())
      .bind(8, created_ms)
      .bind_text(9, make_shard_id(created_ms))
      .bind(10, next_record_seq(c))
      .run();
  return opened;
}

void close_stream(store::Connection& c, const std::string& arn, std::int64_t now_ms) {
  // The shard ends at its newest record; an empty shard ends where it started.
  c.prepare(
       "UPDATE dynamodb_streams SET status = 'DISABLED', disabled_ms = ?2,"
       " ending_seq = COALESCE((SELECT MAX(r.seq) FROM dynamodb_stream_records r"
       "   WHERE r.stream_key = dynamodb_streams.stream_key), starting_seq)"
       " WHERE stream_arn = ?1 AND status = 'ENABLED'")
      .bind_text(1, arn)
      .bind(2, now_ms)
      .run();
  purge_expired_streams(c, now_ms);
}

std::optional<StreamInfo> find_stream(store::Connection& c, std::string_view scope,
                                      std::string_view arn, std::int64_t now_ms) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM dynamodb_streams WHERE stream_arn = ? AND scope = ?"
                       " AND (status = 'ENABLED' OR disabled_ms > ?)");
  st.bind_text(1, arn).bind_text(2, scope).bind(3, now_ms - kRetentionMs);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

std::optional<StreamInfo> load_stream(store::Connection& c, std::string_view arn) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM dynamodb_streams WHERE stream_arn = ?");
  st.bind_text(1, arn);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

std::optional<StreamInfo> enabled_stream_of(store::Connection& c, const std::string& scope,
                                            const std::string& table_name, std::int64_t table_id) {
  auto& st = c.prepare(std::string("SELECT ") + kColumns +
                       " FROM dynamodb_streams WHERE scope = ? AND table_name = ? AND table_id = ?"
                       " AND status = 'ENABLED'");
  st.bind_text(1, scope).bind_text(2, table_name).bind(3, table_id);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

std::vector<StreamInfo> list_streams(store::Connection& c, const StreamListing& listing) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM dynamodb_streams WHERE scope = ?1"
                    " AND (status = 'ENABLED' OR disabled_ms > ?2)";
  if (listing.table_name) sql += " AND table_name = ?3";
  if (listing.exclusive_start) sql += " AND (label, stream_arn) < (?4, ?5)";
  sql += " ORDER BY label DESC, stream_arn DESC LIMIT ?6";
  auto& st = c.prepare(sql);
  st.bind_text(1, listing.scope).bind(2, listing.now_ms - kRetentionMs);
  if (listing.table_name) st.bind_text(3, *listing.table_name);
  if (listing.exclusive_start) {
    auto parts = parse_stream_arn(*listing.exclusive_start);
    st.bind_text(4, parts ? parts->label : "").bind_text(5, *listing.exclusive_start);
  }
  st.bind(6, static_cast<std::int64_t>(listing.limit));
  store::ResetOnExit reset{st};
  std::vector<StreamInfo> streams;
  while (st.step()) streams.push_back(read_row(st));
  return streams;
}

void purge_expired_streams(store::Connection& c, std::int64_t now_ms) {
  std::int64_t cutoff = now_ms - kRetentionMs;
  raise_seq_floor(c);
  c.prepare(
       "DELETE FROM dynamodb_stream_records WHERE stream_key IN (SELECT stream_key FROM"
       " dynamodb_streams WHERE status = 'DISABLED' AND disabled_ms <= ?)")
      .bind(1, cutoff)
      .run();
  c.prepare("DELETE FROM dynamodb_streams WHERE status = 'DISABLED' AND disabled_ms <= ?")
      .bind(1, cutoff)
      .run();
}

std::optional<StreamArnParts> parse_stream_arn(std::string_view arn) {
  // arn:<partition>:dynamodb:<region>:<account>:table/<name>/stream/<label>
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string_view resource = arn.substr(start);
  if (fields[0] != "arn" || fields[1].empty() || fields[2] != "dynamodb" || fields[3].empty() ||
      fields[4].empty()) {
    return std::nullopt;
  }
  constexpr std::string_view kTable = "table/";
  constexpr std::string_view kStream = "/stream/";
  if (resource.substr(0, kTable.size()) != kTable) return std::nullopt;
  std::size_t stream = resource.find(kStream, kTable.size());
  if (stream == std::string_view::npos) return std::nullopt;
  StreamArnParts parts{std::string(fields[3]), std::string(fields[4]),
                       std::string(resource.substr(kTable.size(), stream - kTable.size())),
                       std::string(resource.substr(stream + kStream.size()))};
  if (parts.table_name.empty() || parts.label.empty()) return std::nullopt;
  return parts;
}

}  // namespace streamstack::streams
