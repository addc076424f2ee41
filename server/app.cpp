#include "app.h"

#include "config/stack.h"
#include "dynamodb/service.h"
#include "store/database.h"

namespace streamstack::server {

App::App(const Options& options) : options_(options) {
  db_ = std::make_unique<store::Database>(
      options.data, options.durability == "full" ? store::Durability::kFull : store::Durability::kNormal);
  db_->add_migrations(dynamodb::DynamoDbService::migrations());
  db_->migrate();
  dynamodb_ = std::make_unique<dynamodb::DynamoDbService>(
      *db_, dynamodb::Options{.table_delay_ms = options.table_delay_ms});
  router_.add_json_service("DynamoDB_20120810",
                           JsonBinding{dynamodb_.get(), "application/x-amz-json-1.0", true});
}

App::~App() = default;

void App::apply_config() {
  if (options_.config.empty()) return;
  auto stack = config::load_stack(options_.config);
  config::apply_stack(stack, config::Services{.dynamodb = *dynamodb_});
}

}  // namespace streamstack::server
