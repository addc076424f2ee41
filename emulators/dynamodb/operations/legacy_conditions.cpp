#include "dynamodb/operations/legacy_conditions.h"

#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

#include <algorithm>
#include <set>
#include <string>

namespace streamstack::dynamodb::items {
namespace {

constexpr const char* kBetweenOrder =
    "The BETWEEN condition was provided a range where the lower bound is greater than the upper "
    "bound";

bool has(const json& object, std::string_view member) {
  auto it = object.find(member);
  return it != object.end() && !it->is_null();
}

bool is_scalar_key_type(std::string_view type) { return type == "S" || type == "N" || type == "B"; }

// Order of two values of the same scalar type: the key encoding sorts as DynamoDB compares.
int order(const json& a, const json& b) { return encode_key_value(a).compare(encode_key_value(b)); }

// Whether the operand count suits the operator.
bool valid_count(std::string_view op, std::size_t n) {
  if (op == "NULL" || op == "NOT_NULL") return n == 0;
  if (op == "IN") return n > 0;
  if (op == "BETWEEN") return n == 2;
  return n == 1;
}

bool type_allowed(std::string_view op, std::string_view type) {
  if (op == "EQ" || op == "NE") {
    return is_scalar_key_type(type) || type == "SS" || type == "NS" || type == "BS";
  }
  if (op == "BEGINS_WITH") return type == "S" || type == "B";
  return is_scalar_key_type(type);
}

void check_same_type(const json& list) {
  std::string_view first = attribute_type(list.at(0));
  for (const json& v : list) {
    if (attribute_type(v) != first) {
      throw invalid_parameter("AttributeValues inside AttributeValueList must be of same type");
    }
  }
}

void check_between_order(std::string_view op, const json& list) {
  if (op == "BETWEEN" && list.size() == 2 && is_scalar_key_type(attribute_type(list[0])) &&
      order(list[0], list[1]) > 0) {
    throw validation_error(kBetweenOrder);
  }
}

void validate_expected_condition(const std::string& name, json& condition) {
  if (json* value = condition.contains("Value") ? &condition["Value"] : nullptr) {
    validate_attribute_value(*value);
  }
  if (has(condition, "AttributeValueList")) {
    for (json& v : condition["AttributeValueList"]) validate_attribute_value(v);
  }
  if (has(condition, "AttributeValueList") && has(condition, "Value")) {
    throw invalid_parameter("Value and AttributeValueList cannot be used together for Attribute: " +
                            name);
  }
  if (has(condition, "ComparisonOperator")) {
    std::string op = condition["ComparisonOperator"].get<std::string>();
    if (has(condition, "Exists")) {
      throw invalid_parameter(
          "Exists and ComparisonOperator cannot be used together for Attribute: " + name);
    }
    bool has_list = has(condition, "AttributeValueList");
    if (op != "NULL" && op != "NOT_NULL" && !has_list && !has(condition, "Value")) {
      throw invalid_parameter("Value or AttributeValueList must be used with ComparisonOperator: " +
                              op + " for Attribute: " + name);
    }
    std::size_t n = has_list ? condition["AttributeValueList"].size() : has(condition, "Value");
    if (!valid_count(op, n)) {
      throw invalid_parameter("Invalid number of argument(s) for the " + op +
                              " ComparisonOperator");
    }
    if (has_list && n > 0) {
      check_same_type(condition["AttributeValueList"]);
      check_between_order(op, condition["AttributeValueList"]);
    }
  } else if (has(condition, "AttributeValueList")) {
    throw invalid_parameter(
        "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
  } else {
    bool exists = !has(condition, "Exists") || condition["Exists"].get<bool>();
    if (exists && !has(condition, "Value")) {
      throw invalid_parameter(std::string("Value must be provided when Exists is ") +
                              (has(condition, "Exists") ? "true" : "null") +
                              " for Attribute: " + name);
    }
    if (!exists && has(condition, "Value")) {
      throw invalid_parameter("Value cannot be used when Exists is false for Attribute: " + name);
    }
  }
}

void validate_condition(json& condition) {
  std::string op = condition.value("ComparisonOperator", "");
  json empty = json::array();
  json& list = has(condition, "AttributeValueList") ? condition["AttributeValueList"] : empty;
  for (json& v : list) validate_attribute_value(v);
  if (!valid_count(op, list.size())) {
    throw invalid_parameter("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  }
  if (list.empty()) return;
  check_same_type(list);
  for (const json& v : list) {
    std::string_view type = attribute_type(v);
    if (!type_allowed(op, type)) {
      throw invalid_parameter("ComparisonOperator " + op + " is not valid for " +
                              std::string(type) + " AttributeValue type");
    }
  }
  check_between_order(op, list);
}

bool contains_value(const json& value, const json& operand) {
  std::string_view type = attribute_type(value);
  std::string_view want = attribute_type(operand);
  const json& v = value.begin().value();
  const json& o = operand.begin().value();
  if (want == "S" && type == "S") {
    return v.get_ref<const std::string&>().find(o.get_ref<const std::string&>()) !=
           std::string::npos;
  }
  if (want == "B" && type == "B") {
    return core::base64_decode(v.get_ref<const std::string&>())
               .find(core::base64_decode(o.get_ref<const std::string&>())) != std::string::npos;
  }
  bool set_of_want = (want == "S" && type == "SS") || (want == "N" && type == "NS") ||
                     (want == "B" && type == "BS");
  if (!set_of_want) return false;
  std::string element_type(want);
  return std::any_of(v.begin(), v.end(), [&](const json& element) {
    return attribute_values_equal(json{{element_type, element}}, operand);
  });
}

bool begins_with(const json& value, const json& operand) {
  std::string_view type = attribute_type(value);
  if (type != attribute_type(operand) || (type != "S" && type != "B")) return false;
  std::string v = value.begin().value().get<std::string>();
  std::string p = operand.begin().value().get<std::string>();
  if (type == "B") {
    v = core::base64_decode(v);
    p = core::base64_decode(p);
  }
  return v.compare(0, p.size(), p) == 0;
}

bool ordered(std::string_view op, const json& value, const json& operand) {
  std::string_view type = attribute_type(value);
  if (type != attribute_type(operand) || !is_scalar_key_type(type)) return false;
  int c = order(value, operand);
  if (op == "LT") return c < 0;
  if (op == "LE") return c <= 0;
  if (op == "GT") return c > 0;
  return c >= 0;
}

bool matches_all(const json& input, const json& conditions, const json& item, bool expected_form) {
  bool any_of = input.value("ConditionalOperator", "AND") == "OR";
  for (const auto& [name, condition] : conditions.items()) {
    auto it = item.find(name);
    const json* value = it == item.end() ? nullptr : &*it;
    std::string op;
    json operands = json::array();
    if (expected_form && !has(condition, "ComparisonOperator")) {
      // Exists/Value: Value must equal; Exists false: the attribute must be absent.
      bool exists = !has(condition, "Exists") || condition["Exists"].get<bool>();
      op = exists ? "EQ" : "NULL";
      if (exists) operands.push_back(condition["Value"]);
    } else {
      op = condition["ComparisonOperator"].get<std::string>();
      if (has(condition, "AttributeValueList")) {
        operands = condition["AttributeValueList"];
      } else if (has(condition, "Value")) {
        operands.push_back(condition["Value"]);
      }
    }
    bool ok = compare(op, value, operands);
    if (any_of && ok) return true;
    if (!any_of && !ok) return false;
  }
  return !any_of || conditions.empty();
}

}  // namespace

void validate_expected(json& input) {
  if (!has(input, "Expected")) return;
  for (auto& [name, condition] : input["Expected"].items()) {
    validate_expected_condition(name, condition);
  }
}

void validate_conditions(json& input, std::string_view member) {
  if (!has(input, member)) return;
  for (auto& [name, condition] : input[std::string(member)].items()) validate_condition(condition);
}

bool matches_expected(const json& input, const json& item) {
  if (!has(input, "Expected")) return true;
  return matches_all(input, input["Expected"], item, true);
}

bool matches_conditions(const json& input, std::string_view member, const json& item) {
  if (!has(input, member)) return true;
  return matches_all(input, input[std::string(member)], item, false);
}

bool compare(std::string_view op, const json* value, const json& operands) {
  if (op == "NULL") return value == nullptr;
  if (op == "NOT_NULL") return value != nullptr;
  if (op == "NE") return value == nullptr || !attribute_values_equal(*value, operands.at(0));
  if (op == "NOT_CONTAINS") return value == nullptr || !contains_value(*value, operands.at(0));
  if (value == nullptr) return false;
  if (op == "EQ") return attribute_values_equal(*value, operands.at(0));
  if (op == "CONTAINS") return contains_value(*value, operands.at(0));
  if (op == "BEGINS_WITH") return begins_with(*value, operands.at(0));
  if (op == "IN") {
    return std::any_of(operands.begin(), operands.end(),
                       [&](const json& o) { return attribute_values_equal(*value, o); });
  }
  if (op == "BETWEEN")
    return ordered("GE", *value, operands.at(0)) && ordered("LE", *value, operands.at(1));
  return ordered(op, *value, operands.at(0));
}

void check_attributes_to_get(const json& input) {
  if (!has(input, "AttributesToGet")) return;
  std::set<std::string> seen;
  for (const json& name : input["AttributesToGet"]) {
    if (!seen.insert(name.get<std::string>()).second) {
      throw invalid_parameter("Duplicate value in attribute name: " + name.get<std::string>());
    }
  }
}

json pick_attributes(const json& item, const json& names) {
  json picked = json::object();
  for (const json& name : names) {
    auto it = item.find(name.get<std::string>());
    if (it != item.end()) picked[name.get<std::string>()] = *it;
  }
  return picked;
}

}  // namespace streamstack::dynamodb::items
