// DeleteItem: removes an item by its key, under an optional condition; deleting a missing item
// succeeds and changes nothing.
#include "dynamodb/attribute_value.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_collection_metrics.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/item_write.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/return_values.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
json delete_item(Env& env, const core::RequestContext& context, json& input) {
  validate_request("DeleteItem", input, TableNameRule::kItem);

  items::check_expression_params(input, {"ConditionExpression"}, {"Expected"});
  validate_item(input["Key"]);
  items::ReturnValues return_values = items::parse_return_values(input);
  items::require_none_or_all_old(return_values);
  items::validate_expected(input);
  expr::Substitutions subs = items::make_substitutions(input);
  auto condition = items::parse_condition_member(input, "ConditionExpression", subs);
  subs.check_all_used();

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  const json& key = input["Key"];
  items::validate_key(table, key);

  items::ItemWrite write;
  write.kind = items::WriteKind::kDelete;
  write.table = table_ref;
  write.item_or_key = &key;
  write.condition = std::move(condition);
  write.legacy = &input;
  write.return_old_on_failure = items::return_old_on_condition_failure(input);
  WriteEffects effects;
  std::int64_t collection_bytes = 0;
  std::optional<json> old_item = env.db.write([&](store::Connection& c) {
    items::WriteResult result = items::evaluate_write(c, write);
    items::apply_write(c, write, result, &effects);
    if (items::wants_item_collection_metrics(input, table)) {
      collection_bytes = items::item_collection_bytes(c, table, key, effects);
    }
    return std::move(result.old_item);
  });

  json output = json::object();
  json attributes =
      items::returned_attributes(return_values, old_item ? &*old_item : nullptr, nullptr);
  if (!attributes.is_null()) output["Attributes"] = std::move(attributes);
  items::add_write_capacity(output, items::capacity_mode(input), table.name,
                            items::write_units(old_item ? item_size(*old_item) : 0),
                            effects.indexes);
  if (items::wants_item_collection_metrics(input, table)) {
    output["ItemCollectionMetrics"] = items::item_collection_metrics(table, key, collection_bytes);
  }
  return output;
}

}  // namespace streamstack::dynamodb
