// KeyConditionExpression: parsed and validated as a condition, then read as DynamoDB reads it:
// conditions joined by AND, each comparing one top-level key attribute with values.
#include "dynamodb/errors.h"
#include "dynamodb/expressions/parse_entry.h"

#include <optional>
#include <string>

namespace streamstack::dynamodb::expr {
namespace detail {
namespace {

std::optional<KeyCondition::Op> key_operator(const Node& node) {
  using Op = KeyCondition::Op;
  switch (node.kind) {
    case Node::Kind::kBetween: return Op::kBetween;
    case Node::Kind::kFunction:
      if (node.op == "begins_with") return Op::kBeginsWith;
      return std::nullopt;
    case Node::Kind::kComparison:
      if (node.op == "=") return Op::kEq;
      if (node.op == "<") return Op::kLt;
      if (node.op == "<=") return Op::kLe;
      if (node.op == ">") return Op::kGt;
      if (node.op == ">=") return Op::kGe;
      return std::nullopt;
    default: return std::nullopt;
  }
}

// ":v < k" is "k > :v".
KeyCondition::Op mirrored(KeyCondition::Op op) {
  using Op = KeyCondition::Op;
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kGt: return Op::kLt;
    case Op::kLe: return Op::kGe;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

KeyCondition read_condition(const Node& node) {
  std::optional<KeyCondition::Op> op = key_operator(node);
  if (!op) throw validation_error("Invalid operator used in KeyConditionExpression: " + node.op);
  KeyCondition condition;
  condition.op = *op;
  bool have_attribute = false;
  std::vector<const json*> values;
  for (const NodePtr& child : node.children) {
    if (child->kind == Node::Kind::kPath) {
      if (have_attribute) {
        throw validation_error(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition");
      }
      if (child->path.size() > 1) {
        throw validation_error("KeyConditionExpressions cannot have conditions on nested attributes");
      }
      condition.attribute = child->path.front().name;
      have_attribute = true;
    } else if (child->kind == Node::Kind::kValue) {
      if (!have_attribute) {
        if (condition.op == KeyCondition::Op::kBetween ||
            condition.op == KeyCondition::Op::kBeginsWith) {
          throw validation_error("Invalid condition in KeyConditionExpression: " + node.op +
                                 " operator must have the key attribute as its first operand");
        }
        condition.op = mirrored(condition.op);
      }
      values.push_back(child->value);
    } else {
      throw validation_error("KeyConditionExpressions cannot contain nested operations");
    }
  }
  if (!have_attribute) {
    throw validation_error("Invalid condition in KeyConditionExpression: No key attribute specified");
  }
  if (!values.empty()) condition.value = *values[0];
  if (values.size() > 1) condition.value2 = *values[1];
  return condition;
}

void read_conditions(const Node& node, std::vector<KeyCondition>& out) {
  if (node.kind == Node::Kind::kAnd) {
    for (const NodePtr& child : node.children) read_conditions(*child, out);
    return;
  }
  KeyCondition condition = read_condition(node);
  for (const KeyCondition& existing : out) {
    if (existing.attribute == condition.attribute) {
      throw validation_error("KeyConditionExpressions must only contain one condition per key");
    }
  }
  out.push_back(std::move(condition));
}

}  // namespace
}  // namespace detail

std::vector<KeyCondition> parse_key_condition(std::string_view text, Substitutions& subs) {
  detail::NodePtr root = detail::parse_condition_tree(text, subs, "KeyConditionExpression");
  std::vector<KeyCondition> conditions;
  detail::read_conditions(*root, conditions);
  return conditions;
}

}  // namespace streamstack::dynamodb::expr
