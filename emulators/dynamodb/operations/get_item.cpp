// GetItem: one item by its key, projected; `{}` when there is none.
#include "core/json_service.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
json get_item(Env& env, const core::RequestContext& context, json& input) {
  // Not a GetItem member: the request parser ignores it like any unknown member.
  input.erase("ExpressionAttributeValues");
  validate_request("GetItem", input, TableNameRule::kItem);

  items::check_expression_params(input, {"ProjectionExpression"}, {"AttributesToGet"});
  validate_item(input["Key"]);
  items::check_attributes_to_get(input);
  expr::Substitutions subs = items::make_substitutions(input);
  auto projection = items::parse_projection_member(input, subs);
  subs.check_all_used();

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  const json& key = input["Key"];
  items::validate_key(table, key);
  if (projection) items::check_key_paths(table, projection->paths());

  // The common case, answered with the stored text as it is: parsing the item only to write it
  // out again was a third of a GetItem.
  if (context.raw_json_ok && !projection && !input.contains("AttributesToGet") &&
      items::capacity_mode(input) == items::CapacityMode::kNone) {
    auto text = env.db.read([&](store::Connection& c) { return ItemStore::get_text(c, table, key); });
    return core::raw_json(text ? R"({"Item":)" + *text + "}" : std::string("{}"));
  }

  std::optional<json> item =
      env.db.read([&](store::Connection& c) { return ItemStore::get(c, table, key); });

  json output = json::object();
  if (item) {
    if (projection) {
      output["Item"] = projection->apply(*item);
    } else if (input.contains("AttributesToGet")) {
      output["Item"] = items::pick_attributes(*item, input["AttributesToGet"]);
    } else {
      output["Item"] = *item;
    }
  }
  bool consistent = input.value("ConsistentRead", false);
  items::add_consumed_capacity(output, items::capacity_mode(input), table.name,
                               items::read_units(item ? item_size(*item) : 0, consistent));
  return output;
}

}  // namespace streamstack::dynamodb
