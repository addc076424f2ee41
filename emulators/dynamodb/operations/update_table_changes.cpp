// UpdateTable's changes to a table's stored description (see update_table_steps.h). Texts from
// dynalite test/updateTable.js, dynoxide's captures and the ack-api-quirks catalogue of AWS's
// messages.
#include "dynamodb/errors.h"
#include "dynamodb/operations/key_schema_rules.h"
#include "dynamodb/operations/update_table_steps.h"
#include "dynamodb/table_description.h"

#include <algorithm>
#include <set>

namespace streamstack::dynamodb::tables {
namespace {

constexpr const char* kPayPerRequest = "PAY_PER_REQUEST";

std::int64_t units(const json& throughput, const char* member) {
  return throughput.value(member, std::int64_t{0});
}

core::ApiError throughput_unchanged(const json& current, const json& requested) {
  auto number = [](std::int64_t n) { return std::to_string(n); };
  return validation_error(
      "The provisioned throughput for the table will not change. The requested value equals the "
      "current value. Current ReadCapacityUnits provisioned for the table: " +
      number(units(current, "ReadCapacityUnits")) +
      ". Requested ReadCapacityUnits: " + number(units(requested, "ReadCapacityUnits")) +
      ". Current WriteCapacityUnits provisioned for the table: " +
      number(units(current, "WriteCapacityUnits")) +
      ". Requested WriteCapacityUnits: " + number(units(requested, "WriteCapacityUnits")) +
      ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
      "higher limits.");
}

// New capacity, with the time of the last increase or decrease as AWS keeps them.
void set_throughput(json& current, const json& requested, std::int64_t now_ms) {
  std::int64_t read = units(requested, "ReadCapacityUnits");
  std::int64_t write = units(requested, "WriteCapacityUnits");
  std::int64_t old_read = units(current, "ReadCapacityUnits");
  std::int64_t old_write = units(current, "WriteCapacityUnits");
  if (read > old_read || write > old_write) current["LastIncreaseDateTime"] = epoch_seconds(now_ms);
  if (read < old_read || write < old_write) {
    current["LastDecreaseDateTime"] = epoch_seconds(now_ms);
    current["NumberOfDecreasesToday"] = current.value("NumberOfDecreasesToday", 0) + 1;
  }
  current["ReadCapacityUnits"] = read;
  current["WriteCapacityUnits"] = write;
}

void switch_billing_mode(json& d, const std::string& mode, const json* throughput,
                         std::int64_t now_ms) {
  if (mode == kPayPerRequest) {
    d["BillingModeSummary"] = {{"BillingMode", kPayPerRequest},
                               {"LastUpdateToPayPerRequestDateTime", epoch_seconds(now_ms)}};
    d["ProvisionedThroughput"] = throughput_description(0, 0);
    if (d.contains("GlobalSecondaryIndexes")) {
      for (auto& index : d["GlobalSecondaryIndexes"]) {
        index["ProvisionedThroughput"] = throughput_description(0, 0);
      }
    }
    return;
  }
  // Back to provisioned capacity: the summary keeps when the table last went on-demand.
  d["BillingModeSummary"]["BillingMode"] = "PROVISIONED";
  if (throughput != nullptr && d.contains("GlobalSecondaryIndexes")) {
    for (auto& index : d["GlobalSecondaryIndexes"]) {
      index["ProvisionedThroughput"] = throughput_description(
          units(*throughput, "ReadCapacityUnits"), units(*throughput, "WriteCapacityUnits"));
    }
  }
}

bool is_deleting(const json& index) { return index.value("IndexStatus", "") == "DELETING"; }

// A global index of the description, not one being deleted.
json* find_index(json& d, const std::string& name) {
  if (!d.contains("GlobalSecondaryIndexes")) return nullptr;
  for (auto& index : d["GlobalSecondaryIndexes"]) {
    if (index["IndexName"] == name && !is_deleting(index)) return &index;
  }
  return nullptr;
}

bool index_exists(const json& d, const std::string& name, const char* list) {
  for (const auto& index : d.value(list, json::array())) {
    if (index["IndexName"] == name) return true;
  }
  return false;
}

bool index_exists(const json& d, const std::string& name) {
  return index_exists(d, name, "GlobalSecondaryIndexes") ||
         index_exists(d, name, "LocalSecondaryIndexes");
}

std::string index_name_of(const json& update) {
  for (const char* action : {"Create", "Update", "Delete"}) {
    if (update.contains(action)) return update[action].value("IndexName", "");
  }
  return "";
}

// An update naming an index still being created or deleted (DynamoDB Local's words, which are
// the service's), then more than one online index change at a time for the table.
void check_in_flight(const json& updates, const std::vector<IndexInFlight>& in_flight) {
  std::size_t changes = in_flight.size();
  for (const auto& update : updates) {
    std::string name = index_name_of(update);
    for (const IndexInFlight& index : in_flight) {
      if (index.name != name) continue;
      if (index.deleting) {
        throw resource_in_use("Attempt to change a resource which is still in use: Index is "
                              "being deleted.");
      }
      if (!update.contains("Update")) {
        throw resource_in_use("Attempt to change a resource which is still in use: Index is "
                              "being created.");
      }
    }
    changes += update.contains("Create") + update.contains("Delete");
  }
  if (changes > 1) {
    throw limit_exceeded(
        "Subscriber limit exceeded: Only 1 online index can be created or deleted "
        "simultaneously per table");
  }
}

// An attribute the request defines again must keep its type (DynamoDB Local's words).
void check_redefinitions(const json& d, const json& input) {
  for (const auto& definition : input.value("AttributeDefinitions", json::array())) {
    for (const auto& existing : d.value("AttributeDefinitions", json::array())) {
      if (existing["AttributeName"] == definition["AttributeName"] &&
          existing["AttributeType"] != definition["AttributeType"]) {
        throw validation_error(
            "invalid attribute, SchemaElement redefined should be of same type as previously "
            "defined");
      }
    }
  }
}

void update_index(json& d, const json& update, std::int64_t now_ms) {
  std::string name = update["IndexName"].get<std::string>();
  json* index = find_index(d, name);
  if (index == nullptr) {
    throw validation_error("Cannot update an index that is not a GlobalSecondaryIndex: " + name);
  }
  if (!update.contains("ProvisionedThroughput")) return;
  if (billing_mode(d) == kPayPerRequest) {
    throw invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: " + name +
        " when BillingMode is PAY_PER_REQUEST");
  }
  set_throughput((*index)["ProvisionedThroughput"], update["ProvisionedThroughput"], now_ms);
}

// A missing index is not found, a local one cannot go this way (DynamoDB Local's
// UpdateTableFunction, and dynalite for the local index's words).
void delete_index(json& d, const json& update, bool hold_deleting) {
  std::string name = update["IndexName"].get<std::string>();
  json* index = find_index(d, name);
  if (index == nullptr) {
    if (index_exists(d, name, "LocalSecondaryIndexes")) {
      throw validation_error("Cannot delete an index that is not a GlobalSecondaryIndex: " +
                             name);
    }
    throw resource_not_found();
  }
  if (hold_deleting) {
    (*index)["IndexStatus"] = "DELETING";
    (*index).erase("Backfilling");
    return;
  }
  auto& list = d["GlobalSecondaryIndexes"];
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const json& index) { return index["IndexName"] == name; }),
             list.end());
}

