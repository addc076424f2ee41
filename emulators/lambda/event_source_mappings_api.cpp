#include "lambda/event_source_mappings_api.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/url.h"
#include "lambda/event_filter.h"

#include <algorithm>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

// A member that must be an integer within [min, max]; Lambda's ValidationException otherwise.
void read_int(const json& input, const char* member, const char* wire_name, int min, int max, int& target) {
  if (!input.contains(member) || input[member].is_null()) return;
  const auto& v = input[member];
  if (!v.is_number_integer()) throw lambda_validation(std::string("1 validation error detected: Value '") + v.dump() + "' at '" + wire_name + "' failed to satisfy constraint: Member must be an integer");
  auto value = v.get<long long>();
  if (value < min)
    throw lambda_validation("1 validation error detected: Value '" + std::to_string(value) + "' at '" + wire_name +
                            "' failed to satisfy constraint: Member must have value greater than or equal to " + std::to_string(min));
  if (value > max)
    throw lambda_validation("1 validation error detected: Value '" + std::to_string(value) + "' at '" + wire_name +
                            "' failed to satisfy constraint: Member must have value less than or equal to " + std::to_string(max));
  target = static_cast<int>(value);
}

void read_bool(const json& input, const char* member, bool& target) {
  if (input.contains(member) && input[member].is_boolean()) target = input[member].get<bool>();
}

// The settings Create and Update share.
void apply_settings(const json& input, EventSourceMapping& m) {
  read_int(input, "BatchSize", "batchSize", 1, 10000, m.batch_size);
  read_int(input, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300, m.maximum_batching_window_in_seconds);
  read_int(input, "ParallelizationFactor", "parallelizationFactor", 1, 10, m.parallelization_factor);
  read_int(input, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10000, m.maximum_retry_attempts);
  read_int(input, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604800, m.maximum_record_age_in_seconds);
  read_int(input, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900, m.tumbling_window_in_seconds);
  // AWS documents 60 s as the smallest record age other than -1 (unlimited).
  if (m.maximum_record_age_in_seconds >= 0 && m.maximum_record_age_in_seconds < 60)
    throw invalid_parameter_value("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
  read_bool(input, "BisectBatchOnFunctionError", m.bisect_batch_on_function_error);
  read_bool(input, "Enabled", m.enabled);
  if (input.contains("FunctionResponseTypes") && input["FunctionResponseTypes"].is_array()) {
    m.report_batch_item_failures = false;
    for (const auto& t : input["FunctionResponseTypes"]) {
      if (t != "ReportBatchItemFailures")
        throw lambda_validation("1 validation error detected: Value '[" + (t.is_string() ? t.get<std::string>() : t.dump()) +
                                "]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: "
                                "[Member must satisfy enum value set: [ReportBatchItemFailures]]");
      m.report_batch_item_failures = true;
    }
  }
  if (input.contains("FilterCriteria") && !input["FilterCriteria"].is_null()) {
    EventFilter::parse(input["FilterCriteria"]);  // refuses bad patterns
    const auto& filters = input["FilterCriteria"].value("Filters", json::array());
    // {"Filters":[]} is accepted and the mapping then shows no FilterCriteria (AWS).
    m.filter_criteria = filters.empty() ? json() : input["FilterCriteria"];
  }
  if (input.contains("DestinationConfig") && input["DestinationConfig"].is_object())
    m.destination_config = input["DestinationConfig"];
}

}  // namespace

core::ApiError invalid_parameter_value(std::string message) {
  return core::ApiError(400, "", "InvalidParameterValueException", std::move(message), json{{"Type", "User"}});
}

core::ApiError lambda_resource_not_found(std::string message) {
  return core::ApiError(404, "", "ResourceNotFoundException", std::move(message), json{{"Type", "User"}})
      .with_message_key("Message");
}

core::ApiError resource_conflict(std::string message) {
  return core::ApiError(409, "", "ResourceConflictException", std::move(message), json{{"Type", "User"}});
}

