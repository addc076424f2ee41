// UpdateTable's checks before the table is looked up, in AWS's order and words (dynalite
// test/updateTable.js, dynoxide's captures, the ack-api-quirks catalogue of AWS's texts).
#include "dynamodb/errors.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/operations/update_table_steps.h"

#include <set>
#include <vector>

namespace streamstack::dynamodb::tables {
namespace {

// The members that make an UpdateTable request change something, as AWS lists them when none
// is present (members present in the request are left out of the list).
const std::vector<std::pair<std::string, std::string>> kChangeMembers = {
    {"ProvisionedThroughput", "ProvisionedThroughput"},
    {"BillingMode", "BillingMode"},
    {"UpdateStreamEnabled", "StreamSpecification"},
    {"GlobalSecondaryIndexUpdates", "GlobalSecondaryIndexUpdates"},
    {"SSESpecification", "SSESpecification"},
    {"ReplicaUpdates", "ReplicaUpdates"},
    {"MultiAccountReplicaReady", ""},
    {"ReplicaTransitRoleArn", ""},
    {"MultiRegionConsistency", "MultiRegionConsistency"},
    {"DeletionProtectionEnabled", "DeletionProtectionEnabled"},
    {"OnDemandThroughput", "OnDemandThroughput"},
    {"WarmThroughput", "WarmThroughput"},
    {"TableClass", "TableClass"},
};

bool changes_something(const json& input) {
  for (const auto& [listed, member] : kChangeMembers) {
    if (member.empty() || member == "MultiRegionConsistency" || !input.contains(member)) continue;
    if (member == "GlobalSecondaryIndexUpdates" && input[member].empty()) continue;
    return true;
  }
  return false;
}

core::ApiError nothing_to_change(const json& input) {
  std::vector<std::string> names;
  for (const auto& [listed, member] : kChangeMembers) {
    if (member.empty() || !input.contains(member)) names.push_back(listed);
  }
  std::string text = "At least one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += names[i];
  }
  return validation_error(text + " is required");
}

std::string index_name_of(const json& update) {
  for (const char* action : {"Update", "Create", "Delete"}) {
    if (update.contains(action)) return update[action].value("IndexName", "");
  }
  return "";
}

void check_index_update_shapes(const json& updates) {
  std::set<std::string> names;
  for (const auto& update : updates) {
    int actions = update.contains("Update") + update.contains("Create") + update.contains("Delete");
    if (actions == 0) {
      throw invalid_parameter(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (actions > 1) {
      throw invalid_parameter(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object");
    }
    std::string name = index_name_of(update);
    if (!names.insert(name).second) {
      throw invalid_parameter(
          "Only one global secondary index update per index is allowed simultaneously. Index: " +
          name);
    }
    if (update.contains("Update") && update["Update"].contains("ProvisionedThroughput")) {
      check_throughput_bounds(update["Update"]["ProvisionedThroughput"], " for index " + name);
    }
  }
}

// Changes AWS makes one at a time.
void check_combinations(const json& input) {
  bool throughput = input.contains("ProvisionedThroughput");
  bool stream = input.contains("StreamSpecification");
  bool indexes = input.contains("GlobalSecondaryIndexUpdates") &&
                 !input["GlobalSecondaryIndexUpdates"].empty();
  bool others = throughput || stream || indexes || input.contains("BillingMode");
  if (input.contains("TableClass") && others) {
    throw invalid_parameter("TableClass modification must be the only operation in the request");
  }
  if (throughput && stream) {
    throw invalid_parameter("You cannot modify stream status while updating table IOPS");
  }
  if (throughput && indexes) {
    throw invalid_parameter("You cannot create or delete index while updating table IOPS");
  }
  if (stream && indexes) {
    throw invalid_parameter("You cannot create or delete index while changing stream status");
  }
}

void check_stream_request(const json& input) {
  auto it = input.find("StreamSpecification");
  if (it == input.end()) return;
  bool enabled = it->value("StreamEnabled", false);
  bool has_view_type = it->contains("StreamViewType");
  if (enabled && !has_view_type) {
    throw invalid_parameter("If stream is being enabled then UpdateViewType is required");
  }
  if (!enabled && has_view_type) {
    throw invalid_parameter(
        "If stream is being disabled, then UpdateViewType must not be specified");
  }
}

}  // namespace

void check_update_request(const json& input) {
  bool has_throughput = input.contains("ProvisionedThroughput");
  if (input.value("BillingMode", "") == "PAY_PER_REQUEST" && has_throughput) {
    throw invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (has_throughput) check_throughput_bounds(input["ProvisionedThroughput"]);
  if (!changes_something(input)) throw nothing_to_change(input);
  if (input.contains("GlobalSecondaryIndexUpdates")) {
    check_index_update_shapes(input["GlobalSecondaryIndexUpdates"]);
  }
  check_combinations(input);
  check_stream_request(input);
}

}  // namespace streamstack::dynamodb::tables
