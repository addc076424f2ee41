// Applying a stack: each resource is created only when it does not exist yet, so applying the
// same file again (a restart on the same data, a reset) is harmless. Everything goes through the
// services' own operations, as a deployment tool would call them.
#include "apigateway/service.h"
#include "config/stack.h"
#include "core/api_error.h"
#include "core/request_context.h"
#include "lambda/event_source_mappings_api.h"
#include "lambda/function_registry.h"

#include <spdlog/spdlog.h>

namespace streamstack::config {
namespace {

using nlohmann::json;

core::RequestContext context_in(const Stack& stack, const std::string& region) {
  core::RequestContext context;
  context.account_id = stack.account;
  context.region = region.empty() ? stack.region : region;
  context.request_id = "stack";
  return context;
}

std::string kinesis_arn(const Stack& stack, const std::string& name) {
  return "arn:aws:kinesis:" + stack.region + ":" + stack.account + ":stream/" + name;
}

// Calls `operation`; false when it failed with `code` (the resource is there already, or not).
bool invoke_unless(core::JsonService& service, const core::RequestContext& context, const char* operation,
                   json request, std::string_view code) {
  try {
    service.invoke(context, operation, request);
    return true;
  } catch (const core::ApiError& e) {
    if (e.code() != code) throw;
    return false;
  }
}

json create_table_request(const TableSpec& t) {
  json request = {{"TableName", t.name},
                  {"AttributeDefinitions", json::array({{{"AttributeName", t.partition_key_name},
                                                         {"AttributeType", t.partition_key_type}}})},
                  {"KeySchema", json::array({{{"AttributeName", t.partition_key_name}, {"KeyType", "HASH"}}})},
                  {"BillingMode", t.billing_mode}};
  if (t.sort_key) {
    request["AttributeDefinitions"].push_back({{"AttributeName", t.sort_key->first}, {"AttributeType", t.sort_key->second}});
    request["KeySchema"].push_back({{"AttributeName", t.sort_key->first}, {"KeyType", "RANGE"}});
  }
  if (t.billing_mode == "PROVISIONED")
    request["ProvisionedThroughput"] = {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 5}};
  if (!t.stream_view_type.empty())
    request["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", t.stream_view_type}};
  return request;
}

// Handler libraries are loaded here, at start, so a library that cannot be used stops the
// emulator with the stack file's location of its "code".
void apply_functions(const Stack& stack, lambda::FunctionRegistry& registry) {
  for (std::size_t i = 0; i < stack.functions.size(); ++i) {
    const auto& f = stack.functions[i];
    const auto at = stack.file + ": at /functions/" + std::to_string(i);
    if (!f.code_path.empty()) {
      try {
        registry.handlers().load_library(f.code_path);
      } catch (const handlers::HandlerLibraryError& e) {
        throw StackError(at + "/code: expected a usable handler library: " + e.what());
      }
    }
    if (!registry.handlers().find(f.handler)) {
      std::string known;
      for (const auto& name : registry.handlers().names()) known += (known.empty() ? "" : ", ") + name;
      throw StackError(at + "/handler: expected the name of a registered handler (" + known + "), got \"" +
                       f.handler + "\"");
    }
    registry.create_function(f);
  }
}


void apply_kinesis_streams(const Stack& stack, core::JsonService& kinesis) {
  auto context = context_in(stack, "");
  for (const auto& k : stack.kinesis_streams) {
    json request = {{"StreamName", k.name}, {"StreamModeDetails", {{"StreamMode", k.mode}}}};
    if (k.mode == "PROVISIONED") request["ShardCount"] = k.shard_count;
    if (!invoke_unless(kinesis, context, "CreateStream", request, "ResourceInUseException")) continue;
    if (k.retention_hours > 24) {
      json retention = {{"StreamName", k.name}, {"RetentionPeriodHours", k.retention_hours}};
      kinesis.invoke(context, "IncreaseStreamRetentionPeriod", retention);
    }
    spdlog::info("stack: created Kinesis stream {}", k.name);
  }
}

