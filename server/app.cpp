#include "app.h"

#include "config/stack.h"
#include "dynamodb/service.h"
#include "handlers/demo/seed_handlers.h"
#include "handlers/sdk/host/handler_registry.h"
#include "lambda/api/lambda_service.h"
#include "lambda/function_registry.h"
#include "store/database.h"
#include "streams/service.h"

namespace streamstack::server {

App::App(const Options& options) : options_(options) {
  db_ = std::make_unique<store::Database>(
      options.data, options.durability == "full" ? store::Durability::kFull : store::Durability::kNormal);
  db_->add_migrations(dynamodb::DynamoDbService::migrations());
  db_->add_migrations(streams::StreamsService::migrations());
  db_->migrate();
  dynamodb_ = std::make_unique<dynamodb::DynamoDbService>(
      *db_, dynamodb::Options{.table_delay_ms = options.table_delay_ms});
  router_.add_json_service("DynamoDB_20120810",
                           JsonBinding{dynamodb_.get(), "application/x-amz-json-1.0", true});
  streams_ = std::make_unique<streams::StreamsService>(*db_);
  router_.add_json_service("DynamoDBStreams_20120810",
                           JsonBinding{streams_.get(), "application/x-amz-json-1.0", true});
  handlers_ = std::make_unique<handlers::HandlerRegistry>();
  handlers_->register_builtin(handlers::seed::register_seed_handlers);
  functions_ = std::make_unique<lambda::FunctionRegistry>(*handlers_, *dynamodb_);
  lambda_ = std::make_unique<lambda::api::LambdaService>(*functions_);
  router_.add_rest_service("/2015-03-31/", lambda_.get());
}

App::~App() = default;

void App::apply_config() {
  if (options_.config.empty()) return;
  auto stack = config::load_stack(options_.config);
  config::apply_stack(stack, config::Services{.dynamodb = *dynamodb_, .functions = functions_.get()});
}

}  // namespace streamstack::server
