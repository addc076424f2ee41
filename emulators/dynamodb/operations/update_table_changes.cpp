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

json* find_index(json& d, const std::string& name) {
  if (!d.contains("GlobalSecondaryIndexes")) return nullptr;
  for (auto& index : d["GlobalSecondaryIndexes"]) {
    if (index["IndexName"] == name) return &index;
  }
  return nullptr;
}

bool index_exists(const json& d, const std::string& name) {
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& index : d.value(list, json::array())) {
      if (index["IndexName"] == name) return true;
    }
  }
  return false;
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

void delete_index(json& d, const json& update) {
  std::string name = update["IndexName"].get<std::string>();
  if (find_index(d, name) == nullptr) {
    throw validation_error("Cannot delete an index that is not a GlobalSecondaryIndex: " + name);
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
    for (const auto& existing : d["AttributeDefinitions"]) {
      known |= existing["AttributeName"] == definition["AttributeName"];
    }
    if (!known) {
      d["AttributeDefinitions"].push_back(
          copy_list(json::array({definition}), {"AttributeName", "AttributeType"})[0]);
    }
  }
  d["GlobalSecondaryIndexes"].push_back(index_description(create, table_arn, true));
}

// AttributeDefinitions hold exactly the key attributes of the table and its indexes.
void prune_definitions(json& d) {
  std::set<std::string> used;
  auto use = [&](const json& key_schema) {
    for (const auto& e : key_schema) used.insert(e["AttributeName"].get<std::string>());
  };
  use(d["KeySchema"]);
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& index : d.value(list, json::array())) use(index["KeySchema"]);
  }
  auto& defs = d["AttributeDefinitions"];
  defs.erase(std::remove_if(defs.begin(), defs.end(),
                            [&](const json& def) {
                              return used.count(def["AttributeName"].get<std::string>()) == 0;
                            }),
             defs.end());
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

std::vector<std::string> apply_index_updates(json& d, const json& input,
                                             const std::string& table_arn, std::int64_t now_ms) {
  std::vector<std::string> created;
  if (!input.contains("GlobalSecondaryIndexUpdates")) return created;
  if (!d.contains("GlobalSecondaryIndexes")) d["GlobalSecondaryIndexes"] = json::array();
  for (const auto& update : input["GlobalSecondaryIndexUpdates"]) {
    if (update.contains("Update")) update_index(d, update["Update"], now_ms);
    if (update.contains("Delete")) delete_index(d, update["Delete"]);
    if (update.contains("Create")) {
      create_index(d, update["Create"], input, table_arn);
      created.push_back(update["Create"]["IndexName"].get<std::string>());
    }
  }
  if (d["GlobalSecondaryIndexes"].empty()) d.erase("GlobalSecondaryIndexes");
  prune_definitions(d);
  return created;
}

}  // namespace streamstack::dynamodb::tables
