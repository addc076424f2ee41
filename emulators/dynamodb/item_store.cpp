#include "dynamodb/item_store.h"

#include "dynamodb/index_store.h"
#include "dynamodb/kinesis_destination.h"
#include "dynamodb/table_streams.h"

namespace streamstack::dynamodb {
namespace {

ItemChange classify(const json* old_item, const json* new_item) {
  if (old_item == nullptr && new_item == nullptr) return ItemChange::kNone;
  if (old_item == nullptr) return ItemChange::kInsert;
  if (new_item == nullptr) return ItemChange::kRemove;
  return items_equal(*old_item, *new_item) ? ItemChange::kNone : ItemChange::kModify;
}

void visit_rows(store::Statement& st, const ItemVisitor& visit) {
  store::ResetOnExit reset{st};
  while (st.step()) {
    ItemRow row{st.column_blob_view(0), st.column_blob_view(1), st.column_text_view(2),
                st.column_int(3)};
    if (!visit(row)) break;
  }
}

}  // namespace

std::vector<store::Migration> ItemStore::migrations() {
  return {
      {150, "dynamodb_items",
       "CREATE TABLE dynamodb_items ("
       " table_id INTEGER NOT NULL,"
       " pk BLOB NOT NULL,"
       " sk BLOB NOT NULL,"
       " item TEXT NOT NULL,"
       " size INTEGER NOT NULL,"
       " PRIMARY KEY (table_id, pk, sk)) WITHOUT ROWID;"
       "CREATE TABLE dynamodb_item_counts ("
       " table_id INTEGER PRIMARY KEY,"
       " item_count INTEGER NOT NULL,"
       " size_bytes INTEGER NOT NULL);"},
      // ItemCount and TableSizeBytes are counted from dynamodb_items when described.
      {151, "dynamodb_item_counts dropped", "DROP TABLE dynamodb_item_counts"},
  };
}

void ItemStore::delete_all(store::Connection& c, std::int64_t table_id) {
  c.prepare("DELETE FROM dynamodb_items WHERE table_id = ?").bind(1, table_id).run();
}

std::pair<std::int64_t, std::int64_t> ItemStore::count_and_size(store::Connection& c,
                                                                std::int64_t table_id) {
  // Counted when asked rather than kept up to date by every write: a counter row cost each
  // PutItem a second page in the WAL (AWS itself refreshes these figures only every ~6 hours).
  auto& st = c.prepare("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM dynamodb_items WHERE table_id = ?");
  st.bind(1, table_id);
  store::ResetOnExit reset{st};
  if (!st.step()) return {0, 0};
  return {st.column_int(0), st.column_int(1)};
}

EncodedKey ItemStore::encode_key(const KeySchema& schema, const json& item_or_key) {
  EncodedKey key;
  key.pk = encode_key_value(item_or_key.at(schema.hash.name));
  if (schema.range) key.sk = encode_key_value(item_or_key.at(schema.range->name));
  return key;
}

std::optional<json> ItemStore::get(store::Connection& c, const TableInfo& table, const json& key) {
  EncodedKey encoded = encode_key(table.key, key);
  auto& st = c.prepare("SELECT item FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?");
  st.bind(1, table.id).bind_blob(2, encoded.pk).bind_blob(3, encoded.sk);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return json::parse(st.column_text_view(0));
}

std::optional<std::string> ItemStore::get_text(store::Connection& c, const TableInfo& table, const json& key) {
  EncodedKey encoded = encode_key(table.key, key);
  auto& st = c.prepare("SELECT item FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?");
  st.bind(1, table.id).bind_blob(2, encoded.pk).bind_blob(3, encoded.sk);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return st.column_text(0);
}

std::optional<ItemStore::Stored> ItemStore::get_stored(store::Connection& c, std::int64_t table_id,
                                                       const EncodedKey& key) {
  auto& st = c.prepare(
      "SELECT item, size FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?");
  st.bind(1, table_id).bind_blob(2, key.pk).bind_blob(3, key.sk);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return Stored{st.column_text(0), st.column_int(1)};
}

ItemChange ItemStore::write(store::Connection& c, const TableInfo& table, const json* old_item,
                            const json* new_item, const streams::UserIdentity* identity,
                            WriteEffects* effects) {
  ItemChange change = classify(old_item, new_item);
  if (change == ItemChange::kNone) {
    // An unchanged item still reports its collection's size (ReturnItemCollectionMetrics).
    if (effects != nullptr && table.has_local_indexes() && (old_item || new_item)) {
      EncodedKey key = encode_key(table.key, new_item != nullptr ? *new_item : *old_item);
      effects->item_collection_bytes = IndexStore::item_collection_size(c, table.id, key.pk);
    }
    return change;
  }
  EncodedKey key = encode_key(table.key, new_item != nullptr ? *new_item : *old_item);
  std::int64_t new_size = 0;
  if (new_item != nullptr) {
    new_size = static_cast<std::int64_t>(item_size(*new_item));
    c.prepare(
         "INSERT INTO dynamodb_items (table_id, pk, sk, item, size) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT(table_id, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size")
        .bind(1, table.id)
        .bind_blob(2, key.pk)
        .bind_blob(3, key.sk)
        .bind_text(4, new_item->dump())
        .bind(5, new_size)
        .run();
  } else {
    c.prepare("DELETE FROM dynamodb_items WHERE table_id = ? AND pk = ? AND sk = ?")
        .bind(1, table.id)
        .bind_blob(2, key.pk)
        .bind_blob(3, key.sk)
        .run();
  }
  // Index entries are not changes of their own: they write no stream or destination record.
  IndexStore::apply_write(c, table, key, old_item, new_item, effects);
  table_streams::capture(c, table, old_item, new_item, identity);
  kinesis_destination::capture(c, table, old_item, new_item, identity);
  return change;
}

ItemChange ItemStore::put(store::Connection& c, const TableInfo& table, const json& item) {
  std::optional<json> old_item = get(c, table, item);
  return write(c, table, old_item ? &*old_item : nullptr, &item);
}

ItemChange ItemStore::erase(store::Connection& c, const TableInfo& table, const json& key) {
  std::optional<json> old_item = get(c, table, key);
  return write(c, table, old_item ? &*old_item : nullptr, nullptr);
}

void ItemStore::read_partition(store::Connection& c, const PartitionRange& range,
                               const ItemVisitor& visit) {
  std::string sql = "SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ?1 AND pk = ?2";
  if (range.lower) sql += range.lower->inclusive ? " AND sk >= ?3" : " AND sk > ?3";
  if (range.upper) sql += range.upper->inclusive ? " AND sk <= ?4" : " AND sk < ?4";
  sql += range.forward ? " ORDER BY sk ASC LIMIT ?5" : " ORDER BY sk DESC LIMIT ?5";
  auto& st = c.prepare(sql);
  st.bind(1, range.table_id).bind_blob(2, range.pk).bind(5, range.limit);
  if (range.lower) st.bind_blob(3, range.lower->sk);
  if (range.upper) st.bind_blob(4, range.upper->sk);
  visit_rows(st, visit);
}

void ItemStore::read_table(store::Connection& c, const TableRange& range,
                           const ItemVisitor& visit) {
  std::string sql = "SELECT pk, sk, item, size FROM dynamodb_items WHERE table_id = ?1";
  if (range.exclusive_start) sql += " AND (pk, sk) > (?2, ?3)";
  sql += " ORDER BY pk, sk LIMIT ?4";
  auto& st = c.prepare(sql);
  st.bind(1, range.table_id).bind(4, range.limit);
  if (range.exclusive_start) {
    st.bind_blob(2, range.exclusive_start->pk).bind_blob(3, range.exclusive_start->sk);
  }
  visit_rows(st, visit);
}

}  // namespace streamstack::dynamodb
