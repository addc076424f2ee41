// UpdateItem: edits an item in place with an UpdateExpression (or the legacy AttributeUpdates),
// creating it from its key when absent, under an optional condition.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/attribute_updates.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/return_values.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

#include <algorithm>

namespace streamstack::dynamodb {
namespace {

// Key attributes cannot be written by an update, in the order of the key schema.
void refuse_key_updates(const TableInfo& table, const std::vector<std::string>& updated) {
  auto refuse = [&](const std::string& name) {
    if (std::find(updated.begin(), updated.end(), name) != updated.end()) {
      throw invalid_parameter("Cannot update attribute " + name +
                              ". This attribute is part of the key");
    }
  };
  refuse(table.key.hash.name);
  if (table.key.range) refuse(table.key.range->name);
}

}  // namespace

json update_item(Env& env, const core::RequestContext& context, json& input) {
  validate_request("UpdateItem", input, TableNameRule::kItem);

  items::check_expression_params(input, {"UpdateExpression", "ConditionExpression"},
                                 {"AttributeUpdates", "Expected"});
  validate_item(input["Key"]);
  items::validate_attribute_updates(input);
  items::validate_expected(input);
  items::ReturnValues return_values = items::parse_return_values(input);
  expr::Substitutions subs = items::make_substitutions(input);
  auto update = items::parse_update_member(input, subs);
  auto condition = items::parse_condition_member(input, "ConditionExpression", subs);
  subs.check_all_used();

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  const json& key = input["Key"];
  items::validate_key(table, key);
  std::vector<std::string> updated =
      update ? update->updated_attributes() : items::attribute_update_names(input);
  refuse_key_updates(table, updated);

  struct Outcome {
    std::optional<json> old_item;
    json new_item;
  };
  Outcome outcome = env.db.write([&](store::Connection& c) {
    Outcome o{ItemStore::get(c, table, key), json()};
    items::check_write_condition(input, condition.get(), o.old_item);
    // A missing item is created from its key.
    json base = o.old_item ? *o.old_item : key;
    if (update) {
      o.new_item = update->apply(base);
    } else {
      items::apply_attribute_updates(input, base);
      o.new_item = std::move(base);
    }
    if (item_size(o.new_item) > kMaxItemSize) {
      throw validation_error("Item size to update has exceeded the maximum allowed size");
    }
    items::validate_item_keys(table, o.new_item);
    ItemStore::write(c, table, o.old_item ? &*o.old_item : nullptr, &o.new_item);
    return o;
  });

  const json* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
  json output = json::object();
  json attributes = items::returned_attributes(return_values, old_item, &outcome.new_item, updated);
  if (!attributes.is_null()) output["Attributes"] = std::move(attributes);
  std::size_t written =
      std::max(item_size(outcome.new_item), old_item != nullptr ? item_size(*old_item) : 0);
  items::add_consumed_capacity(output, items::capacity_mode(input), table.name,
                               items::write_units(written));
  return output;
}

}  // namespace streamstack::dynamodb
