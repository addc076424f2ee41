#pragma once
// The REST APIs of every account and region, held in memory and written through to SQLite, so
// an API (and the URL of its stage) survives a restart. An API is kept in AWS's own wire shapes
// (RestApi, Resource with its resourceMethods, Deployment, Stage): the control plane answers
// them as they are, and a deployment keeps a snapshot of the resources it deployed, which is
// what its stages serve until the next deployment.
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace streamstack::apigateway {

using ordered_json = nlohmann::ordered_json;

struct RestApiRecord {
  std::string account_id;
  std::string region;
  ordered_json api = ordered_json::object();          // RestApi
  ordered_json resources = ordered_json::object();    // id -> Resource (resourceMethods embedded)
  ordered_json deployments = ordered_json::object();  // id -> Deployment + "snapshot" (resources)
  ordered_json stages = ordered_json::object();       // name -> Stage

  const std::string& id() const { return api["id"].get_ref<const std::string&>(); }
};

class RestApiStore {
 public:
  // Loads every stored API; `db` must be migrated with `migrations()` and outlive the store.
  explicit RestApiStore(store::Database& db);

  static std::vector<store::Migration> migrations();

  // An immutable snapshot; nullptr when no API has that id.
  std::shared_ptr<const RestApiRecord> find(const std::string& id) const;
  std::vector<std::shared_ptr<const RestApiRecord>> list() const;

  // Stores a new API; false (changing nothing) when its id is taken.
  bool insert(RestApiRecord record);
  // Copies the API, lets `change` edit the copy (it may throw, leaving the API as it was) and
  // stores the result. False when no API has that id.
  bool update(const std::string& id, const std::function<void(RestApiRecord&)>& change);
  bool erase(const std::string& id);
  // Reads every API from the store again (after a reset emptied it).
  void reload();

 private:
  void persist(const RestApiRecord& record);

  store::Database& db_;
  mutable std::shared_mutex mutex_;
  // Serializes writers so a read-modify-write of one API never loses another's change.
  std::mutex write_mutex_;
  std::map<std::string, std::shared_ptr<const RestApiRecord>> apis_;
};

}  // namespace streamstack::apigateway
