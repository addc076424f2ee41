#pragma once
// ReturnConsumedCapacity: the capacity units an operation used, computed from item sizes as
// DynamoDB does (reads in 4 KB units, halved when eventually consistent; writes in 1 KB units;
// at least one unit).
#include "dynamodb/item_store.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

enum class CapacityMode { kNone, kTotal, kIndexes };

CapacityMode capacity_mode(const json& input);

double read_units(std::size_t bytes, bool consistent);
double write_units(std::size_t bytes);

// One table's ConsumedCapacity (mode TOTAL or INDEXES): {TableName, CapacityUnits}, and
// Table {CapacityUnits} for INDEXES.
json consumed_capacity(CapacityMode mode, const std::string& table_name, double units);

// Adds ConsumedCapacity to `output` unless the mode is NONE: {TableName, CapacityUnits}, and
// Table {CapacityUnits} for INDEXES.
void add_consumed_capacity(json& output, CapacityMode mode, const std::string& table_name,
                           double units);

// A read of an index: {TableName, CapacityUnits} (the index's and the table's), and for INDEXES
// Table {CapacityUnits} (what a local index fetched from the table, else 0) and
// GlobalSecondaryIndexes or LocalSecondaryIndexes {name: {CapacityUnits}}.
json index_read_capacity(CapacityMode mode, const std::string& table_name,
                         const std::string& index_name, bool global, double index_units,
                         double table_units);

// A write's ConsumedCapacity: CapacityUnits the table's and its indexes' together, and for
// INDEXES each part, an index only when the write changed its entries (DynamoDB reports no part
// for the others, and no GlobalSecondaryIndexes or LocalSecondaryIndexes member without one).
json write_capacity(CapacityMode mode, const std::string& table_name, double table_units,
                    const std::vector<IndexWriteUnits>& indexes);
// The same added to `output` unless the mode is NONE.
void add_write_capacity(json& output, CapacityMode mode, const std::string& table_name,
                        double table_units, const std::vector<IndexWriteUnits>& indexes);

}  // namespace streamstack::dynamodb::items
