#pragma once
// CreateTable's semantic checks of KeySchema, AttributeDefinitions and secondary indexes, in the
// order and words of AWS (dynalite test/createTable.js, dynoxide's captures). The request has
// passed the type and constraint checks: every list and member present has its model type.
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <string_view>

namespace streamstack::dynamodb::tables {

using json = nlohmann::json;

// "Attribute Name is duplicated: <name>".
void check_attribute_definitions(const json& definitions);
// The table's KeySchema against its AttributeDefinitions.
void check_table_key_schema(const json& key_schema, const json& definitions);
// An empty index list: "List of LocalSecondaryIndexes is empty".
void check_index_lists_not_empty(const json& input);
// Each LocalSecondaryIndex; `names` collects the index names (shared with the global ones).
void check_local_secondary_indexes(const json& indexes, const json& table_key_schema,
                                   const json& definitions, std::set<std::string>& names);
// Each GlobalSecondaryIndex, with its throughput against the table's billing mode.
void check_global_secondary_indexes(const json& indexes, const json& definitions,
                                    std::string_view billing_mode, std::set<std::string>& names);
// Every attribute definition names a key attribute of the table or an index.
void check_definitions_used(const json& input);

}  // namespace streamstack::dynamodb::tables
