#pragma once
// The entries of every secondary index, in SQLite table `dynamodb_index_entries`, one row per
// item an index holds: (index id, index partition key, index sort key, table partition key,
// table sort key) -> the item as the index projects it and its size. Items with equal index keys
// follow the table's key order (DynamoDB orders such ties by the table's key), and a Query of
// an index is one range scan of the primary key, whatever the table's size.
//
// Invariant: entries change only with their item, inside ItemStore::write (apply_write), or by
// an index's backfill and deletion (index_builder.h); an index row of dynamodb_indexes outlives
// its entries, so an index id is never reused while entries of it remain.
//
// Tables with a local secondary index also keep each item collection's size (the items of one
// partition key and their local index entries) in `dynamodb_item_collections`, for DynamoDB's
// 10 GB limit and ReturnItemCollectionMetrics.
#include "dynamodb/catalog.h"
#include "dynamodb/item_store.h"
#include "store/database.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::dynamodb {

// One entry as a range read yields it; the views last until the visitor returns.
struct IndexRow {
  std::string_view pk;
  std::string_view sk;
  std::string_view base_pk;
  std::string_view base_sk;
  std::string_view item;  // the projected item's JSON text
  std::int64_t size = 0;  // item_size() of the projected item
};
// Returns false to stop the read.
using IndexVisitor = std::function<bool(const IndexRow&)>;

// Where an entry sits in an index: a read resumes after one (ExclusiveStartKey).
struct IndexPosition {
  std::string pk;
  std::string sk;
  std::string base_pk;
  std::string base_sk;
};

// The entries of one index partition, in index sort key order, then table key order.
struct IndexPartitionRange {
  std::int64_t index_id = 0;
  std::string pk;
  std::optional<SortKeyBound> lower;  // bounds on the index sort key
  std::optional<SortKeyBound> upper;
  std::optional<IndexPosition> exclusive_start;  // same partition
  bool forward = true;
  std::int64_t limit = -1;
};

// Every entry of one index, in stored order, after an exclusive start.
struct IndexScanRange {
  std::int64_t index_id = 0;
  std::optional<IndexPosition> exclusive_start;
  std::int64_t limit = -1;
};

class IndexStore {
 public:
  // Schema versions 160-169.
  static std::vector<store::Migration> migrations();

  // Brings every index of `table` in line with a write of the item stored at `key` (either
  // item may be nullptr), inside the write's transaction; fills `effects` (when given) with the
  // write units each index was charged and the item collection's size. Throws
  // ItemCollectionSizeLimitExceededException when the write grows an item collection past its
  // limit.
  static void apply_write(store::Connection& c, const TableInfo& table, const EncodedKey& key,
                          const json* old_item, const json* new_item, WriteEffects* effects);
  // An item of the table in one index (its backfill), replacing any entry of that item.
  static void add_entry(store::Connection& c, const TableInfo& table, const SecondaryIndex& index,
                        const EncodedKey& key, const json& item);
  // Deletes up to `limit` entries of an index; returns how many it deleted.
  static std::int64_t delete_entries(store::Connection& c, std::int64_t index_id,
                                     std::int64_t limit);
  // Every entry and item collection of a table (DeleteTable).
  static void delete_table(store::Connection& c, std::int64_t table_id);

  // ItemCount and IndexSizeBytes of an index.
  static std::pair<std::int64_t, std::int64_t> count_and_size(store::Connection& c,
                                                              std::int64_t index_id);
  // The size of the item collection of partition `pk` (stored form) of a table with a local
  // index.
  static std::int64_t item_collection_size(store::Connection& c, std::int64_t table_id,
                                           std::string_view pk);
  // The largest an item collection may grow (10 GB; STREAMSTACK_DYNAMODB_ITEM_COLLECTION_LIMIT
  // lowers it for tests).
  static std::int64_t item_collection_limit();

  static void read_partition(store::Connection& c, const IndexPartitionRange& range,
                             const IndexVisitor& visit);
  static void read_index(store::Connection& c, const IndexScanRange& range,
                         const IndexVisitor& visit);
};

}  // namespace streamstack::dynamodb
