// UpdateItem: edits an item in place with an UpdateExpression (or the legacy AttributeUpdates),
// creating it from its key when absent, under an optional condition.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/attribute_updates.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_collection_metrics.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/item_write.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/return_values.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

#include <algorithm>

namespace streamstack::dynamodb {
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
  items::refuse_key_updates(table, updated);

  items::ItemWrite write;
  write.kind = items::WriteKind::kUpdate;
  write.table = table_ref;
  write.item_or_key = &key;
  write.update = std::move(update);
  write.condition = std::move(condition);
  write.legacy = &input;
  write.return_old_on_failure = items::return_old_on_condition_failure(input);
  WriteEffects effects;
  std::int64_t collection_bytes = 0;
  items::WriteResult outcome = env.db.write([&](store::Connection& c) {
    items::WriteResult result = items::evaluate_write(c, write);
    items::apply_write(c, write, result, &effects);
    if (items::wants_item_collection_metrics(input, table)) {
      collection_bytes = items::item_collection_bytes(c, table, key, effects);
    }
    return result;
  });

  const json* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
  json output = json::object();
  const json& new_item = *outcome.new_item;
  json attributes = items::returned_attributes(return_values, old_item, &new_item, updated);
  if (!attributes.is_null()) output["Attributes"] = std::move(attributes);
  std::size_t written =
      std::max(item_size(new_item), old_item != nullptr ? item_size(*old_item) : 0);
  items::add_write_capacity(output, items::capacity_mode(input), table.name,
                            items::write_units(written), effects.indexes);
  if (items::wants_item_collection_metrics(input, table)) {
    output["ItemCollectionMetrics"] = items::item_collection_metrics(table, key, collection_bytes);
  }
  return output;
}

}  // namespace streamstack::dynamodb
