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

// The three changes share their steps: validate, find the table and the stream (both must
// exist), let `change` act on the table's destinations, answer in `status`. `configuration` is
// the request member echoed back when present.
template <typename Change>
json change_destination(Env& env, const core::RequestContext& context, json& input, const char* operation,
                        const char* configuration, const char* status, Change change) {
  validate_request(operation, input, TableNameRule::kTable);
  return env.db.write([&](store::Connection& c) {
    auto table = require_for_destination(env, c, context, input);
    auto arn = input["StreamArn"].get<std::string>();
    require_stream(c, context, arn);
    change(c, table, arn);
    auto out = answer(input, status);
    if (configuration != nullptr && input.contains(configuration)) out[configuration] = input[configuration];
    return out;
  });
}

// The table's ACTIVE destination `arn`, or a ValidationException with `refusal`.
kd::Destination require_active(store::Connection& c, const TableInfo& table, const std::string& arn,
                               const char* refusal) {
  auto existing = kd::find(c, table.id, arn);
  if (!existing || existing->status != "ACTIVE") throw validation_error(refusal);
  return *existing;
}

}  // namespace

json enable_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  constexpr const char* kConfiguration = "EnableKinesisStreamingConfiguration";
  return change_destination(env, context, input, "EnableKinesisStreamingDestination", kConfiguration, "ENABLING",
                            [&](store::Connection& c, const TableInfo& table, const std::string& arn) {
    for (const auto& d : kd::list(c, table.id))
      if (d.status == "ACTIVE")
        throw validation_error(
            "Table is not in a valid state to enable Kinesis Streaming Destination:"
            "EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.");
    kd::save(c, table.id, kd::Destination{arn, "ACTIVE", precision_of(input, kConfiguration)});
  });
}

json disable_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  return change_destination(env, context, input, "DisableKinesisStreamingDestination", nullptr, "DISABLING",
                            [&](store::Connection& c, const TableInfo& table, const std::string& arn) {
    auto existing = require_active(c, table, arn,
                                   "Table is not in a valid state to disable Kinesis Streaming Destination:"
                                   "DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation.");
    existing.status = "DISABLED";
    kd::save(c, table.id, existing);
  });
}

json update_kinesis_streaming_destination(Env& env, const core::RequestContext& context, json& input) {
  constexpr const char* kConfiguration = "UpdateKinesisStreamingConfiguration";
  return change_destination(env, context, input, "UpdateKinesisStreamingDestination", kConfiguration, "UPDATING",
                            [&](store::Connection& c, const TableInfo& table, const std::string& arn) {
    auto existing = require_active(c, table, arn,
                                   "Table is not in a valid state to update Kinesis Streaming Destination: "
                                   "the destination must be ACTIVE to perform UPDATE operation.");
    auto precision = precision_of(input, kConfiguration);
    if (precision == existing.precision)
      throw validation_error("Invalid Request: Precision is already set to the desired value of " + precision +
                             " for this Kinesis data stream destination.");
    existing.precision = precision;
    kd::save(c, table.id, existing);
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
