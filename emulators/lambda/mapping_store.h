#pragma once
// Event source mappings and their per-shard checkpoints, kept in SQLite so that processing
// resumes after a restart exactly after the last batch that succeeded.
#include "lambda/event_source_mapping.h"
#include "store/database.h"

#include <optional>
#include <vector>

namespace streamstack::lambda {

class MappingStore {
 public:
  explicit MappingStore(store::Database& db) : db_(db) {}

  static std::vector<store::Migration> migrations();

  void insert(const EventSourceMapping& mapping);
  void update(const EventSourceMapping& mapping);
  void erase(const std::string& uuid);
  std::optional<EventSourceMapping> find(const std::string& uuid);
  // Every mapping of every scope, in creation order.
  std::vector<EventSourceMapping> all();

  // The checkpoint of a shard; nullopt when the mapping has not started on it.
  std::optional<std::int64_t> checkpoint(const std::string& uuid, const std::string& shard_id);
  void set_checkpoint(const std::string& uuid, const std::string& shard_id, std::int64_t position);
  void set_last_processing_result(const std::string& uuid, const std::string& result);

 private:
  store::Database& db_;
};

}  // namespace streamstack::lambda
