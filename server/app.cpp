#include "app.h"

#include "apigateway/service.h"
#include "cloudformation/deployer.h"
#include "cloudformation/outputs.h"
#include "cloudformation/parameters.h"
#include "cloudformation/stack_state.h"
#include "config/stack.h"
#include "credentials_config.h"
#include "dynamodb/service.h"
#include "handlers/demo/seed_handlers.h"
#include "handlers/sdk/host/handler_registry.h"
#include "kinesis/kinesis_event_source.h"
#include "kinesis/service.h"
#include "lambda/api/lambda_service.h"
#include "lambda/dispatcher.h"
#include "lambda/event_source_mappings_api.h"
#include "lambda/function_registry.h"
#include "lambda/mapping_invoker.h"
#include "lambda/mapping_store.h"
#include "logs/service.h"
#include "store/database.h"
#include "streams/service.h"
#include "streams/stream_event_source.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace streamstack::server {

App::App(const Options& options) : options_(options) {
  db_ = std::make_unique<store::Database>(
      options.data, options.durability == "full" ? store::Durability::kFull : store::Durability::kNormal);
  db_->add_migrations(dynamodb::DynamoDbService::migrations());
  db_->add_migrations(streams::StreamsService::migrations());
  db_->add_migrations(kinesis::KinesisService::migrations());
  db_->add_migrations(lambda::MappingStore::migrations());
  db_->add_migrations(apigateway::ApiGatewayService::migrations());
  db_->add_migrations(logs::LogsService::migrations());
  db_->add_migrations(cloudformation::StackState::migrations());
  db_->migrate();
  stack_state_ = std::make_unique<cloudformation::StackState>(*db_);

  kinesis_ = std::make_unique<kinesis::KinesisService>(
      *db_, kinesis::Options{.stream_delay_ms = options.table_delay_ms,
                             .throughput_error_percent = options.kinesis_error_percent});
  router_.add_json_service("Kinesis_20131202", JsonBinding{.service = kinesis_.get(),
                                                           .content_type = "application/x-amz-json-1.1",
                                                           .cbor = true,
                                                           .edge_error_prefix = "",
                                                           .signing_name = "kinesis",
                                                           .front_door = JsonBinding::FrontDoor::kKinesis});
  dynamodb_ = std::make_unique<dynamodb::DynamoDbService>(
      *db_, dynamodb::Options{.table_delay_ms = options.table_delay_ms});
  router_.add_json_service("DynamoDB_20120810",
                           JsonBinding{.service = dynamodb_.get(),
                                       .content_type = "application/x-amz-json-1.0",
                                       .crc32 = true,
                                       .dynamodb_request_id = true,
                                       .signing_name = "dynamodb"});
  streams_ = std::make_unique<streams::StreamsService>(*db_);
  // DynamoDB Streams is signed as "dynamodb" too; DynamoDB answers for that name.
  router_.add_json_service("DynamoDBStreams_20120810",
                           JsonBinding{.service = streams_.get(),
                                       .content_type = "application/x-amz-json-1.0",
                                       .crc32 = true,
                                       .dynamodb_request_id = true,
                                       .signing_name = "dynamodb"});
  logs_ = std::make_unique<logs::LogsService>(*db_);
  router_.add_json_service("Logs_20140328", JsonBinding{.service = logs_.get(),
                                                        .content_type = "application/x-amz-json-1.1",
                                                        .edge_error_prefix = "",
                                                        .signing_name = "logs"});

  handlers_ = std::make_unique<handlers::HandlerRegistry>();
  handlers_->register_builtin(handlers::seed::register_seed_handlers);
  functions_ = std::make_unique<lambda::FunctionRegistry>(
      *handlers_, *dynamodb_, lambda::FunctionRegistry::Options{.concurrency_limit = options.lambda_concurrency});
  log_sink_ = logs_->lambda_sink([this](const std::string& name) {
    auto function = functions_->find(name);
    return function ? function->config.account + "/" + function->config.region
                    : std::string("000000000000/us-east-1");
  });
  functions_->set_log_sink(log_sink_);

  // The dispatcher is woken by every commit: a change reaches its handler without a polling
  // interval, whichever service wrote it. Commit listeners run in the order they were added, and
  // the stream source's (added by its constructor) must run before the dispatcher's.
  mappings_ = std::make_unique<lambda::MappingStore>(*db_);
  stream_source_ = std::make_unique<streams::StreamEventSource>(*db_);
  kinesis_source_ = std::make_unique<kinesis::KinesisEventSource>(*db_);
  dispatcher_ = std::make_unique<lambda::Dispatcher>(*mappings_, lambda::mapping_invoker(*functions_));
  dispatcher_->add_source(stream_source_.get());
  dispatcher_->add_source(kinesis_source_.get());
  dispatcher_listener_ = db_->on_commit([d = dispatcher_.get()] { d->notify(); });
  mappings_api_ = std::make_unique<lambda::EventSourceMappingsApi>(
      *mappings_, *dispatcher_,
      [this](const core::RequestContext&, const std::string& name) { return functions_->find(name) != nullptr; });

  lambda_ = std::make_unique<lambda::api::LambdaService>(*functions_);
  lambda_->set_event_source_mappings(mappings_api_.get());
  for (const char* prefix : lambda::api::LambdaService::kPathPrefixes)
    router_.add_rest_service(prefix, lambda_.get(), prefix == std::string_view("/2015-03-31/") ? "lambda" : "");

  apigateway_ = std::make_unique<apigateway::ApiGatewayService>(
      *db_, std::make_unique<apigateway::RegistryLambdaBackend>(*functions_));
  router_.add_host_service(&apigateway::ApiGatewayService::is_execute_api_host, apigateway_.get());
  router_.add_rest_service(apigateway::ApiGatewayService::kControlPlanePrefix, apigateway_.get(), "apigateway");
  router_.add_rest_service(apigateway::ApiGatewayService::kExecuteApiPrefix, apigateway_.get());

  router_.set_reset([this] { reset(); });
  router_.set_authentication(Authentication{.verify = options.auth == "verify", .credentials = &credentials_});
}

