// Applying a validated UpdateExpression to an item, with DynamoDB's errors for what only the
// item reveals: a path through a missing or non-container attribute, operands of the wrong
// type, a SET value that refers to a missing attribute.
#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/expressions/operators.h"
#include "dynamodb/expressions/update.h"
#include "dynamodb/number.h"

#include <deque>
#include <map>
#include <optional>
#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

core::ApiError invalid_path() {
  return validation_error("The document path provided in the update expression is invalid for update");
}
core::ApiError incorrect_type() {
  return validation_error("An operand in the update expression has an incorrect data type");
}
core::ApiError missing_attribute() {
  return validation_error(
      "The provided expression refers to an attribute that does not exist in the item");
}

bool same_member(std::string_view set_type, const json& a, const json& b) {
  const auto& x = a.get_ref<const std::string&>();
  const auto& y = b.get_ref<const std::string&>();
  if (set_type == "NS") return Number::parse(x) == Number::parse(y);
  if (set_type == "BS") return core::base64_decode(x) == core::base64_decode(y);
  return x == y;
}

bool set_contains(std::string_view set_type, const json& members, const json& element) {
  for (const json& member : members) {
    if (same_member(set_type, member, element)) return true;
  }
  return false;
}

class UpdateApplier {
 public:
  UpdateApplier(const ParsedUpdate& update, const json& item) : update_(update), item_(item) {}

  json apply() {
    if (!item_.is_object()) return update_map(update_.tree.root(), json::object());
    return update_map(update_.tree.root(), item_);
  }

 private:
  json update_map(const PathTreeNode& node, const json& members);
  json update_list(const PathTreeNode& node, const json& elements);
  json update_container(const PathTreeNode& node, const json& value);
  std::optional<json> action_result(int leaf, const json* current);
  std::optional<json> add(const json& operand, const json* current) const;
  std::optional<json> remove_elements(const json& operand, const json* current) const;
  const json* evaluate(const Node& node);
  const json* compute(const Node& node, const std::vector<const json*>& operands);

  const ParsedUpdate& update_;
  const json& item_;
  std::deque<json> computed_;
};

json UpdateApplier::update_map(const PathTreeNode& node, const json& members) {
  json result = members;
  for (const PathTreeChild& child : node.children) {
    if (child.element.index) throw invalid_path();
    const std::string& name = child.element.name;
    auto found = members.find(name);
    const json* current = found == members.end() ? nullptr : &*found;
    if (!child.subtree) {
      std::optional<json> value = action_result(child.leaf, current);
      if (value) {
        result[name] = std::move(*value);
      } else {
        result.erase(name);
      }
    } else if (current != nullptr) {
      result[name] = update_container(*child.subtree, *current);
    } else {
      throw invalid_path();
    }
  }
  return result;
}

// Elements are keyed by index, so an index past the end lands after the last element and a
// removed element leaves no gap.
json UpdateApplier::update_list(const PathTreeNode& node, const json& elements) {
  std::map<std::size_t, json> placed;
  for (const PathTreeChild& child : node.children) {
    if (!child.element.index) throw invalid_path();
    std::size_t index = *child.element.index;
    const json* current = index < elements.size() ? &elements[index] : nullptr;
    if (!child.subtree) {
      std::optional<json> value = action_result(child.leaf, current);
      if (value) placed.emplace(index, std::move(*value));
    } else if (current != nullptr) {
      placed.emplace(index, update_container(*child.subtree, *current));
    } else {
      throw invalid_path();
    }
  }
  for (std::size_t i = 0; i < elements.size(); ++i) {
    bool updated = false;
    for (const PathTreeChild& child : node.children) updated = updated || *child.element.index == i;
    if (!updated) placed.emplace(i, elements[i]);
  }
  json result = json::array();
  for (auto& [index, value] : placed) result.push_back(std::move(value));
  return result;
}

