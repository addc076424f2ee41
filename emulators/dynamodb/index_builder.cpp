#include "dynamodb/index_builder.h"

#include "core/clock.h"
#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"
#include "dynamodb/table_description.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace streamstack::dynamodb {
namespace {

const SecondaryIndex* index_by_id(const TableInfo& table, std::int64_t index_id) {
  for (const SecondaryIndex& index : table.indexes) {
    if (index.id == index_id) return &index;
  }
  return nullptr;
}

// A deleted index leaves the description once its entries are gone and --table-delay-ms no
// longer shows it DELETING; then its row goes, and its id with it.
void finish_deletion(store::Connection& c, Catalog& catalog, const Catalog::IndexBuild& build) {
  if (auto table = catalog.find_by_id(c, build.table_id)) {
    json& d = table->description;
    auto list = d.find("GlobalSecondaryIndexes");
    if (list != d.end()) {
      list->erase(std::remove_if(list->begin(), list->end(),
                                 [&](const json& index) {
                                   return index.value("IndexName", "") == build.name &&
                                          index.value("IndexStatus", "") == "DELETING";
                                 }),
                  list->end());
      if (list->empty()) d.erase(list);
      prune_attribute_definitions(d);
      catalog.update(c, *table);
    }
  }
  catalog.drop_index(c, build.index_id);
}

bool schema_migrated(store::Database& db) {
  return db.read([](store::Connection& c) {
    auto& st = c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind_text(1, "dynamodb_indexes");
    store::ResetOnExit reset{st};
    return st.step();
  });
}

}  // namespace

IndexBuilder::IndexBuilder(store::Database& db, Catalog& catalog, bool background)
    : db_(db), catalog_(catalog) {
  if (!background) return;
  woken_ = schema_migrated(db);
  thread_ = std::thread([this] { loop(); });
}

IndexBuilder::~IndexBuilder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void IndexBuilder::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void IndexBuilder::finish_pending() {
  std::int64_t wait_until_ms = 0;
  while (run_one(wait_until_ms)) {
  }
}

bool IndexBuilder::backfill_chunk(store::Connection& c, Catalog& catalog, const TableInfo& table,
                                  std::int64_t index_id) {
  const SecondaryIndex* index = index_by_id(table, index_id);
  if (index == nullptr) return true;
  TableRange range{table.id, std::nullopt, kBackfillChunk};
  if (auto cursor = Catalog::backfill_cursor(c, index_id)) {
    range.exclusive_start = EncodedKey{cursor->first, cursor->second};
  }
  std::int64_t seen = 0;
  EncodedKey last;
  ItemStore::read_table(c, range, [&](const ItemRow& row) {
    last = EncodedKey{std::string(row.pk), std::string(row.sk)};
    IndexStore::add_entry(c, table, *index, last, json::parse(row.item));
    ++seen;
    return true;
  });
  if (seen < kBackfillChunk) {
    catalog.set_index_backfilled(c, index_id);
    return true;
  }
  Catalog::save_backfill_cursor(c, index_id, last.pk, last.sk);
  return false;
}

bool IndexBuilder::run_one(std::int64_t& wait_until_ms) {
  if (db_.read([](store::Connection& c) { return Catalog::pending_builds(c); }).empty()) {
    return false;
  }
  return db_.write([&](store::Connection& c) {
    std::int64_t now_ms = core::Clock::now_millis();
    for (const Catalog::IndexBuild& build : Catalog::pending_builds(c)) {
      if (build.deleting) {
        if (IndexStore::delete_entries(c, build.index_id, kDeleteChunk) == kDeleteChunk) {
          return true;
        }
        if (now_ms < build.ready_at_ms) {
          wait_until_ms = wait_until_ms == 0 ? build.ready_at_ms
                                             : std::min(wait_until_ms, build.ready_at_ms);
          continue;
        }
        finish_deletion(c, catalog_, build);
        return true;
      }
      std::optional<TableInfo> table = catalog_.find_by_id(c, build.table_id);
      if (!table) {
        catalog_.drop_index(c, build.index_id);
      } else {
        backfill_chunk(c, catalog_, *table, build.index_id);
      }
      return true;
    }
    return false;
  });
}

void IndexBuilder::loop() {
  std::unique_lock lock(mutex_);
  std::int64_t wait_until_ms = 0;
  while (!stopping_) {
    if (!woken_) {
      if (wait_until_ms == 0) {
        wake_.wait(lock, [&] { return woken_ || stopping_; });
      } else {
        auto delay = std::chrono::milliseconds(
            std::max<std::int64_t>(1, wait_until_ms - core::Clock::now_millis()));
        wake_.wait_for(lock, delay, [&] { return woken_ || stopping_; });
      }
      if (stopping_) break;
    }
    woken_ = false;
    wait_until_ms = 0;
    lock.unlock();
    try {
      while (run_one(wait_until_ms)) {
        std::lock_guard check(mutex_);
        if (stopping_) break;
      }
    } catch (const std::exception& e) {
      // A failed chunk rolled back; it is tried again shortly.
      spdlog::warn("index build: {}", e.what());
      wait_until_ms = core::Clock::now_millis() + 100;
    }
    lock.lock();
  }
}

}  // namespace streamstack::dynamodb
