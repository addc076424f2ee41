#pragma once
// Log groups, their streams and events in SQLite, namespaced by account and region. An event's
// position is (timestamp, id): CloudWatch Logs orders a stream's events by timestamp, and the
// id (insertion order) breaks ties, so positions are unique and stable for tokens.
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace streamstack::logs {

struct LogGroupRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t creation_time = 0;
  std::int64_t stored_bytes = 0;
};

struct LogStreamRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t creation_time = 0;
  std::optional<std::int64_t> first_event;
  std::optional<std::int64_t> last_event;
  std::optional<std::int64_t> last_ingestion;
  std::int64_t stored_bytes = 0;
};

struct LogEventRow {
  std::int64_t id = 0;
  std::string stream_name;
  std::int64_t timestamp = 0;
  std::int64_t ingestion_time = 0;
  std::string message;
};

// Where a read starts: strictly after (or before) this position.
struct EventPosition {
  std::int64_t timestamp = 0;
  std::int64_t id = 0;
};

struct EventRange {
  std::optional<std::int64_t> start_time;  // timestamp >= start
  std::optional<std::int64_t> end_time;    // timestamp <= end
};

class LogStore {
 public:
  explicit LogStore(store::Database& db) : db_(db) {}
  static std::vector<store::Migration> migrations();

  // False when the group exists already.
  bool create_group(const std::string& scope, const std::string& name, std::int64_t now_ms);
  std::optional<LogGroupRow> find_group(const std::string& scope, const std::string& name);
  // By name, those starting with `prefix`.
  std::vector<LogGroupRow> list_groups(const std::string& scope, const std::string& prefix);
  bool delete_group(const std::string& scope, const std::string& name);

  bool create_stream(std::int64_t group_id, const std::string& name, std::int64_t now_ms);
  std::optional<LogStreamRow> find_stream(std::int64_t group_id, const std::string& name);
  // By name.
  std::vector<LogStreamRow> list_streams(std::int64_t group_id);

  // Appends events (timestamp, message) to a stream and updates its first/last timestamps.
  void append(std::int64_t group_id, std::int64_t stream_id,
              const std::vector<std::pair<std::int64_t, std::string>>& events, std::int64_t ingestion_ms);
  // Creates the group and the stream when missing, then appends: one transaction.
  void append_to(const std::string& scope, const std::string& group, const std::string& stream,
                 const std::vector<std::pair<std::int64_t, std::string>>& events, std::int64_t ingestion_ms);

  // A stream's events in position order after `after` (forward) or, backward, the last `limit`
  // before `before` (still returned in ascending order).
  std::vector<LogEventRow> stream_events_after(std::int64_t stream_id, EventPosition after, const EventRange& range,
                                               std::size_t limit);
  std::vector<LogEventRow> stream_events_before(std::int64_t stream_id, EventPosition before,
                                                const EventRange& range, std::size_t limit);
  // A group's events (all streams interleaved) in position order after `after`.
  std::vector<LogEventRow> group_events_after(std::int64_t group_id, EventPosition after, const EventRange& range,
                                              std::size_t limit);

 private:
  store::Database& db_;
};

}  // namespace streamstack::logs
