#pragma once
// What TransactWriteItems and TransactGetItems share: the up-front checks of an action's key
// values, and their ConsumedCapacity (transactional reads and writes cost twice the units).
#include "dynamodb/catalog.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::transactions {

using json = nlohmann::json;

// Checked before the transaction runs, as DynamoDB checks them: an empty S or B key value
// ("The AttributeValue for a key attribute cannot contain an empty string value. Key: pk") and
// key values over the size limits. A key attribute missing or of the wrong type is left to the
// action, which reports it as its ValidationError.
void check_key_values(const TableInfo& table, const json& item_or_key);

// The stored form of an action's key, or nullopt when a key attribute is missing or of the
// wrong type (the action then fails on its own; it names no item).
std::optional<EncodedKey> encoded_key(const TableInfo& table, const json& item_or_key);

// The capacity a transaction used, per table in the order the request first names them.
class TransactionCapacity {
 public:
  // `kind` is "ReadCapacityUnits" or "WriteCapacityUnits".
  explicit TransactionCapacity(std::string kind) : kind_(std::move(kind)) {}
  // `indexes`: what the action's write cost each index whose entries it changed.
  void add(const std::string& table_name, double units,
           const std::vector<IndexWriteUnits>& indexes = {});
  // The ConsumedCapacity list: {TableName, CapacityUnits, <kind>} (the table's and its indexes'
  // units together), and for INDEXES the parts: Table, GlobalSecondaryIndexes and
  // LocalSecondaryIndexes, each {CapacityUnits, <kind>}. Null for NONE.
  json to_json(items::CapacityMode mode) const;

 private:
  struct Table {
    std::string name;
    double units = 0;
    std::vector<IndexWriteUnits> indexes;
  };
  std::string kind_;
  std::vector<Table> tables_;
};

// Two units per 1 KB written, two per 4 KB read, as DynamoDB charges a transaction.
double transactional_write_units(std::size_t bytes);
double transactional_read_units(std::size_t bytes);

}  // namespace streamstack::dynamodb::transactions
