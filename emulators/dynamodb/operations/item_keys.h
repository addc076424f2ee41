#pragma once
// The table an item operation names, and the checks of its keys against the table's key
// schema, with DynamoDB's messages (dynalite's db/index.js validateKey/validateItem, and the
// conformance captures for the empty-value wording).
#include "core/request_context.h"
#include "dynamodb/catalog.h"
#include "dynamodb/expressions/expressions.h"
#include "dynamodb/service.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// input["TableName"] looked up in the caller's scope: ResourceNotFoundException "Requested
// resource not found" when absent, or while the table is still being created or deleted.
TableRef require_table(Env& env, const core::RequestContext& context, const json& input);

// PutItem's Item: "Missing the key a in the item", "Type mismatch for key a expected: S actual:
// N", the empty-value and size limits, then the types of secondary index key attributes.
void validate_item_keys(const TableInfo& table, const json& item);

// A BatchWriteItem PutRequest's Item: its key attributes as a Key must be ("The provided key
// element does not match the schema" for one missing or of the wrong type, not PutItem's
// words), then the empty-value and size limits, then the secondary index key types.
void validate_batch_item_keys(const TableInfo& table, const json& item);

// A Key parameter: exactly the key attributes with the schema's types ("The provided key element
// does not match the schema"), then the empty-value and size limits.
void validate_key(const TableInfo& table, const json& key);

// One key value of a valid type: empty S or B, hash keys over 2048 bytes, range keys over 1024.
void check_key_value(const std::string& name, const json& value, bool is_hash);

// The key attributes of an item.
json key_of(const KeySchema& schema, const json& item);

bool is_key_attribute(const KeySchema& schema, std::string_view name);

// Secondary index key attribute names, from the table description.
std::vector<std::string> index_key_attributes(const TableInfo& table);

// Nested paths through key attributes are refused: "Key attributes must be scalars; list random
// access '[]' and map lookup '.' are not allowed: Key: a" (IndexKey: for index keys).
void check_key_paths(const TableInfo& table, const std::vector<expr::Path>& paths);

}  // namespace streamstack::dynamodb::items