void apply_tables(const Stack& stack, core::JsonService& dynamodb) {
  for (std::size_t i = 0; i < stack.tables.size(); ++i) {
    const auto& table = stack.tables[i];
    auto context = context_in(stack, table.region);
    // DynamoDB's own refusal (a name too short, say), with the place in the stack file.
    try {
      json describe = {{"TableName", table.name}};
      if (invoke_unless(dynamodb, context, "DescribeTable", describe, "ResourceNotFoundException")) continue;
      json create = create_table_request(table);
      dynamodb.invoke(context, "CreateTable", create);
      spdlog::info("stack: created table {} in {}", table.name, context.region);
      if (!table.kinesis_stream.empty()) {
        json enable = {{"TableName", table.name}, {"StreamArn", kinesis_arn(stack, table.kinesis_stream)}};
        dynamodb.invoke(context, "EnableKinesisStreamingDestination", enable);
      }
    } catch (const core::ApiError& e) {
      throw StackError(stack.file + ": at /tables/" + std::to_string(i) + ": expected a table DynamoDB accepts: " +
                       e.code() + ": " + e.message());
    }
  }
}

std::string source_arn(const Stack& stack, const EventSourceMappingSpec& m, core::JsonService& dynamodb) {
  constexpr std::string_view kTable = "table:", kKinesis = "kinesis:";
  if (m.source.rfind(kKinesis, 0) == 0) return kinesis_arn(stack, m.source.substr(kKinesis.size()));
  if (m.source.rfind(kTable, 0) != 0) return m.source;
  auto context = context_in(stack, "");
  json describe = {{"TableName", m.source.substr(kTable.size())}};
  auto table = dynamodb.invoke(context, "DescribeTable", describe)["Table"];
  if (!table.contains("LatestStreamArn"))
    throw StackError(stack.file + ": event source \"" + m.source + "\" names a table without a stream");
  return table["LatestStreamArn"];
}

void apply_mappings(const Stack& stack, core::JsonService& dynamodb, lambda::EventSourceMappingsApi& api) {
  auto context = context_in(stack, "");
  for (const auto& m : stack.event_source_mappings) {
    auto arn = source_arn(stack, m, dynamodb);
    if (!api.list(context, arn, m.function, "", 1)["EventSourceMappings"].empty()) continue;
    json request = m.settings;
    request["FunctionName"] = m.function;
    request["EventSourceArn"] = arn;
    if (!request.contains("StartingPosition")) request["StartingPosition"] = "LATEST";
    try {
      api.create(context, request);
    } catch (const core::ApiError& e) {
      throw StackError(stack.file + ": event source mapping " + m.source + " -> " + m.function + ": " +
                       e.message());
    }
    spdlog::info("stack: mapped {} to {}", m.source, m.function);
  }
}

std::vector<DeployedRestApi> apply_rest_apis(const Stack& stack, lambda::FunctionRegistry& functions,
                                             apigateway::ApiGatewayService& apigateway) {
  std::vector<DeployedRestApi> deployed;
  for (const auto& a : stack.rest_apis) {
    auto function = functions.get(a.function);
    apigateway::LambdaRestApiSpec spec{.name = a.name,
                                       .id = a.id,
                                       .function_arn = function->arn,
                                       .stage = a.stage,
                                       .account_id = stack.account,
                                       .region = stack.region};
    deployed.push_back({a.name, apigateway.deploy_lambda_rest_api(spec), a.stage});
  }
  return deployed;
}

}  // namespace

Deployed apply_stack(const Stack& stack, const Services& services) {
  Deployed deployed;
  if (services.kinesis) apply_kinesis_streams(stack, *services.kinesis);
  apply_tables(stack, services.dynamodb);
  if (!services.functions) return deployed;
  apply_functions(stack, *services.functions);
  if (services.event_source_mappings) apply_mappings(stack, services.dynamodb, *services.event_source_mappings);
  if (services.apigateway) deployed.rest_apis = apply_rest_apis(stack, *services.functions, *services.apigateway);
  return deployed;
}

}  // namespace streamstack::config
