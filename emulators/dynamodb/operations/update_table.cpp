// UpdateTable: BillingMode, ProvisionedThroughput, StreamSpecification, DeletionProtectionEnabled,
// TableClass and GlobalSecondaryIndexUpdates. AWS answers with the table UPDATING and, while it
// is, the former throughput; here the change is in place by the next call unless
// --table-delay-ms holds it. A global index it adds is backfilled by the index builder: the
// first chunk of items here, so that the index of a small table is built at once, the rest in
// the background (CREATING, Backfilling) without the caller waiting.
#include "core/clock.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_builder.h"
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

// The answer shows a new index CREATING, its backfill not yet started (DynamoDB Local's
// answer).
void mark_created(json& description, const std::vector<std::string>& created) {
  if (created.empty() || !description.contains("GlobalSecondaryIndexes")) return;
  for (auto& index : description["GlobalSecondaryIndexes"]) {
    const auto& name = index["IndexName"].get_ref<const std::string&>();
    if (std::find(created.begin(), created.end(), name) == created.end()) continue;
    index["IndexStatus"] = "CREATING";
    index["Backfilling"] = false;
    index["WarmThroughput"]["Status"] = "CREATING";
  }
}

std::vector<tables::IndexInFlight> indexes_in_flight(const TableInfo& table, std::int64_t now_ms) {
  std::vector<tables::IndexInFlight> in_flight;
  for (const SecondaryIndex& index : table.indexes) {
    if (index.global && (index.deleting || !index.active(now_ms))) {
      in_flight.push_back({index.name, index.deleting});
    }
  }
  return in_flight;
}

std::int64_t index_id(const TableInfo& table, const std::string& name) {
  for (const SecondaryIndex& index : table.indexes) {
    if (index.name == name && !index.deleting) return index.id;
  }
  return 0;
}

// The rows of the indexes created and deleted, then the first chunk of each new index's
// backfill. Returns the table as it now stands.
TableInfo record_index_changes(Env& env, store::Connection& c, const TableInfo& before,
                               const TableInfo& table, const tables::IndexChanges& changes,
                               std::int64_t now_ms) {
  std::int64_t ready_at_ms = tables::status_until(env, now_ms);
  for (const std::string& name : changes.deleted) {
    env.catalog.set_index_deleting(c, index_id(before, name), ready_at_ms);
  }
  std::vector<std::int64_t> created;
  for (const std::string& name : changes.created) {
    created.push_back(env.catalog.add_index(c, table.id, name, ready_at_ms));
  }
  std::optional<TableInfo> now = env.catalog.find_by_id(c, table.id);
  for (std::int64_t id : created) IndexBuilder::backfill_chunk(c, env.catalog, *now, id);
  return created.empty() ? *now : *env.catalog.find_by_id(c, table.id);
}

}  // namespace

json update_table(Env& env, const core::RequestContext& context, json& input) {
  validate_request("UpdateTable", input, TableNameRule::kTable);
  tables::check_update_request(input);
  std::string name = input["TableName"].get<std::string>();
  tables::IndexChanges changes;
  json response = env.db.write([&](store::Connection& c) -> json {
    TableInfo table = tables::require_table(env, c, context, name);
    check_status(table);
    const TableInfo unchanged = table;
    std::int64_t now_ms = core::Clock::now_millis();
    json before = table.description;
    json& d = table.description;
    tables::apply_billing_and_throughput(d, input, now_ms);
    tables::apply_stream(d, input, now_ms);
    table_streams::apply_change(c, before, table, now_ms);
    changes = tables::apply_index_updates(d, input, table.arn, indexes_in_flight(table, now_ms),
                                          env.options.table_delay_ms > 0, now_ms);
    if (input.contains("DeletionProtectionEnabled")) {
      d["DeletionProtectionEnabled"] = input["DeletionProtectionEnabled"];
    }
    apply_table_class(d, input, now_ms);
    table.status_until_ms = tables::status_until(env, now_ms);
    table.status = table.status_until_ms > 0 ? "UPDATING" : "ACTIVE";
    env.catalog.update(c, table);
    if (!changes.empty()) table = record_index_changes(env, c, unchanged, table, changes, now_ms);
    auto [count, size] = ItemStore::count_and_size(c, table.id);
    json out = live_description(table.description, "UPDATING", count, size);
    describe_indexes(c, table, out);
    json answer = update_response(before, std::move(out));
    mark_created(answer["TableDescription"], changes.created);
    return answer;
  });
  if (!changes.empty() && env.index_builder != nullptr) env.index_builder->wake();
  return response;
}

}  // namespace streamstack::dynamodb
