// DeleteTable. AWS answers with the table DELETING; here it is gone by the next call unless
// --table-delay-ms holds the status (the catalog removes it, with its items, once it is over).
#include "core/clock.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/service.h"
#include "dynamodb/table_description.h"
#include "dynamodb/table_streams.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

// A table in a transient status cannot be deleted yet (dynalite actions/deleteTable.js).
void check_status(const TableInfo& table) {
  const char* doing = table.status == "CREATING"   ? "created"
                      : table.status == "UPDATING" ? "updated"
                      : table.status == "DELETING" ? "deleted"
                                                   : nullptr;
  if (doing != nullptr) {
    throw resource_in_use("Attempt to change a resource which is still in use: Table is being " +
                          std::string(doing) + ": " + table.name);
  }
}

}  // namespace

nlohmann::json delete_table(Env& env, const core::RequestContext& context, nlohmann::json& input) {
  validate_request("DeleteTable", input, TableNameRule::kTable);
  std::string name = input["TableName"].get<std::string>();
  return env.db.write([&](store::Connection& c) -> nlohmann::json {
    TableInfo table = tables::require_table(env, c, context, name);
    check_status(table);
    if (table.description.value("DeletionProtectionEnabled", false)) {
      throw validation_error(
          "Resource cannot be deleted as it is currently protected against deletion. Disable "
          "deletion protection first.");
    }
    auto [count, size] = ItemStore::count_and_size(c, table.id);
    nlohmann::json description = live_description(table.description, "DELETING", count, size);
    // AWS's answer is reduced: it leaves the global indexes out.
    description.erase("GlobalSecondaryIndexes");
    table_streams::close_enabled(c, table, core::Clock::now_millis());
    table.status_until_ms = tables::status_until(env, core::Clock::now_millis());
    if (table.status_until_ms > 0) {
      table.status = "DELETING";
      env.catalog.update(c, table);
    } else {
      ItemStore::delete_all(c, table.id);
      env.catalog.erase(c, table.id);
    }
    return {{"TableDescription", std::move(description)}};
  });
}

}  // namespace streamstack::dynamodb
