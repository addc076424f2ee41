#pragma once
// ReturnItemCollectionMetrics SIZE: for a table with a local secondary index, the item
// collection a write touched (the items of one partition key and their local index entries),
// {ItemCollectionKey: {<partition key>: value}, SizeEstimateRangeGB: [lower, upper]}. A table
// without one answers none, as AWS.
#include "dynamodb/catalog.h"
#include "dynamodb/item_store.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// Whether the request asks for the metrics and the table has them.
bool wants_item_collection_metrics(const json& input, const TableInfo& table);

// The size of the collection of `item_or_key` after a write, inside the write's transaction:
// what ItemStore::write reported in `effects`, else (a delete of a missing item) the stored
// size.
std::int64_t item_collection_bytes(store::Connection& c, const TableInfo& table,
                                   const json& item_or_key, const WriteEffects& effects);

// The metrics of the collection of `item_or_key` at `bytes`: the estimate's bounds are the whole
// gigabytes below and above it.
json item_collection_metrics(const TableInfo& table, const json& item_or_key, std::int64_t bytes);

}  // namespace streamstack::dynamodb::items
