#include "apigateway/rest_api_store.h"

#include <mutex>

namespace streamstack::apigateway {

std::vector<store::Migration> RestApiStore::migrations() {
  return {{500, "apigateway rest apis",
           "CREATE TABLE apigateway_rest_apis ("
           "  id TEXT PRIMARY KEY,"
           "  account TEXT NOT NULL,"
           "  region TEXT NOT NULL,"
           "  document TEXT NOT NULL"
           ")"}};
}

RestApiStore::RestApiStore(store::Database& db) : db_(db) { reload(); }

void RestApiStore::reload() {
  std::map<std::string, std::shared_ptr<const RestApiRecord>> apis;
  db_.read([&](store::Connection& c) {
    auto& select = c.prepare("SELECT account, region, document FROM apigateway_rest_apis");
    while (select.step()) {
      auto record = std::make_shared<RestApiRecord>();
      record->account_id = select.column_text(0);
      record->region = select.column_text(1);
      auto document = ordered_json::parse(select.column_text_view(2));
      record->api = std::move(document["api"]);
      record->resources = std::move(document["resources"]);
      record->deployments = std::move(document["deployments"]);
      record->stages = std::move(document["stages"]);
      apis.emplace(record->id(), std::move(record));
    }
  });
  std::unique_lock lock(mutex_);
  apis_ = std::move(apis);
}

void RestApiStore::persist(const RestApiRecord& record) {
  ordered_json document = {{"api", record.api},
                           {"resources", record.resources},
                           {"deployments", record.deployments},
                           {"stages", record.stages}};
  auto text = document.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  db_.write([&](store::Connection& c) {
    c.prepare("INSERT OR REPLACE INTO apigateway_rest_apis (id, account, region, document) VALUES (?, ?, ?, ?)")
        .bind_text(1, record.id())
        .bind_text(2, record.account_id)
        .bind_text(3, record.region)
        .bind_text(4, text)
        .run();
  });
}

std::shared_ptr<const RestApiRecord> RestApiStore::find(const std::string& id) const {
  std::shared_lock lock(mutex_);
  auto it = apis_.find(id);
  return it == apis_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const RestApiRecord>> RestApiStore::list() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const RestApiRecord>> out;
  for (const auto& [id, record] : apis_) out.push_back(record);
  return out;
}

bool RestApiStore::insert(RestApiRecord record) {
  std::lock_guard writer(write_mutex_);
  if (find(record.id())) return false;
  persist(record);
  auto shared = std::make_shared<const RestApiRecord>(std::move(record));
  std::unique_lock lock(mutex_);
  apis_.emplace(shared->id(), std::move(shared));
  return true;
}

bool RestApiStore::update(const std::string& id, const std::function<void(RestApiRecord&)>& change) {
  std::lock_guard writer(write_mutex_);
  auto current = find(id);
  if (!current) return false;
  auto copy = std::make_shared<RestApiRecord>(*current);
  change(*copy);
  persist(*copy);
  std::unique_lock lock(mutex_);
  apis_[id] = std::move(copy);
  return true;
}

bool RestApiStore::erase(const std::string& id) {
  std::lock_guard writer(write_mutex_);
  if (!find(id)) return false;
  db_.write([&](store::Connection& c) {
    c.prepare("DELETE FROM apigateway_rest_apis WHERE id = ?").bind_text(1, id).run();
  });
  std::unique_lock lock(mutex_);
  apis_.erase(id);
  return true;
}

}  // namespace streamstack::apigateway