void create_index(json& d, const json& create, const json& input, const std::string& table_arn) {
  std::string name = create["IndexName"].get<std::string>();
  if (index_exists(d, name))
    throw validation_error("Attempting to create an index which already exists");
  if (!input.contains("AttributeDefinitions")) {
    throw invalid_parameter("AttributeDefinitions is not specified for index: " + name);
  }
  bool on_demand = billing_mode(d) == kPayPerRequest;
  bool has_throughput = create.contains("ProvisionedThroughput");
  if (on_demand && has_throughput) {
    throw invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: " + name +
        " when BillingMode is PAY_PER_REQUEST");
  }
  if (!on_demand && !has_throughput) {
    throw invalid_parameter("ProvisionedThroughput must be specified for index: " + name);
  }
  std::set<std::string> names;
  check_global_secondary_indexes(json::array({create}), input["AttributeDefinitions"],
                                 billing_mode(d), names);
  // The request's definitions add the new key attributes; existing ones keep their type.
  for (const auto& definition : input["AttributeDefinitions"]) {
    bool known = false;
    for (const auto& existing : d.value("AttributeDefinitions", json::array())) {
      known |= existing["AttributeName"] == definition["AttributeName"];
    }
    if (!known) {
      d["AttributeDefinitions"].push_back(
          copy_list(json::array({definition}), {"AttributeName", "AttributeType"})[0]);
    }
  }
  d["GlobalSecondaryIndexes"].push_back(index_description(create, table_arn, true));
}

}  // namespace