core::ApiError lambda_validation(std::string message) {
  return core::ApiError(400, "", "ValidationException", std::move(message));
}

std::string function_name_of(const std::string& name_or_arn) {
  std::string name = name_or_arn;
  auto marker = name.find(":function:");
  if (name.rfind("arn:", 0) == 0 && marker != std::string::npos) name = name.substr(marker + 10);
  auto colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(0, colon);
}

EventSourceMappingsApi::EventSourceMappingsApi(MappingStore& store, Dispatcher& dispatcher,
                                               FunctionExists function_exists)
    : store_(store), dispatcher_(dispatcher), function_exists_(std::move(function_exists)) {}

core::RestResponse EventSourceMappingsApi::handle(const core::RequestContext& context,
                                                  const core::RestRequest& request, std::string_view rest) {
  json input = json::object();
  if (!request.body.empty()) {
    input = json::parse(request.body, nullptr, false);
    if (input.is_discarded() || !input.is_object())
      throw invalid_parameter_value("Could not parse request body into json: Unexpected character");
  }
  if (rest.empty() || rest == "/") {
    if (request.method == "POST") return core::json_response(202, create(context, input));
    if (request.method == "GET") {
      auto max_items = core::query_parameter(request.raw_query, "MaxItems");
      int max = 100;
      if (!max_items.empty()) {
        try {
          max = std::stoi(max_items);
        } catch (const std::exception&) {
          max = 0;
        }
        if (max < 1 || max > 10000)
          throw lambda_validation("1 validation error detected: Value '" + max_items +
                                  "' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
      }
      return core::json_response(200, list(context, core::query_parameter(request.raw_query, "EventSourceArn"),
                                     core::query_parameter(request.raw_query, "FunctionName"),
                                     core::query_parameter(request.raw_query, "Marker"), max));
    }
  } else {
    auto uuid = core::percent_decode(rest.substr(1));
    if (request.method == "GET") return core::json_response(200, get(uuid));
    if (request.method == "PUT") return core::json_response(202, update(uuid, input));
    if (request.method == "DELETE") return core::json_response(202, remove(uuid));
  }
  throw core::ApiError(404, "", "UnknownOperationException", "Unknown operation");
}

json EventSourceMappingsApi::create(const core::RequestContext& context, const json& input) {
  EventSourceMapping m;
  if (!input.contains("FunctionName") || !input["FunctionName"].is_string())
    throw lambda_validation("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
  if (!input.contains("EventSourceArn") || !input["EventSourceArn"].is_string())
    throw invalid_parameter_value("Unrecognized event source.");
  m.event_source_arn = input["EventSourceArn"];
  m.function_name = function_name_of(input["FunctionName"]);
  if (!input.contains("StartingPosition") || input["StartingPosition"].is_null())
    throw invalid_parameter_value("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  m.starting_position = input["StartingPosition"].is_string() ? input["StartingPosition"].get<std::string>() : input["StartingPosition"].dump();
  if (m.starting_position != "LATEST" && m.starting_position != "TRIM_HORIZON" && m.starting_position != "AT_TIMESTAMP")
    throw lambda_validation("1 validation error detected: Value '" + m.starting_position +
                            "' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: "
                            "[LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
  apply_settings(input, m);

  auto* source = dispatcher_.source_for(m.event_source_arn);
  if (source == nullptr) throw invalid_parameter_value("Unrecognized event source.");
  if (m.starting_position == "AT_TIMESTAMP") {
    if (!m.is_kinesis()) throw invalid_parameter_value("Unsupported starting position for arn type: " + m.event_source_arn);
    if (!input.contains("StartingPositionTimestamp") || !input["StartingPositionTimestamp"].is_number())
      throw invalid_parameter_value("StartingPositionTimestamp must be provided with AT_TIMESTAMP starting position.");
    m.starting_position_timestamp = input["StartingPositionTimestamp"].get<double>();
  }
  if (!function_exists_(context, m.function_name)) throw invalid_parameter_value("Function does not exist");
  if (!source->exists(m.event_source_arn)) throw invalid_parameter_value("Stream not found: " + m.event_source_arn);

  m.scope = context.scope();
  m.region = context.region;
  m.account = context.account_id;
  for (const auto& other : store_.all()) {
    if (other.event_source_arn == m.event_source_arn && other.function_name == m.function_name && other.scope == m.scope)
      throw resource_conflict("The event source arn (\" " + m.event_source_arn + " \") and function (\" " + m.function_name +
                              " \") provided mapping already exists. Please update or delete the existing mapping with UUID " +
                              other.uuid);
  }
  m.uuid = core::new_uuid();
  m.state = m.enabled ? "Enabled" : "Disabled";
  m.last_modified = core::Clock::now_epoch_seconds();
  store_.insert(m);
  // The starting position is fixed now, not when the dispatcher first looks: LATEST means the
  // records written after this call.
  for (const auto& shard : source->shards(m.event_source_arn))
    store_.set_checkpoint(m.uuid, shard.shard_id, dispatcher_.starting_checkpoint(m, *source, shard.shard_id));
  dispatcher_.mappings_changed();
  return m.to_json("Creating");
}

EventSourceMapping EventSourceMappingsApi::require(const std::string& uuid) {
  auto m = store_.find(uuid);
  if (!m) throw lambda_resource_not_found();
  return *m;
}

json EventSourceMappingsApi::get(const std::string& uuid) { return require(uuid).to_json(); }

json EventSourceMappingsApi::list(const core::RequestContext& context, const std::string& event_source_arn,
                                  const std::string& function_name, const std::string& marker, int max_items) {
  auto name = function_name_of(function_name);
  std::vector<EventSourceMapping> matching;
  for (auto& m : store_.all()) {
    if (m.scope != context.scope()) continue;
    if (!event_source_arn.empty() && m.event_source_arn != event_source_arn) continue;
    if (!name.empty() && m.function_name != name) continue;
    matching.push_back(std::move(m));
  }
  std::size_t start = 0;
  if (!marker.empty()) {
    auto it = std::find_if(matching.begin(), matching.end(), [&](const auto& m) { return m.uuid == marker; });
    start = it == matching.end() ? matching.size() : static_cast<std::size_t>(it - matching.begin());
  }
  // At most 100 per page whatever MaxItems says (AWS).
  auto page = static_cast<std::size_t>(std::min(max_items, 100));
  json out = {{"EventSourceMappings", json::array()}};
  for (std::size_t i = start; i < matching.size() && i < start + page; ++i)
    out["EventSourceMappings"].push_back(matching[i].to_json());
  if (start + page < matching.size()) out["NextMarker"] = matching[start + page].uuid;
  return out;
}

json EventSourceMappingsApi::update(const std::string& uuid, const json& input) {
  auto m = require(uuid);
  if (input.contains("FunctionName") && input["FunctionName"].is_string()) {
    auto name = function_name_of(input["FunctionName"]);
    core::RequestContext context;
    context.region = m.region;
    context.account_id = m.account;
    if (!function_exists_(context, name)) throw invalid_parameter_value("Function does not exist");
    m.function_name = name;
  }
  bool was_enabled = m.enabled;
  apply_settings(input, m);
  m.state = m.enabled ? "Enabled" : "Disabled";
  m.last_modified = core::Clock::now_epoch_seconds();
  store_.update(m);
  dispatcher_.mappings_changed();
  std::string shown = was_enabled && !m.enabled ? "Disabling" : !was_enabled && m.enabled ? "Enabling" : "Updating";
  return m.to_json(shown);
}

json EventSourceMappingsApi::remove(const std::string& uuid) {
  auto m = require(uuid);
  store_.erase(uuid);
  dispatcher_.mappings_changed();
  return m.to_json("Deleting");
}

}  // namespace streamstack::lambda
