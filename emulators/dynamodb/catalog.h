#pragma once
// The tables of one account and region: their key schema, indexes, stream and billing settings,
// and lifecycle. Kept in SQLite (table `dynamodb_tables`); the TableDescription AWS returns is
// derived from it.
#include "core/request_context.h"
#include "dynamodb/secondary_index.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <string>
#include <vector>

namespace streamstack::dynamodb {

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
  // The indexes of the description, global then local, with their ids and build state (a
  // global index being deleted is here only while --table-delay-ms shows it DELETING).
  std::vector<SecondaryIndex> indexes;

  // The index named `name`, nullptr when the table has none.
  const SecondaryIndex* index(std::string_view name) const;
  bool has_local_indexes() const;
  // The table's key attribute names, hash first.
  std::vector<std::string> key_names() const;
};

// A table as the catalog holds it; shared, so a request does not copy its description.
using TableRef = std::shared_ptr<const TableInfo>;

class Catalog {
 public:
  explicit Catalog(store::Database& db);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Looks a table up by name or ARN in the caller's scope; nullopt when absent.
  std::optional<TableInfo> find(const core::RequestContext& context, std::string_view name_or_arn);
  // The same without a copy (item operations, on every request); nullptr when absent.
  TableRef find_shared(const core::RequestContext& context, std::string_view name_or_arn);
  // Same, inside a write transaction (`c` is the writer), seeing the transaction's own changes.
  std::optional<TableInfo> find(store::Connection& c, const core::RequestContext& context,
                                std::string_view name_or_arn);
  // Same, throwing ResourceNotFoundException with `message` when absent.
  TableInfo require(const core::RequestContext& context, std::string_view name_or_arn,
                    const std::string& message = "Requested resource not found");

  // Inside a write transaction. insert() also stores the description's indexes (built: they
  // are created with the table); erase() takes the table's items' index entries along.
  TableInfo insert(store::Connection& c, TableInfo table);
  void update(store::Connection& c, const TableInfo& table);
  void erase(store::Connection& c, std::int64_t table_id);
  // A table by its row id, inside a write transaction (the index builder's).
  std::optional<TableInfo> find_by_id(store::Connection& c, std::int64_t table_id);

  // Secondary index rows (catalog_indexes.cpp), inside a write transaction.
  // A global index UpdateTable adds: unbuilt, ACTIVE no earlier than `ready_at_ms`.
  std::int64_t add_index(store::Connection& c, std::int64_t table_id, const std::string& name,
                         std::int64_t ready_at_ms);
  // An index UpdateTable deletes: no longer written or read; its entries go in the background.
  void set_index_deleting(store::Connection& c, std::int64_t index_id, std::int64_t ready_at_ms);
  void set_index_backfilled(store::Connection& c, std::int64_t index_id);
  void drop_index(store::Connection& c, std::int64_t index_id);

  // An index whose backfill or deletion is not done.
  struct IndexBuild {
    std::int64_t index_id = 0;
    std::int64_t table_id = 0;
    std::string name;
    bool deleting = false;
    std::int64_t ready_at_ms = 0;
  };
  static std::vector<IndexBuild> pending_builds(store::Connection& c);
  // The table key (stored form) an index's backfill reached; nullopt before the first item.
  static std::optional<std::pair<std::string, std::string>> backfill_cursor(store::Connection& c,
                                                                           std::int64_t index_id);
  static void save_backfill_cursor(store::Connection& c, std::int64_t index_id,
                                   const std::string& pk, const std::string& sk);
  // Fills `table.indexes` from its description and its rows of dynamodb_indexes (every read of
  // a table row does).
  static void attach_indexes(store::Connection& c, TableInfo& table);

  // Table names of the scope, in name order, starting after `exclusive_start`.
  std::vector<std::string> names(const core::RequestContext& context,
                                 const std::string& exclusive_start, std::size_t limit);

  static std::vector<store::Migration> migrations();

  // After the store was emptied behind the catalog's back (reset).
  void forget_cached();

 private:
  // Every request looks its table up; parsing the stored description each time was a third of
  // a GetItem's instructions. Settled tables (ACTIVE, no transition pending) are cached.
  //
  // Invariant: a cached entry is valid only while `generation_` equals its own. Every catalog
  // write bumps it (and sets `changing_`, so nothing is cached while the change is uncommitted),
  // and the commit that follows bumps it again; an entry read before or during a change is
  // therefore never served after it.
  struct Cached {
    std::uint64_t generation;
    TableRef table;
  };
  void changed();
  void committed();

  store::Database& db_;
  std::uint64_t commit_listener_ = 0;
  std::atomic<std::uint64_t> generation_{1};
  std::atomic<bool> changing_{false};
  std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;  // scope '\n' name
};

}  // namespace streamstack::dynamodb
