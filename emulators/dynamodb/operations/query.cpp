// Query: the items of one partition in sort key order, one page at a time.
#include "dynamodb/errors.h"
#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/index_query.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/query_keys.h"
#include "dynamodb/operations/read_page.h"
#include "dynamodb/operations/start_key.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

// A QueryFilter may not name the key attributes the KeyConditions already constrain (the
// table's, or the queried index's).
void refuse_key_filters(const std::vector<std::string>& keys, const json& input) {
  auto filter = input.find("QueryFilter");
  if (filter == input.end()) return;
  for (const std::string& name : keys) {
    if (filter->contains(name)) {
      throw validation_error(
          "QueryFilter can only contain non-primary key attributes: Primary key attribute: " +
          name);
    }
  }
}

std::vector<std::string> index_keys(const SecondaryIndex& index) {
  std::vector<std::string> names;
  for (const auto* part : {&index.hash, &index.range}) {
    for (const KeyElement& element : *part) names.push_back(element.name);
  }
  return names;
}

// A Query of a secondary index, after the checks every Query makes.
json query_index(Env& env, const json& input, const TableInfo& table,
                 const std::vector<items::KeyPredicate>& predicates,
                 const expr::Projection* projection, const expr::Condition* filter) {
  const SecondaryIndex& index = items::require_index(table, input);
  // Only a multi-attribute key takes more than a partition and a sort key condition.
  if (predicates.size() > 2 && index.hash.size() + index.range.size() <= 2) {
    throw validation_error("Conditions can be of length 1 or 2 only");
  }
  const json* start_key =
      input.contains("ExclusiveStartKey") ? &input["ExclusiveStartKey"] : nullptr;
  std::optional<std::int64_t> limit;
  if (input.contains("Limit")) limit = input["Limit"].get<std::int64_t>();
  IndexPartitionRange range =
      items::plan_index_query(table, index, predicates, start_key,
                              input.value("ScanIndexForward", true), limit.value_or(-1));
  if (projection) items::check_key_paths(table, projection->paths());
  refuse_key_filters(index_keys(index), input);
  items::check_filter_projected(table, index, input, "QueryFilter");
  items::check_select_all(index, input);
  items::check_projected(table, index, input, projection);
  bool fetch = items::fetches_from_table(table, index, input, projection);
  items::PageReader page(items::page_key_names(table, index), limit,
                         items::page_shape(input, projection, filter, "QueryFilter"));
  std::int64_t table_bytes = 0;
  env.db.read([&](store::Connection& c) {
    IndexStore::read_partition(c, range, [&](const IndexRow& row) {
      return items::take_entry(c, table, fetch, row, page, table_bytes);
    });
  });
  return items::page_answer(page, input, table, index, table_bytes);
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
  // A Query of an index may hold more (multi-attribute keys): that index's rule.
  if (predicates.empty() || (predicates.size() > 2 && !input.contains("IndexName"))) {
    throw validation_error("Conditions can be of length 1 or 2 only");
  }

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  if (input.contains("IndexName")) {
    return query_index(env, input, table, predicates, projection.get(), filter.get());
  }
  const json* start_key =
      input.contains("ExclusiveStartKey") ? &input["ExclusiveStartKey"] : nullptr;
  items::PartitionQuery plan = items::plan_query(table, predicates, start_key);
  if (projection) items::check_key_paths(table, projection->paths());
  refuse_key_filters(table.key_names(), input);

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
