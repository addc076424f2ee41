#include "dynamodb/transactions/transact_support.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/item_keys.h"

#include <algorithm>

namespace streamstack::dynamodb::transactions {
namespace {

const json* typed_key_value(const json& item_or_key, const KeyElement& element) {
  if (!item_or_key.is_object()) return nullptr;
  auto it = item_or_key.find(element.name);
  if (it == item_or_key.end() || attribute_type(*it) != element.type) return nullptr;
  return &*it;
}

}  // namespace

void check_key_values(const TableInfo& table, const json& item_or_key) {
  if (const json* v = typed_key_value(item_or_key, table.key.hash)) {
    items::check_key_value(table.key.hash.name, *v, true);
  }
  if (table.key.range) {
    if (const json* v = typed_key_value(item_or_key, *table.key.range)) {
      items::check_key_value(table.key.range->name, *v, false);
    }
  }
}

std::optional<EncodedKey> encoded_key(const TableInfo& table, const json& item_or_key) {
  if (typed_key_value(item_or_key, table.key.hash) == nullptr) return std::nullopt;
  if (table.key.range && typed_key_value(item_or_key, *table.key.range) == nullptr)
    return std::nullopt;
  return ItemStore::encode_key(table.key, item_or_key);
}

void TransactionCapacity::add(const std::string& table_name, double units,
                              const std::vector<IndexWriteUnits>& indexes) {
  auto table = std::find_if(tables_.begin(), tables_.end(),
                            [&](const Table& t) { return t.name == table_name; });
  if (table == tables_.end()) table = tables_.insert(tables_.end(), Table{table_name, 0, {}});
  table->units += units;
  for (const IndexWriteUnits& index : indexes) {
    auto known = std::find_if(table->indexes.begin(), table->indexes.end(),
                              [&](const IndexWriteUnits& i) { return i.index == index.index; });
    if (known == table->indexes.end()) {
      table->indexes.push_back(index);
    } else {
      known->units += index.units;
    }
  }
}

json TransactionCapacity::to_json(items::CapacityMode mode) const {
  if (mode == items::CapacityMode::kNone) return nullptr;
  auto units = [&](double n) { return json{{"CapacityUnits", n}, {kind_, n}}; };
  json list = json::array();
  for (const Table& table : tables_) {
    double total = table.units;
    for (const IndexWriteUnits& index : table.indexes) total += index.units;
    json entry = units(total);
    entry["TableName"] = table.name;
    if (mode == items::CapacityMode::kIndexes) {
      entry["Table"] = units(table.units);
      for (const IndexWriteUnits& index : table.indexes) {
        const char* part = index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
        entry[part][index.index] = units(index.units);
      }
    }
    list.push_back(std::move(entry));
  }
  return list;
}

double transactional_write_units(std::size_t bytes) { return 2 * items::write_units(bytes); }

double transactional_read_units(std::size_t bytes) { return 2 * items::read_units(bytes, true); }

}  // namespace streamstack::dynamodb::transactions
