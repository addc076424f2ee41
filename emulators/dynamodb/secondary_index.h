#pragma once
// A table's secondary indexes as item writes and reads use them: the key attributes (a global
// index may have up to four HASH and four RANGE attributes, DynamoDB's multi-attribute keys of
// November 2025), the projection, and where a global index stands in its build.
//
// An index entry is stored under (index id, index partition key, index sort key, table
// partition key, table sort key): items with equal index keys follow the table's key order, and
// a Query of an index is one range scan however many items the table holds. The index keys are
// tuples of key parts (encode_key_part), so multi-attribute keys sort attribute by attribute.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb {

using json = nlohmann::json;

struct KeyElement {
  std::string name;
  std::string type;  // "S", "N" or "B"
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };

struct SecondaryIndex {
  std::int64_t id = 0;  // row of dynamodb_indexes; the index's entries are stored under it
  std::string name;
  bool global = true;
  std::vector<KeyElement> hash;   // a local index: the table's partition key
  std::vector<KeyElement> range;  // a local index: exactly one
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE

  // An index added by UpdateTable holds the items written before it only once backfilled; it
  // is ACTIVE from then, or from ready_at_ms if --table-delay-ms holds it CREATING longer.
  bool backfilled = true;
  std::int64_t ready_at_ms = 0;
  // A global index being deleted (while --table-delay-ms holds DELETING): no longer written
  // or read.
  bool deleting = false;

  bool active(std::int64_t now_ms) const {
    return backfilled && !deleting && now_ms >= ready_at_ms;
  }
  // A key attribute of the index itself (not of the table).
  bool is_key_attribute(std::string_view attribute) const;
  // Whether an attribute reaches the index's entries (keys of the index and of the table are
  // always projected).
  bool projects(std::string_view attribute, const std::vector<std::string>& table_keys) const;
};

// The indexes a table description defines (GlobalSecondaryIndexes, then LocalSecondaryIndexes),
// with the key types of its AttributeDefinitions; ids and build state are the catalog's.
std::vector<SecondaryIndex> indexes_of(const json& description);

// One key part: the value's order-preserving encoding, self-delimiting, so a tuple of parts
// sorts part by part. S and B: their bytes with 0x00 written 0x00 0xFF, then 0x00 0x00; N:
// Number::encode_ordered (already self-delimiting).
std::string encode_key_part(const json& value);
// The parts of an S or B value a begins_with prefix shares with every value it begins: the
// escaped bytes without the terminator.
std::string encode_key_prefix(const json& value);

// The stored index key of `item` over `elements` (empty for no elements); nullopt when the
// item lacks one of them, holds it with another type than the index's or holds it empty (such
// an item is not in the index: a sparse index).
std::optional<std::string> encode_index_key(const std::vector<KeyElement>& elements,
                                            const json& item);

// An item as the index holds it: the table's and the index's key attributes and what the
// projection adds.
json project_item(const SecondaryIndex& index, const std::vector<std::string>& table_keys,
                  const json& item);

}  // namespace streamstack::dynamodb
