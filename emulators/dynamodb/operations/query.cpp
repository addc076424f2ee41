// Query: the items of one partition in sort key order, one page at a time.
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/query_keys.h"
#include "dynamodb/operations/read_page.h"
#include "dynamodb/operations/start_key.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

// A QueryFilter may not name the key attributes the KeyConditions already constrain.
void refuse_key_filters(const TableInfo& table, const json& input) {
  auto filter = input.find("QueryFilter");
  if (filter == input.end()) return;
  auto refuse = [&](const std::string& name) {
    if (filter->contains(name)) {
      throw validation_error(
          "QueryFilter can only contain non-primary key attributes: Primary key attribute: " +
          name);
    }
  };
  refuse(table.key.hash.name);
  if (table.key.range) refuse(table.key.range->name);
}

}  // namespace

json query(Env& env, const core::RequestContext& context, json& input) {
  validate_request("Query", input, TableNameRule::kItem);

  items::check_expression_params(
      input, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
      {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"});
  items::validate_conditions(input, "QueryFilter");
  items::check_attributes_to_get(input);
  items::validate_start_key_values(input);
  if (!input.contains("KeyConditions") && !input.contains("KeyConditionExpression")) {
    throw validation_error(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }
  items::check_select(input, true);
  expr::Substitutions subs = items::make_substitutions(input);
  std::vector<expr::KeyCondition> key_conditions = items::parse_key_condition_member(input, subs);
  auto filter = items::parse_condition_member(input, "FilterExpression", subs);
  auto projection = items::parse_projection_member(input, subs);
  subs.check_all_used();
  items::check_key_condition_operands(key_conditions);
  items::validate_conditions(input, "KeyConditions");
  std::vector<items::KeyPredicate> predicates = input.contains("KeyConditionExpression")
                                                    ? items::key_predicates(key_conditions)
                                                    : items::key_predicates(input["KeyConditions"]);
  if (predicates.empty() || predicates.size() > 2) {
    throw validation_error("Conditions can be of length 1 or 2 only");
  }

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  if (input.contains("IndexName")) {
    throw validation_error("The table does not have the specified index: " +
                           input["IndexName"].get<std::string>());
  }
  const json* start_key =
      input.contains("ExclusiveStartKey") ? &input["ExclusiveStartKey"] : nullptr;
  items::PartitionQuery plan = items::plan_query(table, predicates, start_key);
  if (projection) items::check_key_paths(table, projection->paths());
  refuse_key_filters(table, input);

  std::optional<std::int64_t> limit;
  if (input.contains("Limit")) limit = input["Limit"].get<std::int64_t>();
  PartitionRange range = items::partition_range(
      table, plan, start_key, input.value("ScanIndexForward", true), limit.value_or(-1));
  items::PageReader page(table.key, limit,
                         items::page_shape(input, projection.get(), filter.get(), "QueryFilter"));
  env.db.read([&](store::Connection& c) {
    ItemStore::read_partition(c, range, [&](const ItemRow& row) { return page.take(row); });
  });

  return items::page_answer(page, input, table);
}

}  // namespace streamstack::dynamodb
