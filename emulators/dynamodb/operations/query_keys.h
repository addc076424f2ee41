#pragma once
// Query's key conditions: KeyConditionExpression or the legacy KeyConditions, checked against
// the key schema together with ExclusiveStartKey in DynamoDB's order (dynalite's
// actions/query.js, whose tests ran against AWS), then turned into one sort-key range of one
// partition.
#include "dynamodb/catalog.h"
#include "dynamodb/expressions/expressions.h"
#include "dynamodb/item_store.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// One condition on one attribute, in the legacy operator names (EQ, LT, LE, GT, GE, BETWEEN,
// BEGINS_WITH, and the non-indexable ones KeyConditions also accepts).
struct KeyPredicate {
  std::string attribute;
  std::string op;
  json values = json::array();
};

// Semantic checks of the parsed KeyConditionExpression that need the operand values.
void check_key_condition_operands(const std::vector<expr::KeyCondition>& conditions);

std::vector<KeyPredicate> key_predicates(const std::vector<expr::KeyCondition>& conditions);
std::vector<KeyPredicate> key_predicates(const json& key_conditions);

// Helpers the Query of an index shares (operations/index_query.cpp).
const KeyPredicate* find_predicate(const std::vector<KeyPredicate>& predicates,
                                  const std::string& name);
// The start key's value for one key attribute, checked as DynamoDB checks it.
void check_start_key_piece(const json& start_key, const KeyElement& element, bool is_hash);
// The condition on one key attribute, checked as DynamoDB checks it.
void check_predicate(const KeyPredicate& p, const KeyElement& element, bool is_hash);
// The smallest byte string greater than every string starting with `prefix`; empty when none.
std::string successor(std::string prefix);

// A validated Query on the table's primary key.
struct PartitionQuery {
  json hash_value;
  std::optional<KeyPredicate> range;
};

// Checks the predicates and `start_key` (nullptr when absent) against the table's key schema.
PartitionQuery plan_query(const TableInfo& table, const std::vector<KeyPredicate>& predicates,
                          const json* start_key);

// The stored-row range the query reads.
PartitionRange partition_range(const TableInfo& table, const PartitionQuery& query,
                               const json* start_key, bool forward, std::int64_t limit);

}  // namespace streamstack::dynamodb::items
