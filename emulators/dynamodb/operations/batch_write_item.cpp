// BatchWriteItem: up to 25 puts and deletes across tables, each done as an unconditional PutItem
// or DeleteItem. Every request is checked before anything is written, so a request AWS refuses
// writes nothing; everything is written, so UnprocessedItems is always empty.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/item_collection_metrics.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace streamstack::dynamodb {
namespace {

constexpr std::size_t kMaxRequests = 25;

// One PutRequest (item set) or DeleteRequest (key set) of the batch.
struct Write {
  const json* item = nullptr;
  const json* key = nullptr;
};

struct TableWrites {
  std::string name;
  TableInfo table;
  std::vector<Write> writes;
  double units = 0;
  std::vector<IndexWriteUnits> index_units;
  // ReturnItemCollectionMetrics: each collection the batch touched, once, at its final size.
  json collections = json::array();
  std::map<std::string, std::size_t> collection_of;  // stored partition key -> its entry
};

// A table's item collections as the batch left them.
void note_collection(store::Connection& c, TableWrites& t, const json& key,
                     const WriteEffects& effects) {
  std::int64_t bytes = items::item_collection_bytes(c, t.table, key, effects);
  json metrics = items::item_collection_metrics(t.table, key, bytes);
  std::string pk = ItemStore::encode_key(t.table.key, key).pk;
  auto [it, added] = t.collection_of.emplace(pk, t.collections.size());
  if (added) {
    t.collections.push_back(std::move(metrics));
  } else {
    t.collections[it->second] = std::move(metrics);
  }
}

// The checks of the values AWS makes before it looks up any table, in its order (dynalite's
// validations/batchWriteItem.js, written against AWS): a request naming neither PutRequest nor
// DeleteRequest is refused in the words of an empty AttributeValue, then each request's values.
std::vector<TableWrites> decode_requests(json& request_items) {
  std::size_t total = 0;
  for (auto& [name, requests] : request_items.items()) total += requests.size();
  if (total > kMaxRequests) {
    throw validation_error("Too many items requested for the BatchWriteItem call");
  }
  std::vector<TableWrites> tables;
  for (auto& [name, requests] : request_items.items()) {
    TableWrites table{name, {}, {}, 0, {}, json::array(), {}};
    for (json& request : requests) {
      if (!request.contains("PutRequest") && !request.contains("DeleteRequest")) {
        throw validation_error(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
    }
    for (json& request : requests) {
      if (request.contains("PutRequest")) {
        json& item = request["PutRequest"]["Item"];
        validate_item(item);
        if (item_size(item) > kMaxItemSize) {
          throw validation_error("Item size has exceeded the maximum allowed size");
        }
        table.writes.push_back({&item, nullptr});
      } else {
        json& key = request["DeleteRequest"]["Key"];
        validate_item(key);
        table.writes.push_back({nullptr, &key});
      }
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

// Each table must exist and each request's key fit its schema; one key twice in a table's list
// is refused whether put or deleted (dynalite test/batchWriteItem.js).
void check_against_tables(Env& env, const core::RequestContext& context,
                          std::vector<TableWrites>& tables) {
  for (TableWrites& t : tables) {
    t.table = *items::require_table(env, context, json{{"TableName", t.name}});
    std::set<std::string> keys;
    for (const Write& w : t.writes) {
      if (w.item != nullptr) {
        items::validate_batch_item_keys(t.table, *w.item);
      } else {
        items::validate_key(t.table, *w.key);
      }
      EncodedKey encoded = ItemStore::encode_key(t.table.key, w.item ? *w.item : *w.key);
      std::string joined = encoded.pk;
      joined += '\0';
      joined += encoded.sk;
      if (!keys.insert(std::move(joined)).second) {
        throw validation_error("Provided list of item keys contains duplicates");
      }
    }
  }
}

}  // namespace

json batch_write_item(Env& env, const core::RequestContext& context, json& input) {
  validate_request("BatchWriteItem", input, TableNameRule::kItem);
  std::vector<TableWrites> tables = decode_requests(input["RequestItems"]);
  check_against_tables(env, context, tables);

  env.db.write([&](store::Connection& c) {
    for (TableWrites& t : tables) {
      for (const Write& w : t.writes) {
        const json& key = w.item ? *w.item : *w.key;
        std::optional<json> stored = ItemStore::get(c, t.table, key);
        WriteEffects effects;
        ItemStore::write(c, t.table, stored ? &*stored : nullptr, w.item, nullptr, &effects);
        std::size_t old_size = stored ? item_size(*stored) : 0;
        t.units += items::write_units(w.item ? std::max(item_size(*w.item), old_size) : old_size);
        t.index_units.insert(t.index_units.end(), effects.indexes.begin(), effects.indexes.end());
        if (items::wants_item_collection_metrics(input, t.table)) {
          note_collection(c, t, key, effects);
        }
      }
    }
  });

  json output = {{"UnprocessedItems", json::object()}};
  items::CapacityMode mode = items::capacity_mode(input);
  if (mode != items::CapacityMode::kNone) {
    json capacity = json::array();
    for (const TableWrites& t : tables) {
      capacity.push_back(items::write_capacity(mode, t.table.name, t.units, t.index_units));
    }
    output["ConsumedCapacity"] = std::move(capacity);
  }
  for (const TableWrites& t : tables) {
    if (!t.collections.empty()) output["ItemCollectionMetrics"][t.table.name] = t.collections;
  }
  return output;
}

}  // namespace streamstack::dynamodb
