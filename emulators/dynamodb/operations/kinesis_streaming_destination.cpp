// EnableKinesisStreamingDestination, DisableKinesisStreamingDestination,
// DescribeKinesisStreamingDestination and UpdateKinesisStreamingDestination. AWS answers the
// transition (ENABLING, DISABLING, UPDATING) and settles it in the background; here it is
// settled by the next call. Error texts as LocalStack records them from AWS.
#include "dynamodb/errors.h"
#include "dynamodb/kinesis_destination.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"
#include "kinesis/kinesis_store.h"

namespace streamstack::dynamodb {
namespace {

using nlohmann::json;
namespace kd = kinesis_destination;

constexpr const char* kDefaultPrecision = "MICROSECOND";

TableInfo require_for_destination(Env& env, store::Connection& c, const core::RequestContext& context,
                                  const json& input) {
  auto table = env.catalog.find(c, context, input["TableName"].get<std::string>());
  if (!table) throw resource_not_found("Cannot do operations on a non-existent table");
  return *table;
}

// The destination must be a stream of the caller's account and region that exists.
void require_stream(store::Connection& c, const core::RequestContext& context, const std::string& arn) {
  auto location = kinesis::locate_stream(arn);
  if (!location || location->scope != context.scope() || !kinesis::stream_shards(c, location->scope, location->name))
    throw validation_error("User does not have a permission to use kinesis stream");
}

std::string precision_of(const json& input, const char* configuration) {
  auto it = input.find(configuration);
  if (it == input.end() || !it->is_object()) return kDefaultPrecision;
  return it->value("ApproximateCreationDateTimePrecision", kDefaultPrecision);
}

json answer(const json& input, const char* status) {
  return {{"TableName", input["TableName"]}, {"StreamArn", input["StreamArn"]}, {"DestinationStatus", status}};
}

}  // namespace

json enable_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  validate_request("EnableKinesisStreamingDestination", input, TableNameRule::kTable);
  return env.db.write([&](store::Connection& c) {
    auto table = require_for_destination(env, c, context, input);
    auto arn = input["StreamArn"].get<std::string>();
    require_stream(c, context, arn);
    for (const auto& d : kd::list(c, table.id))
      if (d.status == "ACTIVE")
        throw validation_error(
            "Table is not in a valid state to enable Kinesis Streaming Destination:"
            "EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.");
    kd::save(c, table.id, kd::Destination{arn, "ACTIVE", precision_of(input, "EnableKinesisStreamingConfiguration")});
    auto out = answer(input, "ENABLING");
    if (input.contains("EnableKinesisStreamingConfiguration"))
      out["EnableKinesisStreamingConfiguration"] = input["EnableKinesisStreamingConfiguration"];
    return out;
  });
}

json disable_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  validate_request("DisableKinesisStreamingDestination", input, TableNameRule::kTable);
  return env.db.write([&](store::Connection& c) {
    auto table = require_for_destination(env, c, context, input);
    auto arn = input["StreamArn"].get<std::string>();
    require_stream(c, context, arn);
    auto existing = kd::find(c, table.id, arn);
    if (!existing || existing->status != "ACTIVE")
      throw validation_error(
          "Table is not in a valid state to disable Kinesis Streaming Destination:"
          "DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation.");
    existing->status = "DISABLED";
    kd::save(c, table.id, *existing);
    return answer(input, "DISABLING");
  });
}

json update_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  validate_request("UpdateKinesisStreamingDestination", input, TableNameRule::kTable);
  return env.db.write([&](store::Connection& c) {
    auto table = require_for_destination(env, c, context, input);
    auto arn = input["StreamArn"].get<std::string>();
    require_stream(c, context, arn);
    auto existing = kd::find(c, table.id, arn);
    if (!existing || existing->status != "ACTIVE")
      throw validation_error("Table is not in a valid state to update Kinesis Streaming Destination: "
                             "the destination must be ACTIVE to perform UPDATE operation.");
    auto precision = precision_of(input, "UpdateKinesisStreamingConfiguration");
    if (precision == existing->precision)
      throw validation_error("Invalid Request: Precision is already set to the desired value of " + precision +
                             " for this Kinesis data stream destination.");
    existing->precision = precision;
    kd::save(c, table.id, *existing);
    auto out = answer(input, "UPDATING");
    if (input.contains("UpdateKinesisStreamingConfiguration"))
      out["UpdateKinesisStreamingConfiguration"] = input["UpdateKinesisStreamingConfiguration"];
    return out;
  });
}

json describe_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  validate_request("DescribeKinesisStreamingDestination", input, TableNameRule::kTable);
  return env.db.read([&](store::Connection& c) {
    auto table = require_for_destination(env, c, context, input);
    json destinations = json::array();
    for (const auto& d : kd::list(c, table.id))
      destinations.push_back({{"StreamArn", d.stream_arn},
                              {"DestinationStatus", d.status},
                              {"ApproximateCreationDateTimePrecision", d.precision}});
    return json{{"TableName", table.name}, {"KinesisDataStreamDestinations", std::move(destinations)}};
  });
}

}  // namespace streamstack::dynamodb
