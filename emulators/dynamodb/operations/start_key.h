#pragma once
// ExclusiveStartKey of Query and Scan, checked as DynamoDB checks it (dynalite's
// validations/query.js and scan.js, actions/query.js and scan.js, whose tests ran against AWS).
#include "dynamodb/catalog.h"

#include <nlohmann/json.hpp>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// The values of input["ExclusiveStartKey"], before the table is known. Most faults read "The
// provided starting key is invalid: <fault>"; AWS reports a few of them bare (empty number
// sets, duplicates, malformed numbers).
void validate_start_key_values(json& input);

// Scan's start key against the table's key schema: "The provided starting key is invalid: The
// provided key element does not match the schema", and the key value limits.
void check_scan_start_key(const TableInfo& table, const json& start_key);

}  // namespace streamstack::dynamodb::items
