#pragma once
// ReturnConsumedCapacity: the capacity units an operation used, computed from item sizes as
// DynamoDB does (reads in 4 KB units, halved when eventually consistent; writes in 1 KB units;
// at least one unit).
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

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

}  // namespace streamstack::dynamodb::items
