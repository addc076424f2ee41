// The catalog's rows of dynamodb_indexes: an index id for each secondary index (its entries are
// stored under it) and where an index added or deleted by UpdateTable stands. A change a table
// read can see (built, deleting, gone) goes through changed(), like any catalog write, so no
// cached table outlives it.
#include "dynamodb/catalog.h"

#include <algorithm>

namespace streamstack::dynamodb {

const SecondaryIndex* TableInfo::index(std::string_view name) const {
  const SecondaryIndex* found = nullptr;
  for (const SecondaryIndex& index : indexes) {
    if (index.name == name && (found == nullptr || !index.deleting)) found = &index;
  }
  return found;
}

bool TableInfo::has_local_indexes() const {
  return std::any_of(indexes.begin(), indexes.end(),
                     [](const SecondaryIndex& index) { return !index.global; });
}

std::vector<std::string> TableInfo::key_names() const {
  std::vector<std::string> names{key.hash.name};
  if (key.range) names.push_back(key.range->name);
  return names;
}

void Catalog::attach_indexes(store::Connection& c, TableInfo& table) {
  table.indexes = indexes_of(table.description);
  if (table.indexes.empty()) return;
  auto& st = c.prepare(
      "SELECT id, name, backfilled, ready_at_ms, deleting FROM dynamodb_indexes "
      "WHERE table_id = ? ORDER BY id");
  st.bind(1, table.id);
  store::ResetOnExit reset{st};
  while (st.step()) {
    std::string_view name = st.column_text_view(1);
    bool deleting = st.column_int(4) != 0;
    for (SecondaryIndex& index : table.indexes) {
      // A name deleted and created again has two rows: the description says which one it is.
      if (index.name != name || index.deleting != deleting) continue;
      index.id = st.column_int(0);
      index.backfilled = st.column_int(2) != 0;
      index.ready_at_ms = st.column_int(3);
    }
  }
}

std::int64_t Catalog::add_index(store::Connection& c, std::int64_t table_id,
                                const std::string& name, std::int64_t ready_at_ms) {
  changed();
  c.prepare(
       "INSERT INTO dynamodb_indexes (table_id, name, backfilled, ready_at_ms) "
       "VALUES (?, ?, 0, ?)")
      .bind(1, table_id)
      .bind_text(2, name)
      .bind(3, ready_at_ms)
      .run();
  return c.last_insert_rowid();
}

void Catalog::set_index_deleting(store::Connection& c, std::int64_t index_id,
                                 std::int64_t ready_at_ms) {
  changed();
  c.prepare("UPDATE dynamodb_indexes SET deleting = 1, ready_at_ms = ? WHERE id = ?")
      .bind(1, ready_at_ms)
      .bind(2, index_id)
      .run();
}

void Catalog::set_index_backfilled(store::Connection& c, std::int64_t index_id) {
  changed();
  c.prepare("UPDATE dynamodb_indexes SET backfilled = 1, cursor_pk = NULL, cursor_sk = NULL "
            "WHERE id = ?")
      .bind(1, index_id)
      .run();
}

void Catalog::drop_index(store::Connection& c, std::int64_t index_id) {
  changed();
  c.prepare("DELETE FROM dynamodb_indexes WHERE id = ?").bind(1, index_id).run();
}

std::vector<Catalog::IndexBuild> Catalog::pending_builds(store::Connection& c) {
  std::vector<IndexBuild> builds;
  auto& st = c.prepare(
      "SELECT id, table_id, name, deleting, ready_at_ms FROM dynamodb_indexes "
      "WHERE backfilled = 0 OR deleting = 1 ORDER BY id");
  store::ResetOnExit reset{st};
  while (st.step()) {
    builds.push_back({st.column_int(0), st.column_int(1), st.column_text(2), st.column_int(3) != 0,
                      st.column_int(4)});
  }
  return builds;
}

std::optional<std::pair<std::string, std::string>> Catalog::backfill_cursor(
    store::Connection& c, std::int64_t index_id) {
  auto& st = c.prepare("SELECT cursor_pk, cursor_sk FROM dynamodb_indexes WHERE id = ?");
  st.bind(1, index_id);
  store::ResetOnExit reset{st};
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return std::make_pair(st.column_blob(0), st.column_blob(1));
}

void Catalog::save_backfill_cursor(store::Connection& c, std::int64_t index_id,
                                   const std::string& pk, const std::string& sk) {
  c.prepare("UPDATE dynamodb_indexes SET cursor_pk = ?, cursor_sk = ? WHERE id = ?")
      .bind_blob(1, pk)
      .bind_blob(2, sk)
      .bind(3, index_id)
      .run();
}

}  // namespace streamstack::dynamodb
