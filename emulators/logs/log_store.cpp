#include "logs/log_store.h"

#include <algorithm>
#include <limits>

namespace streamstack::logs {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::optional<std::int64_t> nullable(const store::Statement& s, int column) {
  if (s.column_is_null(column)) return std::nullopt;
  return s.column_int(column);
}

LogStreamRow stream_row(const store::Statement& s) {
  return {s.column_int(0), s.column_text(1), s.column_int(2), nullable(s, 3), nullable(s, 4), nullable(s, 5),
          s.column_int(6)};
}

std::vector<LogEventRow> event_rows(store::Statement& s) {
  std::vector<LogEventRow> out;
  while (s.step()) out.push_back({s.column_int(0), s.column_text(1), s.column_int(2), s.column_int(3), s.column_text(4)});
  return out;
}

constexpr const char* kEventColumns =
    "SELECT e.id, s.name, e.timestamp, e.ingestion_time, e.message FROM logs_events e "
    "JOIN logs_streams s ON s.id = e.stream_id ";

// Up to `limit` events within `range` of one stream or one group (`owner`: "stream_id" or
// "group_id"), the first after `position` in (timestamp, id) order or, `backward`, the last
// before it (nearest first).
std::vector<LogEventRow> events_next_to(store::Connection& c, std::string_view owner,
                                        std::int64_t owner_id, EventPosition position,
                                        bool backward, const EventRange& range, std::size_t limit) {
  auto& s = c.prepare(std::string(kEventColumns) + "WHERE e." + std::string(owner) +
                      " = ? AND (e.timestamp, e.id) " + (backward ? "<" : ">") +
                      " (?, ?) AND e.timestamp >= ? AND e.timestamp <= ? ORDER BY " +
                      (backward ? "e.timestamp DESC, e.id DESC" : "e.timestamp, e.id") + " LIMIT ?");
  s.bind(1, owner_id).bind(2, position.timestamp).bind(3, position.id);
  s.bind(4, range.start_time.value_or(kMin)).bind(5, range.end_time.value_or(kMax));
  s.bind(6, static_cast<std::int64_t>(limit));
  return event_rows(s);
}

}  // namespace

std::vector<store::Migration> LogStore::migrations() {
  return {{550, "logs groups, streams and events",
           "CREATE TABLE logs_groups ("
           "  id INTEGER PRIMARY KEY,"
           "  scope TEXT NOT NULL,"
           "  name TEXT NOT NULL,"
           "  creation_time INTEGER NOT NULL,"
           "  UNIQUE (scope, name)"
           ");"
           "CREATE TABLE logs_streams ("
           "  id INTEGER PRIMARY KEY,"
           "  group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,"
           "  name TEXT NOT NULL,"
           "  creation_time INTEGER NOT NULL,"
           "  first_event INTEGER,"
           "  last_event INTEGER,"
           "  last_ingestion INTEGER,"
           "  stored_bytes INTEGER NOT NULL DEFAULT 0,"
           "  UNIQUE (group_id, name)"
           ");"
           "CREATE TABLE logs_events ("
           "  id INTEGER PRIMARY KEY,"
           "  group_id INTEGER NOT NULL,"
           "  stream_id INTEGER NOT NULL,"
           "  timestamp INTEGER NOT NULL,"
           "  ingestion_time INTEGER NOT NULL,"
           "  message TEXT NOT NULL"
           ");"
           "CREATE INDEX logs_events_by_stream ON logs_events (stream_id, timestamp, id);"
           "CREATE INDEX logs_events_by_group ON logs_events (group_id, timestamp, id);"}};
}

bool LogStore::create_group(const std::string& scope, const std::string& name, std::int64_t now_ms) {
  return db_.write([&](store::Connection& c) {
    c.prepare("INSERT OR IGNORE INTO logs_groups (scope, name, creation_time) VALUES (?, ?, ?)")
        .bind_text(1, scope)
        .bind_text(2, name)
        .bind(3, now_ms)
        .run();
    return c.changes() > 0;
  });
}

std::optional<LogGroupRow> LogStore::find_group(const std::string& scope, const std::string& name) {
  return db_.read([&](store::Connection& c) -> std::optional<LogGroupRow> {
    auto& s = c.prepare(
        "SELECT g.id, g.name, g.creation_time, (SELECT COALESCE(SUM(stored_bytes), 0) FROM logs_streams "
        "WHERE group_id = g.id) FROM logs_groups g WHERE g.scope = ? AND g.name = ?");
    s.bind_text(1, scope).bind_text(2, name);
    if (!s.step()) return std::nullopt;
    LogGroupRow row{s.column_int(0), s.column_text(1), s.column_int(2), s.column_int(3)};
    s.reset();
    return row;
  });
}

std::vector<LogGroupRow> LogStore::list_groups(const std::string& scope, const std::string& prefix) {
  return db_.read([&](store::Connection& c) {
    auto& s = c.prepare(
        "SELECT g.id, g.name, g.creation_time, (SELECT COALESCE(SUM(stored_bytes), 0) FROM logs_streams "
        "WHERE group_id = g.id) FROM logs_groups g WHERE g.scope = ? AND substr(g.name, 1, ?) = ? ORDER BY g.name");
    s.bind_text(1, scope).bind(2, static_cast<std::int64_t>(prefix.size())).bind_text(3, prefix);
    std::vector<LogGroupRow> out;
    while (s.step()) out.push_back({s.column_int(0), s.column_text(1), s.column_int(2), s.column_int(3)});
    return out;
  });
}