App::~App() { stop(); }

void App::apply_config() {
  apply_stack();
  dispatcher_->start();
  dynamodb_->start_time_to_live_sweeper();
}

void App::apply_stack() {
  rest_api_paths_.clear();
  templates_.clear();
  std::map<std::string, std::string> parameters;
  for (const auto& text : options_.parameters) {
    auto [name, value] = cloudformation::parse_parameter_override(text);
    parameters.insert_or_assign(name, value);
  }
  if (options_.config.empty()) {
    load_static_credentials(credentials_, options_.credentials, nlohmann::json());
    if (!options_.template_path.empty()) deploy_template(options_.template_path, parameters);
    return;
  }
  auto stack = config::load_stack(options_.config);
  load_static_credentials(credentials_, options_.credentials, stack.document);
  auto deployed = config::apply_stack(stack, config::Services{.dynamodb = *dynamodb_,
                                                              .kinesis = kinesis_.get(),
                                                              .functions = functions_.get(),
                                                              .event_source_mappings = mappings_api_.get(),
                                                              .apigateway = apigateway_.get()});
  for (const auto& api : deployed.rest_apis)
    rest_api_paths_.push_back({api.name, apigateway::ApiGatewayService::stage_path(api.id, api.stage)});
  // --template wins over the stack file's; --parameter over the stack file's values.
  for (const auto& [name, value] : stack.template_parameters) parameters.try_emplace(name, value);
  auto path = options_.template_path.empty() ? stack.template_path : options_.template_path;
  if (!path.empty()) deploy_template(path, parameters);
}

void App::deploy_template(const std::string& path, const std::map<std::string, std::string>& parameters) {
  cloudformation::DeployOptions options;
  options.parameters = parameters;
  auto started = std::chrono::steady_clock::now();
  auto result = cloudformation::deploy_template_file(path, options,
                                                     cloudformation::Services{.dynamodb = dynamodb_.get(),
                                                                              .kinesis = kinesis_.get(),
                                                                              .functions = functions_.get(),
                                                                              .event_source_mappings = mappings_api_.get(),
                                                                              .apigateway = apigateway_.get()},
                                                     *stack_state_);
  auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("template {}: {} created, {} updated, {} unchanged, {} removed ({:.1f} ms)", result.stack_name,
               result.created, result.updated, result.unchanged, result.removed, took);
  for (const auto& n : result.not_emulated)
    spdlog::warn("template {}: not emulated: {} ({}){}{}", result.stack_name, n.logical_id, n.type,
                 n.detail.empty() ? "" : " ", n.detail);
  templates_.push_back(std::move(result));
}

std::vector<StackOutput> App::outputs(const std::string& base_url) const {
  std::vector<StackOutput> out;
  for (const auto& [name, path] : rest_api_paths_) out.push_back({name, base_url + path});
  for (const auto& t : templates_)
    for (auto& [name, value] : cloudformation::printed_outputs(t, base_url)) out.push_back({name, value});
  return out;
}

std::vector<std::string> App::stack_arns() const {
  std::vector<std::string> out;
  for (const auto& t : templates_) out.push_back(t.stack_id);
  return out;
}

void App::reset() {
  spdlog::info("reset: dropping every resource and record");
  dispatcher_->pause();
  db_->clear_all();
  kinesis_->forget_cached();
  dynamodb_->forget_cached();
  apigateway_->reload();
  functions_->clear();
  dispatcher_->resume();
  apply_stack();
}

void App::stop() {
  if (dispatcher_) dispatcher_->stop();
  if (dispatcher_listener_) db_->off_commit(dispatcher_listener_);
  dispatcher_listener_ = 0;
  // The dispatcher's batches have their results; what still runs hands nothing on.
  if (functions_) functions_->close();
}

}  // namespace streamstack::server
