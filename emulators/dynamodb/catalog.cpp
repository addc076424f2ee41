#include "dynamodb/catalog.h"

#include "dynamodb/kinesis_destination.h"
#include "dynamodb/ttl/time_to_live.h"

#include "core/clock.h"
#include "dynamodb/errors.h"
#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"

namespace streamstack::dynamodb {
namespace {

constexpr const char* kSelect =
    "SELECT id, scope, name, arn, description, status, status_until_ms FROM dynamodb_tables ";

KeySchema key_schema_of(const nlohmann::json& description) {
  auto type_of = [&](const std::string& name) {
    for (const auto& def : description.value("AttributeDefinitions", nlohmann::json::array())) {
      if (def.value("AttributeName", "") == name) return def.value("AttributeType", "");
    }
    return std::string();
  };
  KeySchema key;
  for (const auto& element : description.value("KeySchema", nlohmann::json::array())) {
    KeyElement e{element.value("AttributeName", ""), ""};
    e.type = type_of(e.name);
    if (element.value("KeyType", "") == "HASH") {
      key.hash = std::move(e);
    } else {
      key.range = std::move(e);
    }
  }
  return key;
}

TableInfo read_row(store::Statement& st) {
  TableInfo t;
  t.id = st.column_int(0);
  t.scope = st.column_text(1);
  t.name = st.column_text(2);
  t.arn = st.column_text(3);
  t.description = nlohmann::json::parse(st.column_text_view(4));
  t.status = st.column_text(5);
  t.status_until_ms = st.column_int(6);
  t.key = key_schema_of(t.description);
  return t;
}

std::optional<TableInfo> select_by_name(store::Connection& c, const std::string& scope,
                                        const std::string& name) {
  auto& st = c.prepare(std::string(kSelect) + "WHERE scope = ? AND name = ?");
  st.bind_text(1, scope).bind_text(2, name);
  std::optional<TableInfo> table;
  if (st.step()) table = read_row(st);
  st.reset();
  if (table) Catalog::attach_indexes(c, *table);
  return table;
}

// A transient status whose time is up (only with --table-delay-ms).
bool expired(const TableInfo& table, std::int64_t now_ms) {
  return table.status != "ACTIVE" && table.status_until_ms <= now_ms;
}

// The table name an ARN names when it is a table of the caller's account and region: a table
// ARN reaches only the tables of its own account and region.
std::optional<std::string> name_in_scope(const core::RequestContext& context,
                                         std::string_view name_or_arn) {
  if (name_or_arn.rfind("arn:", 0) != 0) return std::string(name_or_arn);
  std::string prefix = "arn:aws:dynamodb:" + context.region + ":" + context.account_id + ":table/";
  if (name_or_arn.rfind(prefix, 0) != 0) return std::nullopt;
  std::string_view name = name_or_arn.substr(prefix.size());
  if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(name);
}

}  // namespace

Catalog::Catalog(store::Database& db) : db_(db) {
  commit_listener_ = db_.on_commit([this] { committed(); });
}

Catalog::~Catalog() { db_.off_commit(commit_listener_); }

void Catalog::changed() {
  changing_ = true;
  ++generation_;
}

void Catalog::committed() {
  if (!changing_.exchange(false)) return;
  ++generation_;
  std::unique_lock lock(cache_mutex_);
  cache_.clear();
}

void Catalog::forget_cached() {
  ++generation_;
  std::unique_lock lock(cache_mutex_);
  cache_.clear();
}

std::optional<TableInfo> Catalog::find(const core::RequestContext& context,
                                       std::string_view name_or_arn) {
  auto table = find_shared(context, name_or_arn);
  if (!table) return std::nullopt;
  return *table;
}

TableRef Catalog::find_shared(const core::RequestContext& context, std::string_view name_or_arn) {
  auto name = name_in_scope(context, name_or_arn);
  if (!name) return nullptr;
  std::string scope = context.scope();
  std::string key = scope + '\n' + *name;
  {
    std::shared_lock lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->generation == generation_.load()) return it->second->table;
  }
  const std::uint64_t generation = generation_.load();
  auto row = db_.read([&](store::Connection& c) { return select_by_name(c, scope, *name); });
  if (!row) return nullptr;
  auto table = std::make_shared<const TableInfo>(std::move(*row));
  if (table->status == "ACTIVE" && table->status_until_ms == 0 && !changing_.load()) {
    std::unique_lock lock(cache_mutex_);
    if (generation_.load() == generation) cache_[key] = std::make_shared<const Cached>(Cached{generation, table});
  }
  if (!expired(*table, core::Clock::now_millis())) return table;
  // The transient status ended: settle it under the writer, which re-reads the row so two
  // callers settling at once agree.
  auto settled = db_.write([&](store::Connection& c) { return find(c, context, name_or_arn); });
  if (!settled) return nullptr;
  return std::make_shared<const TableInfo>(std::move(*settled));
}

