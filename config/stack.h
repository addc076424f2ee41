#pragma once
// The stack file: one JSON document describing what the seed's CDK code describes (tables,
// Kinesis streams, functions, event source mappings, REST APIs), loaded at start. Applying it
// twice is harmless: what exists already is left as it is.
#include "core/json_service.h"
#include "lambda/function.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace streamstack::lambda {
class FunctionRegistry;
class EventSourceMappingsApi;
}  // namespace streamstack::lambda
namespace streamstack::apigateway {
class ApiGatewayService;
}

namespace streamstack::config {

// A stack file that cannot be used: names the file, the JSON pointer and what was expected.
class StackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TableSpec {
  std::string name;
  std::string region;  // empty = the default region
  std::string partition_key_name;
  std::string partition_key_type;  // S | N | B
  std::optional<std::pair<std::string, std::string>> sort_key;
  std::string billing_mode = "PAY_PER_REQUEST";
  std::string stream_view_type;  // empty = no stream
  std::string kinesis_stream;    // its Kinesis streaming destination: a stream of this stack
};

struct KinesisStreamSpec {
  std::string name;
  std::string mode = "PROVISIONED";  // or ON_DEMAND
  int shard_count = 1;
  int retention_hours = 24;
};

// An event source mapping: `source` is "table:<name>" (the table's DynamoDB stream) or
// "kinesis:<name>" (a Kinesis stream of this stack), or an ARN. `settings` holds the rest of
// CreateEventSourceMapping's members, as Lambda names them (BatchSize, StartingPosition, ...).
struct EventSourceMappingSpec {
  std::string function;
  std::string source;
  nlohmann::json settings = nlohmann::json::object();
};

// CDK's LambdaRestApi: `/` and `/{proxy+}`, ANY, proxied to the function, deployed to `stage`.
struct RestApiSpec {
  std::string name;
  std::string id;  // fixed, so its URLs stay the same across restarts; empty = generated
  std::string function;
  std::string stage = "prod";
};

struct Stack {
  std::string file;
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::vector<KinesisStreamSpec> kinesis_streams;
  std::vector<TableSpec> tables;
  // Handler libraries ("code") are absolute paths here; policy resources are ARNs
  // ("table:<name>" resolved).
  std::vector<lambda::FunctionConfig> functions;
  std::vector<EventSourceMappingSpec> event_source_mappings;
  std::vector<RestApiSpec> rest_apis;
  // A CloudFormation template to deploy after the rest (absolute; relative to the stack file in
  // the file), with its parameters' values.
  std::string template_path;
  std::map<std::string, std::string> template_parameters;
  nlohmann::json document;  // the whole file, for sections other modules read
};

Stack load_stack(const std::string& path);
Stack parse_stack(const nlohmann::json& document, const std::string& file);

// Each section is skipped when its service is missing (unit tests wire only some).
struct Services {
  core::JsonService& dynamodb;
  core::JsonService* kinesis = nullptr;
  lambda::FunctionRegistry* functions = nullptr;
  lambda::EventSourceMappingsApi* event_source_mappings = nullptr;
  apigateway::ApiGatewayService* apigateway = nullptr;
};

struct DeployedRestApi {
  std::string name;
  std::string id;
  std::string stage;
};

struct Deployed {
  std::vector<DeployedRestApi> rest_apis;
};

// Creates what the stack describes and does not exist yet, in dependency order: Kinesis
// streams, tables (and their destinations), functions, event source mappings, REST APIs.
Deployed apply_stack(const Stack& stack, const Services& services);

}  // namespace streamstack::config