void apply_billing_and_throughput(json& d, const json& input, std::int64_t now_ms) {
  std::string current = billing_mode(d);
  std::string requested = input.value("BillingMode", current);
  const json* throughput =
      input.contains("ProvisionedThroughput") ? &input["ProvisionedThroughput"] : nullptr;
  if (current == kPayPerRequest && !input.contains("BillingMode") && throughput != nullptr) {
    throw invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (requested == "PROVISIONED" && current == kPayPerRequest && throughput == nullptr) {
    throw invalid_parameter(
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (throughput != nullptr) {
    json& table_throughput = d["ProvisionedThroughput"];
    if (requested == current &&
        units(*throughput, "ReadCapacityUnits") == units(table_throughput, "ReadCapacityUnits") &&
        units(*throughput, "WriteCapacityUnits") == units(table_throughput, "WriteCapacityUnits")) {
      throw throughput_unchanged(table_throughput, *throughput);
    }
  }
  if (requested != current) switch_billing_mode(d, requested, throughput, now_ms);
  if (throughput != nullptr) set_throughput(d["ProvisionedThroughput"], *throughput, now_ms);
}

void apply_stream(json& d, const json& input, std::int64_t now_ms) {
  auto it = input.find("StreamSpecification");
  if (it == input.end()) return;
  bool enable = it->value("StreamEnabled", false);
  bool enabled =
      d.contains("StreamSpecification") && d["StreamSpecification"].value("StreamEnabled", false);
  std::string name = d["TableName"].get<std::string>();
  if (enable && enabled) {
    throw validation_error("Table already has an enabled stream: TableName: " + name);
  }
  if (!enable && !enabled) {
    throw validation_error("Table has no stream to disable: TableName: " + name);
  }
  if (!enable) {
    d["StreamSpecification"] = {{"StreamEnabled", false}};
    return;
  }
  std::string label = stream_label(now_ms);
  d["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", (*it)["StreamViewType"]}};
  d["LatestStreamLabel"] = label;
  d["LatestStreamArn"] = d["TableArn"].get<std::string>() + "/stream/" + label;
}

IndexChanges apply_index_updates(json& d, const json& input, const std::string& table_arn,
                                 const std::vector<IndexInFlight>& in_flight, bool hold_deleting,
                                 std::int64_t now_ms) {
  IndexChanges changes;
  if (!input.contains("GlobalSecondaryIndexUpdates")) return changes;
  const json& updates = input["GlobalSecondaryIndexUpdates"];
  check_in_flight(updates, in_flight);
  const json before = d;
  if (!d.contains("GlobalSecondaryIndexes")) d["GlobalSecondaryIndexes"] = json::array();
  for (const auto& update : updates) {
    if (update.contains("Update")) update_index(d, update["Update"], now_ms);
    if (update.contains("Delete")) {
      delete_index(d, update["Delete"], hold_deleting);
      changes.deleted.push_back(update["Delete"]["IndexName"].get<std::string>());
    }
    if (update.contains("Create")) {
      create_index(d, update["Create"], input, table_arn);
      changes.created.push_back(update["Create"]["IndexName"].get<std::string>());
    }
  }
  if (!changes.created.empty()) check_redefinitions(before, input);
  if (d["GlobalSecondaryIndexes"].empty()) d.erase("GlobalSecondaryIndexes");
  prune_attribute_definitions(d);
  return changes;
}

}  // namespace streamstack::dynamodb::tables