bool LogStore::delete_group(const std::string& scope, const std::string& name) {
  return db_.write([&](store::Connection& c) {
    auto& find = c.prepare("SELECT id FROM logs_groups WHERE scope = ? AND name = ?");
    find.bind_text(1, scope).bind_text(2, name);
    if (!find.step()) return false;
    auto id = find.column_int(0);
    find.reset();
    c.prepare("DELETE FROM logs_events WHERE group_id = ?").bind(1, id).run();
    c.prepare("DELETE FROM logs_streams WHERE group_id = ?").bind(1, id).run();
    c.prepare("DELETE FROM logs_groups WHERE id = ?").bind(1, id).run();
    return true;
  });
}

bool LogStore::create_stream(std::int64_t group_id, const std::string& name, std::int64_t now_ms) {
  return db_.write([&](store::Connection& c) {
    c.prepare("INSERT OR IGNORE INTO logs_streams (group_id, name, creation_time) VALUES (?, ?, ?)")
        .bind(1, group_id)
        .bind_text(2, name)
        .bind(3, now_ms)
        .run();
    return c.changes() > 0;
  });
}

std::optional<LogStreamRow> LogStore::find_stream(std::int64_t group_id, const std::string& name) {
  return db_.read([&](store::Connection& c) -> std::optional<LogStreamRow> {
    auto& s = c.prepare(
        "SELECT id, name, creation_time, first_event, last_event, last_ingestion, stored_bytes FROM logs_streams "
        "WHERE group_id = ? AND name = ?");
    s.bind(1, group_id).bind_text(2, name);
    if (!s.step()) return std::nullopt;
    auto row = stream_row(s);
    s.reset();
    return row;
  });
}

std::vector<LogStreamRow> LogStore::list_streams(std::int64_t group_id) {
  return db_.read([&](store::Connection& c) {
    auto& s = c.prepare(
        "SELECT id, name, creation_time, first_event, last_event, last_ingestion, stored_bytes FROM logs_streams "
        "WHERE group_id = ? ORDER BY name");
    s.bind(1, group_id);
    std::vector<LogStreamRow> out;
    while (s.step()) out.push_back(stream_row(s));
    return out;
  });
}

void LogStore::append(std::int64_t group_id, std::int64_t stream_id,
                      const std::vector<std::pair<std::int64_t, std::string>>& events, std::int64_t ingestion_ms) {
  if (events.empty()) return;
  db_.write([&](store::Connection& c) {
    std::int64_t first = kMax, last = kMin, bytes = 0;
    for (const auto& [timestamp, message] : events) {
      c.prepare("INSERT INTO logs_events (group_id, stream_id, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)")
          .bind(1, group_id)
          .bind(2, stream_id)
          .bind(3, timestamp)
          .bind(4, ingestion_ms)
          .bind_text(5, message)
          .run();
      first = std::min(first, timestamp);
      last = std::max(last, timestamp);
      bytes += static_cast<std::int64_t>(message.size()) + 26;  // CloudWatch counts 26 bytes per event
    }
    c.prepare(
         "UPDATE logs_streams SET first_event = MIN(COALESCE(first_event, ?1), ?1), "
         "last_event = MAX(COALESCE(last_event, ?2), ?2), last_ingestion = ?3, stored_bytes = stored_bytes + ?4 "
         "WHERE id = ?5")
        .bind(1, first)
        .bind(2, last)
        .bind(3, ingestion_ms)
        .bind(4, bytes)
        .bind(5, stream_id)
        .run();
  });
}

void LogStore::append_to(const std::string& scope, const std::string& group, const std::string& stream,
                         const std::vector<std::pair<std::int64_t, std::string>>& events, std::int64_t ingestion_ms) {
  auto first = events.empty() ? ingestion_ms : events.front().first;
  // Every step on the writer's connection: a reader would not see this transaction's rows.
  db_.write([&](store::Connection& c) {
    c.prepare("INSERT OR IGNORE INTO logs_groups (scope, name, creation_time) VALUES (?, ?, ?)")
        .bind_text(1, scope)
        .bind_text(2, group)
        .bind(3, first)
        .run();
    auto& g = c.prepare("SELECT id FROM logs_groups WHERE scope = ? AND name = ?");
    g.bind_text(1, scope).bind_text(2, group);
    g.step();
    auto group_id = g.column_int(0);
    g.reset();
    c.prepare("INSERT OR IGNORE INTO logs_streams (group_id, name, creation_time) VALUES (?, ?, ?)")
        .bind(1, group_id)
        .bind_text(2, stream)
        .bind(3, first)
        .run();
    auto& s = c.prepare("SELECT id FROM logs_streams WHERE group_id = ? AND name = ?");
    s.bind(1, group_id).bind_text(2, stream);
    s.step();
    auto stream_id = s.column_int(0);
    s.reset();
    append(group_id, stream_id, events, ingestion_ms);
  });
}

std::vector<LogEventRow> LogStore::stream_events_after(std::int64_t stream_id, EventPosition after,
                                                       const EventRange& range, std::size_t limit) {
  return db_.read([&](store::Connection& c) {
    return events_next_to(c, "stream_id", stream_id, after, false, range, limit);
  });
}

std::vector<LogEventRow> LogStore::stream_events_before(std::int64_t stream_id, EventPosition before,
                                                        const EventRange& range, std::size_t limit) {
  auto rows = db_.read([&](store::Connection& c) {
    return events_next_to(c, "stream_id", stream_id, before, true, range, limit);
  });
  std::reverse(rows.begin(), rows.end());
  return rows;
}

std::vector<LogEventRow> LogStore::group_events_after(std::int64_t group_id, EventPosition after,
                                                      const EventRange& range, std::size_t limit) {
  return db_.read([&](store::Connection& c) {
    return events_next_to(c, "group_id", group_id, after, false, range, limit);
  });
}

}  // namespace streamstack::logs
