// UpdateTable: BillingMode, ProvisionedThroughput, StreamSpecification, DeletionProtectionEnabled,
// TableClass and GlobalSecondaryIndexUpdates (in the description; building an index's items
// belongs to the item store). AWS answers with the table UPDATING and, while it is, the former
// throughput; here the change is in place by the next call unless --table-delay-ms holds it.
#include "core/clock.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/operations/update_table_steps.h"
#include "dynamodb/service.h"
#include "dynamodb/table_description.h"
#include "dynamodb/table_streams.h"
#include "dynamodb/validation.h"

#include <algorithm>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

// Only an ACTIVE table takes changes (AWS's UpdateTable reference).
void check_status(const TableInfo& table) {
  if (table.status == "ACTIVE") return;
  std::string doing = table.status == "CREATING"   ? "created"
                      : table.status == "DELETING" ? "deleted"
                                                   : "updated";
  throw resource_in_use("Attempt to change a resource which is still in use: Table is being " +
                        doing + ": " + table.name);
}

void apply_table_class(json& description, const json& input, std::int64_t now_ms) {
  if (!input.contains("TableClass")) return;
  description["TableClassSummary"] = {{"TableClass", input["TableClass"]},
                                      {"LastUpdateDateTime", epoch_seconds(now_ms)}};
}

// The answer shows the throughput the table had until the change completes, with the new
// change times (dynalite test/updateTable.js).
json update_response(const json& before, json description) {
  if (description.contains("ProvisionedThroughput") && before.contains("ProvisionedThroughput")) {
    auto& now = description["ProvisionedThroughput"];
    const auto& old = before["ProvisionedThroughput"];
    now["ReadCapacityUnits"] = old["ReadCapacityUnits"];
    now["WriteCapacityUnits"] = old["WriteCapacityUnits"];
    now["NumberOfDecreasesToday"] = old["NumberOfDecreasesToday"];
  }
  return {{"TableDescription", std::move(description)}};
}

void mark_created(json& description, const std::vector<std::string>& created) {
  if (created.empty() || !description.contains("GlobalSecondaryIndexes")) return;
  for (auto& index : description["GlobalSecondaryIndexes"]) {
    const auto& name = index["IndexName"].get_ref<const std::string&>();
    if (std::find(created.begin(), created.end(), name) == created.end()) continue;
    index["IndexStatus"] = "CREATING";
    index["WarmThroughput"]["Status"] = "CREATING";
  }
}

}  // namespace

json update_table(Env& env, const core::RequestContext& context, json& input) {
  validate_request("UpdateTable", input, TableNameRule::kTable);
  tables::check_update_request(input);
  std::string name = input["TableName"].get<std::string>();
  return env.db.write([&](store::Connection& c) -> json {
    TableInfo table = tables::require_table(env, c, context, name);
    check_status(table);
    std::int64_t now_ms = core::Clock::now_millis();
    json before = table.description;
    json& d = table.description;
    tables::apply_billing_and_throughput(d, input, now_ms);
    tables::apply_stream(d, input, now_ms);
    table_streams::apply_change(c, before, table, now_ms);
    auto created = tables::apply_index_updates(d, input, table.arn, now_ms);
    if (input.contains("DeletionProtectionEnabled")) {
      d["DeletionProtectionEnabled"] = input["DeletionProtectionEnabled"];
    }
    apply_table_class(d, input, now_ms);
    table.status_until_ms = tables::status_until(env, now_ms);
    table.status = table.status_until_ms > 0 ? "UPDATING" : "ACTIVE";
    env.catalog.update(c, table);
    auto [count, size] = ItemStore::count_and_size(c, table.id);
    json response = update_response(before, live_description(d, "UPDATING", count, size));
    mark_created(response["TableDescription"], created);
    return response;
  });
}

}  // namespace streamstack::dynamodb
