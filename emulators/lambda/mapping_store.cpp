#include "lambda/mapping_store.h"

namespace streamstack::lambda {
namespace {

using nlohmann::json;

// The mapping is stored as its configuration JSON plus the columns queries need.
json serialize(const EventSourceMapping& m) {
  json j = m.to_json();
  j["_scope"] = m.scope;
  j["_region"] = m.region;
  j["_account"] = m.account;
  j["_function"] = m.function_name;
  j["_enabled"] = m.enabled;
  return j;
}

EventSourceMapping deserialize(const std::string& text) {
  json j = json::parse(text);
  EventSourceMapping m;
  m.uuid = j["UUID"];
  m.scope = j["_scope"];
  m.region = j["_region"];
  m.account = j["_account"];
  m.function_name = j["_function"];
  m.enabled = j["_enabled"];
  m.event_source_arn = j["EventSourceArn"];
  m.starting_position = j["StartingPosition"];
  if (j.contains("StartingPositionTimestamp")) m.starting_position_timestamp = j["StartingPositionTimestamp"].get<double>();
  m.batch_size = j["BatchSize"];
  m.maximum_batching_window_in_seconds = j["MaximumBatchingWindowInSeconds"];
  m.parallelization_factor = j["ParallelizationFactor"];
  m.maximum_retry_attempts = j["MaximumRetryAttempts"];
  m.maximum_record_age_in_seconds = j["MaximumRecordAgeInSeconds"];
  m.bisect_batch_on_function_error = j["BisectBatchOnFunctionError"];
  m.report_batch_item_failures = !j["FunctionResponseTypes"].empty();
  m.tumbling_window_in_seconds = j["TumblingWindowInSeconds"];
  m.filter_criteria = j.value("FilterCriteria", json());
  m.destination_config = j["DestinationConfig"];
  m.state = j["State"];
  m.state_transition_reason = j["StateTransitionReason"];
  m.last_processing_result = j["LastProcessingResult"];
  m.last_modified = j["LastModified"];
  return m;
}

}  // namespace

std::vector<store::Migration> MappingStore::migrations() {
  return {{300, "lambda event source mappings",
           "CREATE TABLE lambda_event_source_mappings ("
           " uuid TEXT PRIMARY KEY, created INTEGER NOT NULL, config TEXT NOT NULL);"
           "CREATE TABLE lambda_checkpoints ("
           " uuid TEXT NOT NULL, shard_id TEXT NOT NULL, position INTEGER NOT NULL,"
           " PRIMARY KEY (uuid, shard_id)) WITHOUT ROWID;"}};
}

void MappingStore::insert(const EventSourceMapping& mapping) {
  db_.write([&](store::Connection& c) {
    c.prepare("INSERT INTO lambda_event_source_mappings (uuid, created, config) VALUES (?, "
              "(SELECT COALESCE(MAX(created), 0) + 1 FROM lambda_event_source_mappings), ?)")
        .bind_text(1, mapping.uuid)
        .bind_text(2, serialize(mapping).dump())
        .run();
  });
}

void MappingStore::update(const EventSourceMapping& mapping) {
  db_.write([&](store::Connection& c) {
    c.prepare("UPDATE lambda_event_source_mappings SET config = ? WHERE uuid = ?")
        .bind_text(1, serialize(mapping).dump())
        .bind_text(2, mapping.uuid)
        .run();
  });
}

void MappingStore::erase(const std::string& uuid) {
  db_.write([&](store::Connection& c) {
    c.prepare("DELETE FROM lambda_event_source_mappings WHERE uuid = ?").bind_text(1, uuid).run();
    c.prepare("DELETE FROM lambda_checkpoints WHERE uuid = ?").bind_text(1, uuid).run();
  });
}

std::optional<EventSourceMapping> MappingStore::find(const std::string& uuid) {
  return db_.read([&](store::Connection& c) -> std::optional<EventSourceMapping> {
    auto& st = c.prepare("SELECT config FROM lambda_event_source_mappings WHERE uuid = ?");
    st.bind_text(1, uuid);
    std::optional<EventSourceMapping> found;
    if (st.step()) found = deserialize(st.column_text(0));
    st.reset();
    return found;
  });
}

std::vector<EventSourceMapping> MappingStore::all() {
  return db_.read([&](store::Connection& c) {
    auto& st = c.prepare("SELECT config FROM lambda_event_source_mappings ORDER BY created");
    std::vector<EventSourceMapping> out;
    while (st.step()) out.push_back(deserialize(st.column_text(0)));
    st.reset();
    return out;
  });
}

std::optional<std::int64_t> MappingStore::checkpoint(const std::string& uuid, const std::string& shard_id) {
  return db_.read([&](store::Connection& c) -> std::optional<std::int64_t> {
    auto& st = c.prepare("SELECT position FROM lambda_checkpoints WHERE uuid = ? AND shard_id = ?");
    st.bind_text(1, uuid).bind_text(2, shard_id);
    std::optional<std::int64_t> position;
    if (st.step()) position = st.column_int(0);
    st.reset();
    return position;
  });
}

void MappingStore::set_checkpoint(const std::string& uuid, const std::string& shard_id, std::int64_t position) {
  db_.write([&](store::Connection& c) {
    c.prepare("INSERT INTO lambda_checkpoints (uuid, shard_id, position) VALUES (?, ?, ?) "
              "ON CONFLICT (uuid, shard_id) DO UPDATE SET position = excluded.position")
        .bind_text(1, uuid)
        .bind_text(2, shard_id)
        .bind(3, position)
        .run();
  });
}

void MappingStore::set_last_processing_result(const std::string& uuid, const std::string& result) {
  db_.write([&](store::Connection& c) {
    c.prepare("UPDATE lambda_event_source_mappings SET config = json_set(config, '$.LastProcessingResult', ?) "
              "WHERE uuid = ?")
        .bind_text(1, result)
        .bind_text(2, uuid)
        .run();
  });
}

}  // namespace streamstack::lambda