std::optional<TableInfo> Catalog::find(store::Connection& c, const core::RequestContext& context,
                                       std::string_view name_or_arn) {
  auto name = name_in_scope(context, name_or_arn);
  if (!name) return std::nullopt;
  auto table = select_by_name(c, context.scope(), *name);
  if (!table || !expired(*table, core::Clock::now_millis())) return table;
  if (table->status == "DELETING") {
    ItemStore::delete_all(c, table->id);
    erase(c, table->id);
    return std::nullopt;
  }
  table->status = "ACTIVE";
  table->status_until_ms = 0;
  update(c, *table);
  return table;
}

TableInfo Catalog::require(const core::RequestContext& context, std::string_view name_or_arn,
                           const std::string& message) {
  auto table = find(context, name_or_arn);
  if (!table) throw resource_not_found(message);
  return *table;
}

TableInfo Catalog::insert(store::Connection& c, TableInfo table) {
  changed();
  c.prepare(
       "INSERT INTO dynamodb_tables (scope, name, arn, description, status, status_until_ms) "
       "VALUES (?, ?, ?, ?, ?, ?)")
      .bind_text(1, table.scope)
      .bind_text(2, table.name)
      .bind_text(3, table.arn)
      .bind_text(4, table.description.dump())
      .bind_text(5, table.status)
      .bind(6, table.status_until_ms)
      .run();
  table.id = c.last_insert_rowid();
  table.key = key_schema_of(table.description);
  // Indexes created with their table are built with it, ACTIVE when the table is.
  table.indexes = indexes_of(table.description);
  for (SecondaryIndex& index : table.indexes) {
    c.prepare(
         "INSERT INTO dynamodb_indexes (table_id, name, backfilled, ready_at_ms) "
         "VALUES (?, ?, 1, ?)")
        .bind(1, table.id)
        .bind_text(2, index.name)
        .bind(3, table.status_until_ms)
        .run();
    index.id = c.last_insert_rowid();
    index.ready_at_ms = table.status_until_ms;
  }
  return table;
}

void Catalog::update(store::Connection& c, const TableInfo& table) {
  changed();
  c.prepare(
       "UPDATE dynamodb_tables SET arn = ?, description = ?, status = ?, status_until_ms = ? "
       "WHERE id = ?")
      .bind_text(1, table.arn)
      .bind_text(2, table.description.dump())
      .bind_text(3, table.status)
      .bind(4, table.status_until_ms)
      .bind(5, table.id)
      .run();
}

void Catalog::erase(store::Connection& c, std::int64_t table_id) {
  changed();
  // Row ids can be reused: nothing may stay attached to a deleted table's id.
  kinesis_destination::erase_all(c, table_id);
  IndexStore::delete_table(c, table_id);
  c.prepare("DELETE FROM dynamodb_indexes WHERE table_id = ?").bind(1, table_id).run();
  time_to_live::erase(c, table_id);
  c.prepare("DELETE FROM dynamodb_tables WHERE id = ?").bind(1, table_id).run();
}

std::optional<TableInfo> Catalog::find_by_id(store::Connection& c, std::int64_t table_id) {
  auto& st = c.prepare(std::string(kSelect) + "WHERE id = ?");
  st.bind(1, table_id);
  std::optional<TableInfo> table;
  if (st.step()) table = read_row(st);
  st.reset();
  if (table) attach_indexes(c, *table);
  return table;
}

std::vector<std::string> Catalog::names(const core::RequestContext& context,
                                        const std::string& exclusive_start, std::size_t limit) {
  std::string scope = context.scope();
  // Settle the tables whose transient status ended, so a deleted table leaves the list.
  auto settling = db_.read([&](store::Connection& c) {
    std::vector<std::string> out;
    auto& st = c.prepare(
        "SELECT name FROM dynamodb_tables WHERE scope = ? AND status <> 'ACTIVE' AND "
        "status_until_ms <= ?");
    st.bind_text(1, scope).bind(2, core::Clock::now_millis());
    while (st.step()) out.push_back(st.column_text(0));
    st.reset();
    return out;
  });
  for (const auto& name : settling) find(context, name);
  return db_.read([&](store::Connection& c) {
    std::vector<std::string> out;
    auto& st = c.prepare(
        "SELECT name FROM dynamodb_tables WHERE scope = ? AND name > ? ORDER BY name LIMIT ?");
    st.bind_text(1, scope).bind_text(2, exclusive_start).bind(3, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back(st.column_text(0));
    st.reset();
    return out;
  });
}

std::vector<store::Migration> Catalog::migrations() {
  return {
      {100, "dynamodb_tables",
       "CREATE TABLE dynamodb_tables ("
       " id INTEGER PRIMARY KEY,"
       " scope TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " arn TEXT NOT NULL,"
       " description TEXT NOT NULL,"
       " status TEXT NOT NULL,"
       " status_until_ms INTEGER NOT NULL DEFAULT 0,"
       " UNIQUE (scope, name))"},
  };
}

}  // namespace streamstack::dynamodb
