// BatchWriteItem: up to 25 puts and deletes across tables, each done as an unconditional PutItem
// or DeleteItem. Every request is checked before anything is written, so a request AWS refuses
// writes nothing; everything is written, so UnprocessedItems is always empty.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

#include <algorithm>
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
};

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
    TableWrites table{name, {}, {}, 0};
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
        ItemStore::write(c, t.table, stored ? &*stored : nullptr, w.item);
        std::size_t old_size = stored ? item_size(*stored) : 0;
        t.units += items::write_units(w.item ? std::max(item_size(*w.item), old_size) : old_size);
      }
    }
  });

  json output = {{"UnprocessedItems", json::object()}};
  items::CapacityMode mode = items::capacity_mode(input);
  if (mode != items::CapacityMode::kNone) {
    json capacity = json::array();
    for (const TableWrites& t : tables) {
      capacity.push_back(items::consumed_capacity(mode, t.table.name, t.units));
    }
    output["ConsumedCapacity"] = std::move(capacity);
  }
  return output;
}

}  // namespace streamstack::dynamodb
