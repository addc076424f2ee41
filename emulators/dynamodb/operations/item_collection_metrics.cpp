#include "dynamodb/operations/item_collection_metrics.h"

#include "dynamodb/index_store.h"

#include <cmath>

namespace streamstack::dynamodb::items {

bool wants_item_collection_metrics(const json& input, const TableInfo& table) {
  return input.value("ReturnItemCollectionMetrics", "") == "SIZE" && table.has_local_indexes();
}

std::int64_t item_collection_bytes(store::Connection& c, const TableInfo& table,
                                   const json& item_or_key, const WriteEffects& effects) {
  if (effects.item_collection_bytes) return *effects.item_collection_bytes;
  EncodedKey key = ItemStore::encode_key(table.key, item_or_key);
  return IndexStore::item_collection_size(c, table.id, key.pk);
}

json item_collection_metrics(const TableInfo& table, const json& item_or_key,
                             std::int64_t bytes) {
  constexpr double kGigabyte = 1024.0 * 1024.0 * 1024.0;
  double lower = std::floor(static_cast<double>(bytes) / kGigabyte);
  return {{"ItemCollectionKey",
           {{table.key.hash.name, item_or_key.at(table.key.hash.name)}}},
          {"SizeEstimateRangeGB", {lower, lower + 1}}};
}

}  // namespace streamstack::dynamodb::items
