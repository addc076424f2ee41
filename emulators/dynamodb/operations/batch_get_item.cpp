// BatchGetItem: up to 100 items by key across tables, each read and projected as GetItem reads
// it. Every key is read, so UnprocessedKeys is always empty; a key with no item is left out.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace streamstack::dynamodb {
namespace {

constexpr std::size_t kMaxKeys = 100;

struct TableReads {
  std::string name;
  json* request = nullptr;  // the table's KeysAndAttributes
  std::unique_ptr<expr::Projection> projection;
  TableInfo table;
  double units = 0;
};

// The checks AWS makes before it looks up any table, table by table in its order (dynalite's
// validations/batchGetItem.js, written against AWS): the projection parameters, then each key's
// values, refusing a key given twice and a 101st key.
std::vector<TableReads> decode_requests(json& request_items) {
  std::vector<TableReads> tables;
  std::size_t keys = 0;
  for (auto& [name, request] : request_items.items()) {
    TableReads reads;
    reads.name = name;
    reads.request = &request;
    // Not a KeysAndAttributes member: ignored like any unknown member, as GetItem ignores it.
    request.erase("ExpressionAttributeValues");
    items::check_expression_params(request, {"ProjectionExpression"}, {"AttributesToGet"});
    items::check_attributes_to_get(request);
    expr::Substitutions subs = items::make_substitutions(request);
    reads.projection = items::parse_projection_member(request, subs);
    subs.check_all_used();
    std::set<std::string> seen;
    for (json& key : request["Keys"]) {
      validate_item(key);
      // Numbers are canonical by now and objects print sorted: equal keys print alike.
      if (!seen.insert(key.dump()).second) {
        throw validation_error("Provided list of item keys contains duplicates");
      }
      if (++keys > kMaxKeys) {
        throw validation_error("Too many items requested for the BatchGetItem call");
      }
    }
    tables.push_back(std::move(reads));
  }
  return tables;
}

void check_against_tables(Env& env, const core::RequestContext& context,
                          std::vector<TableReads>& tables) {
  for (TableReads& t : tables) {
    t.table = *items::require_table(env, context, json{{"TableName", t.name}});
    for (const json& key : (*t.request)["Keys"]) items::validate_key(t.table, key);
    if (t.projection) items::check_key_paths(t.table, t.projection->paths());
  }
}

json project(const TableReads& t, const json& item) {
  if (t.projection) return t.projection->apply(item);
  if (t.request->contains("AttributesToGet")) {
    return items::pick_attributes(item, (*t.request)["AttributesToGet"]);
  }
  return item;
}

}  // namespace

json batch_get_item(Env& env, const core::RequestContext& context, json& input) {
  validate_request("BatchGetItem", input, TableNameRule::kItem);
  std::vector<TableReads> tables = decode_requests(input["RequestItems"]);
  check_against_tables(env, context, tables);

  json responses = json::object();
  env.db.read([&](store::Connection& c) {
    for (TableReads& t : tables) {
      bool consistent = t.request->value("ConsistentRead", false);
      json found = json::array();
      for (const json& key : (*t.request)["Keys"]) {
        std::optional<json> item = ItemStore::get(c, t.table, key);
        t.units += items::read_units(item ? item_size(*item) : 0, consistent);
        if (item) found.push_back(project(t, *item));
      }
      responses[t.name] = std::move(found);
    }
  });

  json output = {{"Responses", std::move(responses)}, {"UnprocessedKeys", json::object()}};
  items::CapacityMode mode = items::capacity_mode(input);
  if (mode != items::CapacityMode::kNone) {
    json capacity = json::array();
    for (const TableReads& t : tables) {
      capacity.push_back(items::consumed_capacity(mode, t.table.name, t.units));
    }
    output["ConsumedCapacity"] = std::move(capacity);
  }
  return output;
}

}  // namespace streamstack::dynamodb