json UpdateApplier::update_container(const PathTreeNode& node, const json& value) {
  std::string_view type = attribute_type(value);
  if (type == "M") return json{{"M", update_map(node, value.at("M"))}};
  if (type == "L") return json{{"L", update_list(node, value.at("L"))}};
  throw invalid_path();
}

std::optional<json> UpdateApplier::action_result(int leaf, const json* current) {
  const UpdateAction& action = update_.actions[static_cast<std::size_t>(leaf)];
  switch (action.type) {
    case UpdateAction::Type::kRemove: return std::nullopt;
    case UpdateAction::Type::kAdd: return add(*action.value->value, current);
    case UpdateAction::Type::kDelete: return remove_elements(*action.value->value, current);
    case UpdateAction::Type::kSet: break;
  }
  const json* value = evaluate(*action.value);
  if (value == nullptr) throw missing_attribute();
  return *value;
}

// ADD creates the attribute when absent, adds numbers, and unites sets of one type.
std::optional<json> UpdateApplier::add(const json& operand, const json* current) const {
  if (current == nullptr) return operand;
  std::string_view type = attribute_type(operand);
  if (attribute_type(*current) != type) throw incorrect_type();
  if (type == "N") {
    Number sum = Number::parse(current->at("N").get_ref<const std::string&>()) +
                 Number::parse(operand.at("N").get_ref<const std::string&>());
    return json{{"N", sum.to_string()}};
  }
  json result = *current;
  json& members = result.begin().value();
  for (const json& element : operand.begin().value()) {
    if (!set_contains(type, members, element)) members.push_back(element);
  }
  return result;
}

// DELETE takes elements out of a set of one type; a set left empty is removed, as DynamoDB
// stores no empty sets.
std::optional<json> UpdateApplier::remove_elements(const json& operand, const json* current) const {
  if (current == nullptr) return std::nullopt;
  std::string_view type = attribute_type(operand);
  if (attribute_type(*current) != type) throw incorrect_type();
  json kept = json::array();
  for (const json& member : current->begin().value()) {
    if (!set_contains(type, operand.begin().value(), member)) kept.push_back(member);
  }
  if (kept.empty()) return std::nullopt;
  return json{{std::string(type), std::move(kept)}};
}

// A SET value, computed from the item before the update; nullptr when it refers to a missing
// attribute.
const json* UpdateApplier::evaluate(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kPath: return resolve_path(item_, node.path);
    case Node::Kind::kValue: return node.value;
    default: break;
  }
  std::vector<const json*> operands;
  for (const NodePtr& child : node.children) operands.push_back(evaluate(*child));
  const OperatorInfo& info = operator_info(node);
  for (const json* operand : operands) {
    if (operand == nullptr && !info.allow_missing) throw missing_attribute();
    if (operand != nullptr && (type_of(*operand) & info.operand_types) == 0) throw incorrect_type();
  }
  return compute(node, operands);
}

const json* UpdateApplier::compute(const Node& node, const std::vector<const json*>& operands) {
  if (node.op == "if_not_exists") {
    if (operands[1] == nullptr) throw missing_attribute();
    return operands[0] != nullptr ? operands[0] : operands[1];
  }
  if (node.op == "list_append") {
    json elements = operands[0]->at("L");
    for (const json& element : operands[1]->at("L")) elements.push_back(element);
    computed_.push_back(json{{"L", std::move(elements)}});
    return &computed_.back();
  }
  Number left = Number::parse(operands[0]->at("N").get_ref<const std::string&>());
  Number right = Number::parse(operands[1]->at("N").get_ref<const std::string&>());
  Number result = node.op == "+" ? left + right : left - right;
  computed_.push_back(json{{"N", result.to_string()}});
  return &computed_.back();
}

}  // namespace

json apply_update(const ParsedUpdate& update, const json& item) {
  return UpdateApplier(update, item).apply();
}

}  // namespace streamstack::dynamodb::expr::detail
