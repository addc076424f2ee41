#include "dynamodb/index_store.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

#include <algorithm>
#include <cstdlib>

namespace streamstack::dynamodb {
namespace {

constexpr std::int64_t kItemCollectionLimit = 10LL * 1024 * 1024 * 1024;
// What DynamoDB adds to each local index entry when it sizes an item collection (its Developer
// Guide, "Item collection size limit").
constexpr std::int64_t kLocalEntryOverhead = 100;

struct Entry {
  std::string pk;
  std::string sk;
  json item;
  std::int64_t size = 0;
};

// The entry `item` makes in `index`; nullopt when the item is not in the index (an index key
// attribute missing, of another type, or empty: a sparse index).
std::optional<Entry> entry_of(const SecondaryIndex& index, const std::vector<std::string>& keys,
                              const json* item) {
  if (item == nullptr) return std::nullopt;
  std::optional<std::string> pk = encode_index_key(index.hash, *item);
  if (!pk) return std::nullopt;
  std::optional<std::string> sk = encode_index_key(index.range, *item);
  if (!sk) return std::nullopt;
  Entry entry{std::move(*pk), std::move(*sk), project_item(index, keys, *item), 0};
  entry.size = static_cast<std::int64_t>(item_size(entry.item));
  return entry;
}

double write_units(std::int64_t bytes) {
  return static_cast<double>(std::max<std::int64_t>(1, (bytes + 1023) / 1024));
}

void put_row(store::Connection& c, std::int64_t index_id, const Entry& entry,
             const EncodedKey& key) {
  c.prepare(
       "INSERT OR REPLACE INTO dynamodb_index_entries "
       "(index_id, pk, sk, base_pk, base_sk, item, size) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, index_id)
      .bind_blob(2, entry.pk)
      .bind_blob(3, entry.sk)
      .bind_blob(4, key.pk)
      .bind_blob(5, key.sk)
      .bind_text(6, entry.item.dump())
      .bind(7, entry.size)
      .run();
}

void delete_row(store::Connection& c, std::int64_t index_id, const Entry& entry,
                const EncodedKey& key) {
  c.prepare(
       "DELETE FROM dynamodb_index_entries WHERE index_id = ? AND pk = ? AND sk = ? AND "
       "base_pk = ? AND base_sk = ?")
      .bind(1, index_id)
      .bind_blob(2, entry.pk)
      .bind_blob(3, entry.sk)
      .bind_blob(4, key.pk)
      .bind_blob(5, key.sk)
      .run();
}

// The charge DynamoDB makes an index for a change of its entries: a new or removed entry its
// own size, an entry changed in place the larger of the two, an entry that moves to another key
// both halves rounded apart (dynoxide's captures against AWS, 2026-08).
double units_for(const std::optional<Entry>& before, const std::optional<Entry>& after,
                 bool moved) {
  if (!before) return write_units(after->size);
  if (!after) return write_units(before->size);
  if (moved) return write_units(before->size) + write_units(after->size);
  return write_units(std::max(before->size, after->size));
}

std::int64_t collection_bytes(const std::optional<Entry>& entry) {
  return entry ? entry->size + kLocalEntryOverhead : 0;
}

// Adds `delta` to a collection's size and returns the new size.
std::int64_t grow_collection(store::Connection& c, std::int64_t table_id, std::string_view pk,
                             std::int64_t delta) {
  auto& st = c.prepare(
      "INSERT INTO dynamodb_item_collections (table_id, pk, size) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(table_id, pk) DO UPDATE SET size = size + ?3 RETURNING size");
  st.bind(1, table_id).bind_blob(2, pk).bind(3, delta);
  std::int64_t size = 0;
  {
    store::ResetOnExit reset{st};
    if (st.step()) size = st.column_int(0);
  }
  if (size <= 0) {
    c.prepare("DELETE FROM dynamodb_item_collections WHERE table_id = ? AND pk = ?")
        .bind(1, table_id)
        .bind_blob(2, pk)
        .run();
  }
  return size;
}

void visit_rows(store::Statement& st, const IndexVisitor& visit) {
  store::ResetOnExit reset{st};
  while (st.step()) {
    IndexRow row{st.column_blob_view(0), st.column_blob_view(1), st.column_blob_view(2),
                 st.column_blob_view(3), st.column_text_view(4), st.column_int(5)};
    if (!visit(row)) break;
  }
}

}  // namespace

std::vector<store::Migration> IndexStore::migrations() {
  return {
      {160, "dynamodb_indexes and dynamodb_index_entries",
       // One row per secondary index; a global index added by UpdateTable records how far its
       // backfill got (the last table key it reached), and one being deleted keeps its row
       // until its entries are gone.
       "CREATE TABLE dynamodb_indexes ("
       " id INTEGER PRIMARY KEY,"
       " table_id INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " backfilled INTEGER NOT NULL,"
       " cursor_pk BLOB,"
       " cursor_sk BLOB,"
       " ready_at_ms INTEGER NOT NULL DEFAULT 0,"
       " deleting INTEGER NOT NULL DEFAULT 0);"
       "CREATE INDEX dynamodb_indexes_by_table ON dynamodb_indexes (table_id);"
       "CREATE TABLE dynamodb_index_entries ("
       " index_id INTEGER NOT NULL,"
       " pk BLOB NOT NULL,"
       " sk BLOB NOT NULL,"
       " base_pk BLOB NOT NULL,"
       " base_sk BLOB NOT NULL,"
       " item TEXT NOT NULL,"
       " size INTEGER NOT NULL,"
       " PRIMARY KEY (index_id, pk, sk, base_pk, base_sk)) WITHOUT ROWID;"
       "CREATE TABLE dynamodb_item_collections ("
       " table_id INTEGER NOT NULL,"
       " pk BLOB NOT NULL,"
       " size INTEGER NOT NULL,"
       " PRIMARY KEY (table_id, pk)) WITHOUT ROWID;"
       // Tables of an older data file had their indexes described but not stored: each gets
       // its row unbuilt, and the index builder fills it from the table's items.
       "INSERT INTO dynamodb_indexes (table_id, name, backfilled)"
       " SELECT t.id, json_extract(i.value, '$.IndexName'), 0"
       " FROM dynamodb_tables t, json_each(t.description, '$.GlobalSecondaryIndexes') i;"
       "INSERT INTO dynamodb_indexes (table_id, name, backfilled)"
       " SELECT t.id, json_extract(i.value, '$.IndexName'), 0"
       " FROM dynamodb_tables t, json_each(t.description, '$.LocalSecondaryIndexes') i;"},
  };
}

void IndexStore::apply_write(store::Connection& c, const TableInfo& table, const EncodedKey& key,
                             const json* old_item, const json* new_item, WriteEffects* effects) {
  if (table.indexes.empty()) return;
  const std::vector<std::string> keys = table.key_names();
  const bool local = table.has_local_indexes();
  std::int64_t delta = 0;
  if (local) {
    delta = (new_item ? static_cast<std::int64_t>(item_size(*new_item)) : 0) -
            (old_item ? static_cast<std::int64_t>(item_size(*old_item)) : 0);
  }
  for (const SecondaryIndex& index : table.indexes) {
    if (index.deleting) continue;
    std::optional<Entry> before = entry_of(index, keys, old_item);
    std::optional<Entry> after = entry_of(index, keys, new_item);
    if (!before && !after) continue;
    bool moved = before && after && (before->pk != after->pk || before->sk != after->sk);
    if (before && after && !moved && items_equal(before->item, after->item)) continue;
    if (before && (moved || !after)) delete_row(c, index.id, *before, key);
    if (after) put_row(c, index.id, *after, key);
    if (!index.global) delta += collection_bytes(after) - collection_bytes(before);
    if (effects != nullptr) {
      effects->indexes.push_back({index.name, index.global, units_for(before, after, moved)});
    }
  }
  if (!local) return;
  std::int64_t size = grow_collection(c, table.id, key.pk, delta);
  if (delta > 0 && size > item_collection_limit()) throw item_collection_size_limit_exceeded();
  if (effects != nullptr) effects->item_collection_bytes = size;
}

void IndexStore::add_entry(store::Connection& c, const TableInfo& table,
                           const SecondaryIndex& index, const EncodedKey& key, const json& item) {
  std::optional<Entry> entry = entry_of(index, table.key_names(), &item);
  if (entry) put_row(c, index.id, *entry, key);
  if (index.global) return;
  // Local indexes are backfilled only for an older data file's tables, whose collections were
  // not counted: the first local index counts the item itself as well.
  std::int64_t bytes = collection_bytes(entry);
  auto first_local = std::find_if(table.indexes.begin(), table.indexes.end(),
                                  [](const SecondaryIndex& i) { return !i.global; });
  if (first_local->id == index.id) bytes += static_cast<std::int64_t>(item_size(item));
  if (bytes > 0) grow_collection(c, table.id, key.pk, bytes);
}

std::int64_t IndexStore::delete_entries(store::Connection& c, std::int64_t index_id,
                                        std::int64_t limit) {
  c.prepare(
       "DELETE FROM dynamodb_index_entries WHERE index_id = ?1 AND (pk, sk, base_pk, base_sk) "
       "IN (SELECT pk, sk, base_pk, base_sk FROM dynamodb_index_entries WHERE index_id = ?1 "
       "LIMIT ?2)")
      .bind(1, index_id)
      .bind(2, limit)
      .run();
  return c.changes();
}

void IndexStore::delete_table(store::Connection& c, std::int64_t table_id) {
  c.prepare(
       "DELETE FROM dynamodb_index_entries WHERE index_id IN "
       "(SELECT id FROM dynamodb_indexes WHERE table_id = ?)")
      .bind(1, table_id)
      .run();
  c.prepare("DELETE FROM dynamodb_item_collections WHERE table_id = ?").bind(1, table_id).run();
}

std::pair<std::int64_t, std::int64_t> IndexStore::count_and_size(store::Connection& c,
                                                                 std::int64_t index_id) {
  auto& st = c.prepare(
      "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM dynamodb_index_entries WHERE index_id = ?");
  st.bind(1, index_id);
  store::ResetOnExit reset{st};
  if (!st.step()) return {0, 0};
  return {st.column_int(0), st.column_int(1)};
}

std::int64_t IndexStore::item_collection_size(store::Connection& c, std::int64_t table_id,
                                              std::string_view pk) {
  auto& st = c.prepare("SELECT size FROM dynamodb_item_collections WHERE table_id = ? AND pk = ?");
  st.bind(1, table_id).bind_blob(2, pk);
  store::ResetOnExit reset{st};
  return st.step() ? st.column_int(0) : 0;
}

std::int64_t IndexStore::item_collection_limit() {
  static const std::int64_t limit = [] {
    const char* value = std::getenv("STREAMSTACK_DYNAMODB_ITEM_COLLECTION_LIMIT");
    std::int64_t parsed = value != nullptr ? std::atoll(value) : 0;
    return parsed > 0 ? parsed : kItemCollectionLimit;
  }();
  return limit;
}

void IndexStore::read_partition(store::Connection& c, const IndexPartitionRange& range,
                                const IndexVisitor& visit) {
  std::string sql =
      "SELECT pk, sk, base_pk, base_sk, item, size FROM dynamodb_index_entries "
      "WHERE index_id = ?1 AND pk = ?2";
  if (range.lower) sql += range.lower->inclusive ? " AND sk >= ?3" : " AND sk > ?3";
  if (range.upper) sql += range.upper->inclusive ? " AND sk <= ?4" : " AND sk < ?4";
  if (range.exclusive_start) {
    sql += range.forward ? " AND (sk, base_pk, base_sk) > (?5, ?6, ?7)"
                         : " AND (sk, base_pk, base_sk) < (?5, ?6, ?7)";
  }
  sql += range.forward ? " ORDER BY sk, base_pk, base_sk LIMIT ?8"
                       : " ORDER BY sk DESC, base_pk DESC, base_sk DESC LIMIT ?8";
  auto& st = c.prepare(sql);
  st.bind(1, range.index_id).bind_blob(2, range.pk).bind(8, range.limit);
  if (range.lower) st.bind_blob(3, range.lower->sk);
  if (range.upper) st.bind_blob(4, range.upper->sk);
  if (range.exclusive_start) {
    st.bind_blob(5, range.exclusive_start->sk)
        .bind_blob(6, range.exclusive_start->base_pk)
        .bind_blob(7, range.exclusive_start->base_sk);
  }
  visit_rows(st, visit);
}

void IndexStore::read_index(store::Connection& c, const IndexScanRange& range,
                            const IndexVisitor& visit) {
  std::string sql =
      "SELECT pk, sk, base_pk, base_sk, item, size FROM dynamodb_index_entries WHERE index_id = ?1";
  if (range.exclusive_start) sql += " AND (pk, sk, base_pk, base_sk) > (?2, ?3, ?4, ?5)";
  sql += " ORDER BY pk, sk, base_pk, base_sk LIMIT ?6";
  auto& st = c.prepare(sql);
  st.bind(1, range.index_id).bind(6, range.limit);
  if (range.exclusive_start) {
    st.bind_blob(2, range.exclusive_start->pk)
        .bind_blob(3, range.exclusive_start->sk)
        .bind_blob(4, range.exclusive_start->base_pk)
        .bind_blob(5, range.exclusive_start->base_sk);
  }
  visit_rows(st, visit);
}

}  // namespace streamstack::dynamodb
