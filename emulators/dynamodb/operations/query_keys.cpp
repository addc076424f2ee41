#include "dynamodb/operations/query_keys.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"

#include <algorithm>

namespace streamstack::dynamodb::items {
namespace {

constexpr const char* kInvalidStartKey = "The provided starting key is invalid";

std::string op_name(expr::KeyCondition::Op op) {
  switch (op) {
    case expr::KeyCondition::Op::kEq:
      return "EQ";
    case expr::KeyCondition::Op::kLt:
      return "LT";
    case expr::KeyCondition::Op::kLe:
      return "LE";
    case expr::KeyCondition::Op::kGt:
      return "GT";
    case expr::KeyCondition::Op::kGe:
      return "GE";
    case expr::KeyCondition::Op::kBetween:
      return "BETWEEN";
    case expr::KeyCondition::Op::kBeginsWith:
      return "BEGINS_WITH";
  }
  return "EQ";
}

// "{S:a}", as DynamoDB prints an operand in expression messages.
std::string operand_text(const json& value) {
  const json& v = value.begin().value();
  return "{" + value.begin().key() + ":" + (v.is_string() ? v.get<std::string>() : v.dump()) + "}";
}

bool is_scalar(std::string_view type) { return type == "S" || type == "N" || type == "B"; }

bool non_indexable(const std::string& op) {
  return op == "NULL" || op == "NOT_NULL" || op == "NE" || op == "CONTAINS" ||
         op == "NOT_CONTAINS" || op == "IN";
}

}  // namespace

const KeyPredicate* find_predicate(const std::vector<KeyPredicate>& predicates,
                                  const std::string& name) {
  auto it = std::find_if(predicates.begin(), predicates.end(),
                         [&](const KeyPredicate& p) { return p.attribute == name; });
  return it == predicates.end() ? nullptr : &*it;
}

void check_start_key_piece(const json& start_key, const KeyElement& element, bool is_hash) {
  auto it = start_key.find(element.name);
  if (it == start_key.end()) throw validation_error(kInvalidStartKey);
  if (attribute_type(*it) != element.type) {
    throw validation_error("The provided key element does not match the schema");
  }
  check_key_value(element.name, *it, is_hash);
}

void check_predicate(const KeyPredicate& p, const KeyElement& element, bool is_hash) {
  if (non_indexable(p.op)) {
    throw validation_error("Attempted conditional constraint is not an indexable operation");
  }
  for (const json& v : p.values) {
    if (attribute_type(v) != element.type) {
      throw invalid_parameter("Condition parameter type does not match schema type");
    }
  }
  if (is_hash && p.op != "EQ") throw validation_error("Query key condition not supported");
}

std::string successor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

void check_key_condition_operands(const std::vector<expr::KeyCondition>& conditions) {
  for (const expr::KeyCondition& c : conditions) {
    std::string_view type = attribute_type(c.value);
    if (c.op == expr::KeyCondition::Op::kBeginsWith && type != "S" && type != "B") {
      throw validation_error(
          "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
          "operator or function: begins_with, operand type: " +
          std::string(type));
    }
    if (c.op != expr::KeyCondition::Op::kBetween) continue;
    std::string operands = "lower bound operand: AttributeValue: " + operand_text(c.value) +
                           ", upper bound operand: AttributeValue: " + operand_text(c.value2);
    if (type != attribute_type(c.value2)) {
      throw validation_error(
          "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for "
          "lower and upper bounds; " +
          operands);
    }
    if (is_scalar(type) && encode_key_value(c.value) > encode_key_value(c.value2)) {
      throw validation_error(
          "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
          "greater than or equal to lower bound; " +
          operands);
    }
  }
}

std::vector<KeyPredicate> key_predicates(const std::vector<expr::KeyCondition>& conditions) {
  std::vector<KeyPredicate> predicates;
  for (const expr::KeyCondition& c : conditions) {
    KeyPredicate p{c.attribute, op_name(c.op), json::array({c.value})};
    if (c.op == expr::KeyCondition::Op::kBetween) p.values.push_back(c.value2);
    predicates.push_back(std::move(p));
  }
  return predicates;
}

std::vector<KeyPredicate> key_predicates(const json& key_conditions) {
  std::vector<KeyPredicate> predicates;
  for (const auto& [name, condition] : key_conditions.items()) {
    predicates.push_back({name, condition.value("ComparisonOperator", ""),
                          condition.value("AttributeValueList", json::array())});
  }
  return predicates;
}

PartitionQuery plan_query(const TableInfo& table, const std::vector<KeyPredicate>& predicates,
                          const json* start_key) {
  std::size_t key_size = table.key.range ? 2 : 1;
  if (start_key != nullptr && start_key->size() != key_size) {
    throw validation_error(kInvalidStartKey);
  }
  PartitionQuery query;
  auto visit = [&](const KeyElement& element, bool is_hash) {
    if (start_key != nullptr) check_start_key_piece(*start_key, element, is_hash);
    if (is_hash && !table.key.range && predicates.size() > 1) {
      throw validation_error("Query key condition not supported");
    }
    const KeyPredicate* p = find_predicate(predicates, element.name);
    if (p == nullptr) {
      if (is_hash || predicates.size() > 1) {
        throw validation_error("Query condition missed key schema element: " + element.name);
      }
      return;
    }
    check_predicate(*p, element, is_hash);
    if (is_hash) {
      query.hash_value = p->values.at(0);
    } else {
      query.range = *p;
    }
  };
  visit(table.key.hash, true);
  if (table.key.range) visit(*table.key.range, false);
  if (start_key == nullptr) return query;
  bool same_partition =
      attribute_values_equal(start_key->at(table.key.hash.name), query.hash_value);
  if (!query.range) {
    if (!same_partition) {
      throw validation_error(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    return query;
  }
  if (!compare(query.range->op, &start_key->at(table.key.range->name), query.range->values)) {
    throw validation_error("The provided starting key does not match the range key predicate");
  }
  if (!same_partition) {
    throw validation_error("The query can return at most one row and cannot be restarted");
  }
  return query;
}

PartitionRange partition_range(const TableInfo& table, const PartitionQuery& query,
                               const json* start_key, bool forward, std::int64_t limit) {
  PartitionRange range;
  range.table_id = table.id;
  range.pk = encode_key_value(query.hash_value);
  range.forward = forward;
  range.limit = limit;
  if (query.range) {
    const std::string& op = query.range->op;
    std::string first = encode_key_value(query.range->values.at(0));
    if (op == "EQ") {
      range.lower = SortKeyBound{first, true};
      range.upper = SortKeyBound{first, true};
    } else if (op == "LT" || op == "LE") {
      range.upper = SortKeyBound{first, op == "LE"};
    } else if (op == "GT" || op == "GE") {
      range.lower = SortKeyBound{first, op == "GE"};
    } else if (op == "BETWEEN") {
      range.lower = SortKeyBound{first, true};
      range.upper = SortKeyBound{encode_key_value(query.range->values.at(1)), true};
    } else if (op == "BEGINS_WITH") {
      // S and B sort keys are stored as their raw bytes, so a prefix is a byte range.
      range.lower = SortKeyBound{first, true};
      std::string end = successor(first);
      if (!end.empty()) range.upper = SortKeyBound{end, false};
    }
  }
  if (start_key != nullptr) {
    // Resume after the start key, in the direction of the read.
    SortKeyBound after{ItemStore::encode_key(table.key, *start_key).sk, false};
    if (forward) {
      range.lower = after;
    } else {
      range.upper = after;
    }
  }
  return range;
}

}  // namespace streamstack::dynamodb::items
