#include "dynamodb/service.h"

#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"
#include "dynamodb/kinesis_destination.h"
#include "dynamodb/transactions/idempotency.h"
#include "dynamodb/ttl/sweeper.h"
#include "dynamodb/ttl/time_to_live.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {

DynamoDbService::DynamoDbService(store::Database& db, Options options)
    : db_(db), options_(options), catalog_(db),
      index_builder_(db, catalog_, options_.background_index_builds) {
  operations_ = {
      {"CreateTable", create_table},
      {"DescribeTable", describe_table},
      {"ListTables", list_tables},
      {"DeleteTable", delete_table},
      {"UpdateTable", update_table},
      {"PutItem", put_item},
      {"GetItem", get_item},
      {"UpdateItem", update_item},
      {"DeleteItem", delete_item},
      {"Query", query},
      {"Scan", scan},
      {"BatchGetItem", batch_get_item},
      {"BatchWriteItem", batch_write_item},
      {"EnableKinesisStreamingDestination", enable_kinesis_streaming_destination},
      {"DisableKinesisStreamingDestination", disable_kinesis_streaming_destination},
      {"DescribeKinesisStreamingDestination", describe_kinesis_streaming_destination},
      {"UpdateKinesisStreamingDestination", update_kinesis_streaming_destination},
      {"TransactWriteItems", transact_write_items},
      {"TransactGetItems", transact_get_items},
      {"UpdateTimeToLive", update_time_to_live},
      {"DescribeTimeToLive", describe_time_to_live},
  };
}

DynamoDbService::~DynamoDbService() = default;

void DynamoDbService::start_time_to_live_sweeper() {
  if (!sweeper_) sweeper_ = std::make_unique<TimeToLiveSweeper>(db_, catalog_);
  sweeper_->start();
}

nlohmann::json DynamoDbService::invoke(const core::RequestContext& context,
                                       std::string_view operation, nlohmann::json& input) {
  auto it = operations_.find(std::string(operation));
  // AWS names no operation it does not know: the error has a type and no message (dynalite
  // index.js, written against AWS).
  if (it == operations_.end()) throw core::ApiError::unknown_operation();
  if (input.is_null()) input = nlohmann::json::object();
  // A body that is not a JSON object fails as any structure given another JSON type does.
  if (!input.is_object()) {
    if (const model::Shape* shape = model::input_shape(operation)) check_types(*shape, input);
  }
  Env env{db_, catalog_, options_, &index_builder_};
  return it->second(env, context, input);
}

bool DynamoDbService::has_operation(std::string_view operation) const {
  return operations_.contains(std::string(operation));
}

std::vector<store::Migration> DynamoDbService::migrations() {
  std::vector<store::Migration> all = Catalog::migrations();
  for (auto& migration : ItemStore::migrations()) all.push_back(std::move(migration));
  for (auto& migration : IndexStore::migrations()) all.push_back(std::move(migration));
  for (auto& migration : kinesis_destination::migrations()) all.push_back(std::move(migration));
  for (auto& migration : transactions::idempotency_migrations()) all.push_back(std::move(migration));
  for (auto& migration : time_to_live::migrations()) all.push_back(std::move(migration));
  return all;
}

}  // namespace streamstack::dynamodb
