#pragma once
// The services a template deploys into, as the server wires them, over one in-memory database:
// DynamoDB, Kinesis, Lambda's functions and event source mappings, API Gateway, and the stack
// record. Test handlers: "test.call" runs the DynamoDB operation its event names under the
// function's role and answers the output or the error code.
#include "apigateway/lambda_backend.h"
#include "apigateway/service.h"
#include "cloudformation/deployer.h"
#include "cloudformation/stack_state.h"
#include "cloudformation/template_error.h"
#include "dynamodb/service.h"
#include "handlers/sdk/host/handler_registry.h"
#include "kinesis/service.h"
#include "lambda/dispatcher.h"
#include "lambda/event_source_mappings_api.h"
#include "lambda/function_registry.h"
#include "lambda/mapping_invoker.h"
#include "lambda/mapping_store.h"
#include "seed_handlers.h"
#include "store/database.h"
#include "kinesis/kinesis_event_source.h"
#include "streams/service.h"
#include "streams/stream_event_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <memory>

namespace streamstack::cloudformation::testing {

using nlohmann::json;

inline void register_test_handlers(handlers::Registrar& r) {
  r.register_handler("test.call", [](const json& event, handlers::Context& context) -> json {
    try {
      return context.dynamodb.call(event["operation"].get<std::string>(), event["input"]);
    } catch (const handlers::ClientError& e) {
      return {{"error", e.code()}, {"message", e.message()}};
    }
  });
}

class DeployTest : public ::testing::Test {
 protected:
  DeployTest() : db_(":memory:") {
    db_.add_migrations(dynamodb::DynamoDbService::migrations());
    db_.add_migrations(streams::StreamsService::migrations());
    db_.add_migrations(kinesis::KinesisService::migrations());
    db_.add_migrations(lambda::MappingStore::migrations());
    db_.add_migrations(apigateway::ApiGatewayService::migrations());
    db_.add_migrations(StackState::migrations());
    db_.migrate();
    dynamodb_ = std::make_unique<dynamodb::DynamoDbService>(db_, dynamodb::Options{});
    kinesis_ = std::make_unique<kinesis::KinesisService>(db_, kinesis::Options{});
    handlers_.register_builtin(handlers::seed::register_seed_handlers);
    handlers_.register_builtin(register_test_handlers);
    functions_ = std::make_unique<lambda::FunctionRegistry>(handlers_, *dynamodb_);
    mappings_ = std::make_unique<lambda::MappingStore>(db_);
    dispatcher_ = std::make_unique<lambda::Dispatcher>(*mappings_, lambda::mapping_invoker(*functions_));
    stream_source_ = std::make_unique<streams::StreamEventSource>(db_);
    kinesis_source_ = std::make_unique<kinesis::KinesisEventSource>(db_);
    dispatcher_->add_source(stream_source_.get());
    dispatcher_->add_source(kinesis_source_.get());
    mappings_api_ = std::make_unique<lambda::EventSourceMappingsApi>(
        *mappings_, *dispatcher_,
        [this](const core::RequestContext&, const std::string& name) { return functions_->find(name) != nullptr; });
    apigateway_ = std::make_unique<apigateway::ApiGatewayService>(
        db_, std::make_unique<apigateway::RegistryLambdaBackend>(*functions_));
    state_ = std::make_unique<StackState>(db_);
    dir_ = std::filesystem::temp_directory_path() /
           ("streamstack-cfn-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~DeployTest() override { std::filesystem::remove_all(dir_); }

  Services services() {
    return Services{dynamodb_.get(), kinesis_.get(), functions_.get(), mappings_api_.get(), apigateway_.get()};
  }

  // Writes `document` as <dir>/Stack.template.json and deploys it as stack "Stack".
  DeployResult deploy(const json& document, std::map<std::string, std::string> parameters = {}) {
    write("Stack.template.json", document.dump(2));
    DeployOptions options;
    options.parameters = std::move(parameters);
    return deploy_template_file((dir_ / "Stack.template.json").string(), options, services(), *state_);
  }

  std::string deploy_error(const json& document) {
    try {
      deploy(document);
    } catch (const TemplateError& e) {
      return e.what();
    }
    return "no error";
  }

  void write(const std::string& relative, const std::string& text) {
    auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  std::string file() const { return (dir_ / "Stack.template.json").string(); }

  json dynamodb(const std::string& operation, json input, const std::string& region = "us-east-1") {
    core::RequestContext context;
    context.region = region;
    return dynamodb_->invoke(context, operation, input);
  }
  json kinesis(const std::string& operation, json input) {
    core::RequestContext context;
    return kinesis_->invoke(context, operation, input);
  }
  json apigateway(const std::string& method, const std::string& path, const std::string& body = "") {
    core::RestRequest request;
    request.method = method;
    auto q = path.find('?');
    request.raw_path = path.substr(0, q);
    if (q != std::string::npos) request.raw_query = path.substr(q + 1);
    request.body = body;
    request.headers = {{"Host", "localhost:4566"}};
    // As the router calls it: a Lambda integration answers when the function's result arrives.
    auto answered = std::make_shared<std::promise<core::RestResponse>>();
    apigateway_->handle_async(core::RequestContext{}, request,
                              [answered](core::RestResponse r) { answered->set_value(std::move(r)); });
    auto response = answered->get_future().get();
    auto parsed = json::parse(response.body, nullptr, false);
    return {{"status", response.status}, {"body", parsed.is_discarded() ? json(response.body) : parsed}};
  }
  // Invokes a function and answers its payload.
  json invoke(const std::string& function, const json& event) {
    return functions_->invoke(function, event).payload;
  }

  store::Database db_;
  std::unique_ptr<dynamodb::DynamoDbService> dynamodb_;
  std::unique_ptr<kinesis::KinesisService> kinesis_;
  handlers::HandlerRegistry handlers_;
  std::unique_ptr<lambda::FunctionRegistry> functions_;
  std::unique_ptr<lambda::MappingStore> mappings_;
  std::unique_ptr<streams::StreamEventSource> stream_source_;
  std::unique_ptr<kinesis::KinesisEventSource> kinesis_source_;
  std::unique_ptr<lambda::Dispatcher> dispatcher_;
  std::unique_ptr<lambda::EventSourceMappingsApi> mappings_api_;
  std::unique_ptr<apigateway::ApiGatewayService> apigateway_;
  std::unique_ptr<StackState> state_;
  std::filesystem::path dir_;
};

// The details of `result` reported for `logical_id`.
inline std::vector<std::string> reported(const DeployResult& result, const std::string& logical_id) {
  std::vector<std::string> out;
  for (const auto& n : result.not_emulated)
    if (n.logical_id == logical_id) out.push_back(n.detail);
  return out;
}

}  // namespace streamstack::cloudformation::testing
