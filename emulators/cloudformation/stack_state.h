#pragma once
// What each deployed stack holds, kept in SQLite as CloudFormation keeps its stacks' resources:
// per logical id, the type, the physical id, the properties it was deployed with (resolved) and
// its Fn::GetAtt attributes. A restart on the same data compares the template with this and
// touches only what changed; identifiers AWS draws at random (REST API ids, mapping UUIDs) come
// back from here, so URLs stay the same. Reset empties it with everything else.
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace streamstack::cloudformation {

struct StoredResource {
  std::string logical_id;
  std::string type;
  std::string physical_id;
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json attributes = nlohmann::json::object();
  std::string deletion_policy = "Delete";
  // Bumped each time the resource is replaced, so its generated name changes as it would.
  int generation = 0;
};

class StackState {
 public:
  // `db` must be migrated with `migrations()` and outlive the state.
  explicit StackState(store::Database& db) : db_(db) {}

  // Versions 600-619 are this module's.
  static std::vector<store::Migration> migrations();

  std::map<std::string, StoredResource> resources(const std::string& stack_name) const;
  void put(const std::string& stack_name, const StoredResource& resource);
  void erase(const std::string& stack_name, const std::string& logical_id);

 private:
  store::Database& db_;
};

}  // namespace streamstack::cloudformation
