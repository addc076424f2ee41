#pragma once
// The tables of one account and region: their key schema, indexes, stream and billing settings,
// and lifecycle. Kept in SQLite (table `dynamodb_tables`); the TableDescription AWS returns is
// derived from it.
#include "core/request_context.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb {

struct KeyElement {
  std::string name;
  std::string type;  // "S", "N" or "B"
};

struct KeySchema {
  KeyElement hash;
  std::optional<KeyElement> range;
};

struct TableInfo {
  std::int64_t id = 0;         // row id; items are stored under it
  std::string scope;           // account/region (RequestContext::scope())
  std::string name;
  std::string arn;
  KeySchema key;
  // The full TableDescription as DescribeTable returns it, minus the live fields
  // (ItemCount, TableSizeBytes and TableStatus are filled in when described).
  nlohmann::json description;
  std::string status;          // CREATING, ACTIVE, UPDATING, DELETING
  std::int64_t status_until_ms = 0;  // when a transient status ends (--table-delay-ms)
};

class Catalog {
 public:
  explicit Catalog(store::Database& db);

  // Looks a table up by name or ARN in the caller's scope; nullopt when absent.
  std::optional<TableInfo> find(const core::RequestContext& context, std::string_view name_or_arn);
  // Same, inside a write transaction (`c` is the writer), seeing the transaction's own changes.
  std::optional<TableInfo> find(store::Connection& c, const core::RequestContext& context,
                                std::string_view name_or_arn);
  // Same, throwing ResourceNotFoundException with `message` when absent.
  TableInfo require(const core::RequestContext& context, std::string_view name_or_arn,
                    const std::string& message = "Requested resource not found");

  // Inside a write transaction.
  TableInfo insert(store::Connection& c, TableInfo table);
  void update(store::Connection& c, const TableInfo& table);
  void erase(store::Connection& c, std::int64_t table_id);

  // Table names of the scope, in name order, starting after `exclusive_start`.
  std::vector<std::string> names(const core::RequestContext& context,
                                 const std::string& exclusive_start, std::size_t limit);

  static std::vector<store::Migration> migrations();

 private:
  store::Database& db_;
};

}  // namespace streamstack::dynamodb
