#pragma once
// DynamoDB over JSON 1.0: maps `DynamoDB_20120810.<Operation>` to the operation functions.
// Each operation decodes and validates its input in AWS's order (types, then constraints, then
// semantics, then lookups), acts on the store, and returns its output shape.
#include "core/json_service.h"
#include "dynamodb/catalog.h"
#include "dynamodb/index_builder.h"
#include "store/database.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace streamstack::dynamodb {

struct Options {
  // How long CREATING/DELETING/UPDATING stay visible. 0: the table is ACTIVE (or gone) by the
  // next call, so SDK waiters return on their first poll.
  std::int64_t table_delay_ms = 0;
  // Index backfills and deletions run on the index builder's own thread; off, they run only
  // when finish_index_builds() is called (tests that look at an index while it builds).
  bool background_index_builds = true;
};

// What every operation works with.
struct Env {
  store::Database& db;
  Catalog& catalog;
  const Options& options;
  IndexBuilder* index_builder = nullptr;  // woken after an UpdateTable that adds or deletes
};

using Operation = std::function<nlohmann::json(Env&, const core::RequestContext&, nlohmann::json&)>;

class TimeToLiveSweeper;

class DynamoDbService : public core::JsonService {
 public:
  DynamoDbService(store::Database& db, Options options);
  ~DynamoDbService() override;

  nlohmann::json invoke(const core::RequestContext& context, std::string_view operation,
                        nlohmann::json& input) override;
  bool has_operation(std::string_view operation) const override;
  // A body of another JSON type fails as the operation's input structure given that type
  // ("Unrecognized collection type class ...PutItemInput" for an array).
  bool reads_any_json() const override { return true; }

  // The catalog's and item store's schemas. Tables with a stream also need the streams module's
  // (streams::StreamsService::migrations()), which its owner adds once for both services.
  static std::vector<store::Migration> migrations();
  // After the store was emptied (reset): nothing cached may outlive it.
  void forget_cached() { catalog_.forget_cached(); }
  // Runs the pending index backfills and deletions to their end on the calling thread (tests).
  void finish_index_builds() { index_builder_.finish_pending(); }

  // The background deletion of expired items (TTL); the service stops it when it goes away.
  void start_time_to_live_sweeper();

 private:
  store::Database& db_;
  Options options_;
  Catalog catalog_;
  IndexBuilder index_builder_;
  std::unique_ptr<TimeToLiveSweeper> sweeper_;
  std::unordered_map<std::string, Operation, std::hash<std::string>, std::equal_to<>> operations_;
};

// The operations, each in its own file under operations/.
nlohmann::json create_table(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json describe_table(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json list_tables(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json delete_table(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json update_table(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json put_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json get_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json update_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json delete_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json query(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json scan(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json batch_get_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json batch_write_item(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json enable_kinesis_streaming_destination(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json disable_kinesis_streaming_destination(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json describe_kinesis_streaming_destination(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json update_kinesis_streaming_destination(Env&, const core::RequestContext&, nlohmann::json&);
// transactions/
nlohmann::json transact_write_items(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json transact_get_items(Env&, const core::RequestContext&, nlohmann::json&);
// ttl/
nlohmann::json update_time_to_live(Env&, const core::RequestContext&, nlohmann::json&);
nlohmann::json describe_time_to_live(Env&, const core::RequestContext&, nlohmann::json&);

}  // namespace streamstack::dynamodb
