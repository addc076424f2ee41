#pragma once
// The items of every table, in SQLite table `dynamodb_items`, one row per item keyed by
// (table id, encoded partition key, encoded sort key). The encodings (encode_key_value) sort
// bytewise in DynamoDB's key order, so a Query is one range scan of the primary key index and
// a page costs what it returns, however large the table.
//
// Invariant: every change to an item goes through ItemStore::write, inside the operation's
// `Database::write` transaction. That one function is where change capture (stream records)
// and the secondary indexes' entries (index_store.h) are kept, and where a write that changes
// nothing is recognised.
#include "dynamodb/attribute_value.h"
#include "dynamodb/catalog.h"
#include "store/database.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::streams {
struct UserIdentity;
}

namespace streamstack::dynamodb {

// A primary key in its stored form: encode_key_value of the hash and range key values; `sk`
// is empty when the table has no range key.
struct EncodedKey {
  std::string pk;
  std::string sk;
};

// What a write did to the stored item, as a stream record would name it.
enum class ItemChange {
  kNone,    // nothing changed: equal items, or a delete of a missing item
  kInsert,  // a new item
  kModify,  // an existing item replaced by a different one
  kRemove,  // an existing item deleted
};

// The write capacity one secondary index was charged for an item write: only an index whose
// entries the write changed (DynamoDB reports no part for an index a write leaves alone).
struct IndexWriteUnits {
  std::string index;
  bool global = true;
  double units = 0;
};

// What an item write did besides the item, for the operation's answer.
struct WriteEffects {
  std::vector<IndexWriteUnits> indexes;
  // Tables with a local secondary index: the size of the item's collection after the write.
  std::optional<std::int64_t> item_collection_bytes;
};

// One stored row as a range read yields it; the views last until the visitor returns.
struct ItemRow {
  std::string_view pk;
  std::string_view sk;
  std::string_view item;  // the item's JSON text
  std::int64_t size = 0;  // item_size() of the item
};
// Returns false to stop the read.
using ItemVisitor = std::function<bool(const ItemRow&)>;

// A bound on the sort key of one partition.
struct SortKeyBound {
  std::string sk;
  bool inclusive = true;
};

// The rows of one partition, in sort key order.
struct PartitionRange {
  std::int64_t table_id = 0;
  std::string pk;
  std::optional<SortKeyBound> lower;
  std::optional<SortKeyBound> upper;
  bool forward = true;      // ScanIndexForward
  std::int64_t limit = -1;  // rows at most; -1: no limit
};

// The rows of a whole table, in (pk, sk) order, after an exclusive start key.
struct TableRange {
  std::int64_t table_id = 0;
  std::optional<EncodedKey> exclusive_start;
  std::int64_t limit = -1;
};

class ItemStore {
 public:
  // Schema versions 150-159 are this store's (160-169: the index store's).
  static std::vector<store::Migration> migrations();

  // Removes every item of a table (DeleteTable), inside the caller's transaction.
  static void delete_all(store::Connection& c, std::int64_t table_id);
  // ItemCount and TableSizeBytes of a table, kept up to date by every write.
  static std::pair<std::int64_t, std::int64_t> count_and_size(store::Connection& c,
                                                              std::int64_t table_id);

  // The stored form of the key of `item_or_key` (which must hold the key attributes).
  static EncodedKey encode_key(const KeySchema& schema, const json& item_or_key);

  static std::optional<json> get(store::Connection& c, const TableInfo& table, const json& key);
  // The stored item as its JSON text (what get() would parse), for answers written as text.
  static std::optional<std::string> get_text(store::Connection& c, const TableInfo& table, const json& key);
  // An item and its size by its key in stored form (a local index's entry names its item so).
  struct Stored {
    std::string item;
    std::int64_t size = 0;
  };
  static std::optional<Stored> get_stored(store::Connection& c, std::int64_t table_id,
                                          const EncodedKey& key);

  // The one function through which every item write passes. `old_item` is the stored item
  // before the write (nullptr: none), `new_item` the item after it (nullptr: deleted); both
  // carry the same key. Returns what changed; kNone writes nothing. `identity` names who made
  // the change when it was not the caller (TTL deletes: streams::kTimeToLiveIdentity); the
  // stream and Kinesis destination records carry it. `effects`, when given, receives the index
  // write units and the item collection's size.
  static ItemChange write(store::Connection& c, const TableInfo& table, const json* old_item,
                          const json* new_item, const streams::UserIdentity* identity = nullptr,
                          WriteEffects* effects = nullptr);

  // Conveniences over write(): they read the stored item first.
  static ItemChange put(store::Connection& c, const TableInfo& table, const json& item);
  static ItemChange erase(store::Connection& c, const TableInfo& table, const json& key);

  // Range reads for Query and Scan.
  static void read_partition(store::Connection& c, const PartitionRange& range,
                             const ItemVisitor& visit);
  static void read_table(store::Connection& c, const TableRange& range, const ItemVisitor& visit);
};

}  // namespace streamstack::dynamodb
