#pragma once
// Everything the server serves, wired together: the store, the services, the stream dispatcher
// and the router. Construction order is dependency order; destruction is its reverse, so the
// dispatcher and the function pool stop before the services they call go away.
#include "core/credentials.h"
#include "options.h"
#include "router.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace streamstack::store {
class Database;
}
namespace streamstack::dynamodb {
class DynamoDbService;
}
namespace streamstack::streams {
class StreamsService;
class StreamEventSource;
}  // namespace streamstack::streams
namespace streamstack::kinesis {
class KinesisService;
class KinesisEventSource;
}  // namespace streamstack::kinesis
namespace streamstack::logs {
class LogsService;
class LambdaLogSink;
}  // namespace streamstack::logs
namespace streamstack::apigateway {
class ApiGatewayService;
}
namespace streamstack::cloudformation {
class StackState;
struct DeployResult;
}  // namespace streamstack::cloudformation
namespace streamstack::handlers {
class HandlerRegistry;
}
namespace streamstack::lambda {
class FunctionRegistry;
class MappingStore;
class Dispatcher;
class EventSourceMappingsApi;
namespace api {
class LambdaService;
}
}  // namespace streamstack::lambda

namespace streamstack::server {

// What applying the stack deployed that a user wants to see, as `cdk deploy` prints Outputs.
struct StackOutput {
  std::string name;
  std::string value;
};

class App {
 public:
  explicit App(const Options& options);
  ~App();

  Router& router() { return router_; }
  // What --auth verify checks signatures against: the static pairs, and whatever a service
  // adds while running (a function's own credentials).
  core::CredentialStore& credentials() { return credentials_; }
  // Applies the stack file named by --config and deploys the template of --template (or the
  // stack file's), if any, and starts the dispatcher.
  void apply_config();
  // The stack's outputs (REST API endpoints; a template's Outputs as `cdk deploy` names them,
  // "<Stack>.<Key>"), with `base_url` as http://host:port.
  std::vector<StackOutput> outputs(const std::string& base_url) const;
  // The ids of the templates' stacks, as `cdk deploy` prints them after the Outputs.
  std::vector<std::string> stack_arns() const;
  // POST /_streamstack/reset: every resource and record is dropped, then the stack is applied
  // again, as on a fresh start.
  void reset();
  // SIGTERM: the dispatcher finishes the batches it is running and stops; from then on no
  // function's result is handed on (the sessions waiting for one are going with the io_context).
  void stop();

 private:
  void apply_stack();
  void deploy_template(const std::string& path, const std::map<std::string, std::string>& parameters);

  Options options_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<kinesis::KinesisService> kinesis_;
  std::unique_ptr<dynamodb::DynamoDbService> dynamodb_;
  std::unique_ptr<streams::StreamsService> streams_;
  std::unique_ptr<logs::LogsService> logs_;
  std::shared_ptr<logs::LambdaLogSink> log_sink_;
  std::unique_ptr<handlers::HandlerRegistry> handlers_;
  std::unique_ptr<lambda::FunctionRegistry> functions_;
  std::unique_ptr<lambda::MappingStore> mappings_;
  std::unique_ptr<streams::StreamEventSource> stream_source_;
  std::unique_ptr<kinesis::KinesisEventSource> kinesis_source_;
  std::unique_ptr<lambda::Dispatcher> dispatcher_;
  std::uint64_t dispatcher_listener_ = 0;
  std::unique_ptr<lambda::EventSourceMappingsApi> mappings_api_;
  std::unique_ptr<lambda::api::LambdaService> lambda_;
  std::unique_ptr<apigateway::ApiGatewayService> apigateway_;
  std::vector<StackOutput> rest_api_paths_;  // name -> path of the stage root
  core::CredentialStore credentials_;
  std::unique_ptr<cloudformation::StackState> stack_state_;
  std::vector<cloudformation::DeployResult> templates_;
  Router router_;
};

}  // namespace streamstack::server
