#include "dynamodb/expressions/evaluator.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/compare.h"
#include "dynamodb/expressions/operators.h"

#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

bool equal(const json* a, const json* b) {
  return a != nullptr && b != nullptr && attribute_values_equal(*a, *b);
}

}  // namespace

bool Evaluator::operands(const Node& node, std::vector<const json*>& values) {
  TypeSet accepted = operator_info(node).operand_types;
  for (const NodePtr& child : node.children) {
    const json* value = operand(*child);
    if (value != nullptr && (type_of(*value) & accepted) == 0) return false;
    values.push_back(value);
  }
  return true;
}

bool Evaluator::condition(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kAnd: return condition(*node.children[0]) && condition(*node.children[1]);
    case Node::Kind::kOr: return condition(*node.children[0]) || condition(*node.children[1]);
    case Node::Kind::kNot: return !condition(*node.children[0]);
    case Node::Kind::kFunction: return function(node);
    default: return comparison(node);
  }
}

bool Evaluator::comparison(const Node& node) {
  std::vector<const json*> values;
  if (!operands(node, values)) return false;
  switch (node.kind) {
    case Node::Kind::kBetween:
      return ordered(values[0], values[2], "<=") && ordered(values[0], values[1], ">=");
    case Node::Kind::kIn:
      for (std::size_t i = 1; i < values.size(); ++i) {
        if (equal(values[0], values[i])) return true;
      }
      return false;
    default: break;
  }
  if (node.op == "=") return equal(values[0], values[1]);
  // A missing attribute is unequal to everything, even to another missing attribute.
  if (node.op == "<>") return !equal(values[0], values[1]);
  return ordered(values[0], values[1], node.op);
}

bool Evaluator::function(const Node& node) {
  std::vector<const json*> values;
  if (!operands(node, values)) return false;
  const std::string& name = node.op;
  if (name == "attribute_exists") return values[0] != nullptr;
  if (name == "attribute_not_exists") return values[0] == nullptr;
  if (values[0] == nullptr || values[1] == nullptr) return false;
  if (name == "attribute_type") {
    return attribute_type(*values[0]) == values[1]->at("S").get_ref<const std::string&>();
  }
  if (name == "begins_with") return value_begins_with(*values[0], *values[1]);
  return value_contains(*values[0], *values[1]);
}

const json* Evaluator::operand(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kPath: return resolve_path(item_, node.path);
    case Node::Kind::kValue: return node.value;
    default: break;
  }
  // Validation leaves size() as the only function an operand can be.
  std::vector<const json*> values;
  if (!operands(node, values)) return nullptr;
  return size(values[0]);
}

const json* Evaluator::size(const json* value) {
  if (value == nullptr) return nullptr;
  std::optional<std::size_t> n = value_size(*value);
  if (!n) return nullptr;
  computed_.push_back(json{{"N", std::to_string(*n)}});
  return &computed_.back();
}

}  // namespace streamstack::dynamodb::expr::detail
