// Step 2 of request validation: the model's constraints. Every failing constraint becomes one
// "Value '<v>' at '<path>' failed to satisfy constraint: <text>", in the order of the shape's
// members (model/shapes.h), and for one member: pattern, minimum, maximum, enum (dynalite's
// validations, written against AWS). Paths name list elements "<list>.<n>.member" (1-based)
// and map values "<map>.<key>.member".
#include "dynamodb/validation.h"

#include "core/model/constraints.h"

#include <optional>
#include <cctype>
#include <string>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;
using model::Kind;
using model::Shape;

// The TableName pattern every request is checked against.
constexpr std::string_view kTableNamePattern = "[a-zA-Z0-9_.-]+";

// Java's String.length(), signed for comparing with the bounds.
std::int64_t text_length(const std::string& text) {
  return static_cast<std::int64_t>(core::model::java_length(text));
}

std::string enum_constraint(const Shape& shape) {
  std::string text = "Member must satisfy enum value set: [";
  for (std::size_t i = 0; i < shape.enum_values.size(); ++i) {
    if (i > 0) text += ", ";
    text += shape.enum_values[i];
  }
  return text + "]";
}

std::string length_at_least(std::int64_t n) {
  return "Member must have length greater than or equal to " + std::to_string(n);
}
std::string length_at_most(std::int64_t n) {
  return "Member must have length less than or equal to " + std::to_string(n);
}

// The constraints a string violates, as AWS words them.
std::vector<std::string> string_violations(const Shape& shape, const std::string& text) {
  std::vector<std::string> out;
  if (!shape.pattern.empty() && !core::model::matches_pattern(shape.pattern, text)) {
    out.push_back("Member must satisfy regular expression pattern: " + std::string(shape.pattern));
  }
  std::int64_t length = text_length(text);
  if (shape.min && length < *shape.min) out.push_back(length_at_least(*shape.min));
  if (shape.max && length > *shape.max) out.push_back(length_at_most(*shape.max));
  if (!shape.enum_values.empty()) {
    bool known = false;
    for (std::string_view v : shape.enum_values) known |= v == text;
    if (!known) out.push_back(enum_constraint(shape));
  }
  return out;
}

// Every length and pattern constraint of a shape, for "Map keys must satisfy constraint: [...]"
// and "Map value must satisfy constraint: [...]": maximum, minimum, pattern, the order of
// dynalite's test/batchWriteItem.js, recorded against AWS.
std::string all_constraints(const Shape& shape) {
  std::vector<std::string> parts;
  if (shape.max) parts.push_back(length_at_most(*shape.max));
  if (shape.min) parts.push_back(length_at_least(*shape.min));
  if (!shape.pattern.empty()) {
    parts.push_back("Member must satisfy regular expression pattern: " +
                    std::string(shape.pattern));
  }
  std::string text = "[";
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? ", " : "") + parts[i];
  return text + "]";
}

void check_number(const Shape& shape, const json& value, const std::string& path,
                  ConstraintErrors& errors) {
  if (!value.is_number()) return;
  double n = value.get<double>();
  std::string text = value.dump();
  if (shape.min && n < static_cast<double>(*shape.min)) {
    errors.add(text, path,
               "Member must have value greater than or equal to " + std::to_string(*shape.min));
  }
  if (shape.max && n > static_cast<double>(*shape.max)) {
    errors.add(text, path,
               "Member must have value less than or equal to " + std::to_string(*shape.max));
  }
}

void check_size(const Shape& shape, const json& value, const std::string& path,
                ConstraintErrors& errors) {
  auto size = static_cast<std::int64_t>(value.size());
  if (shape.min && size < *shape.min) {
    errors.add(to_constraint_text(shape, value), path, length_at_least(*shape.min));
  }
  if (shape.max && size > *shape.max) {
    errors.add(to_constraint_text(shape, value), path, length_at_most(*shape.max));
  }
}

void check_structure(const Shape& shape, const json& value, const std::string& path,
                     ConstraintErrors& errors) {
  // AttributeValues are checked by the AttributeValue layer, with its own words.
  if (!value.is_object() || shape.name == "AttributeValue") return;
  for (const auto& member : shape.members) {
    std::string member_path = path + "." + lower_first(member.name);
    auto it = value.find(member.name);
    if (it == value.end() || it->is_null()) {
      if (member.required) errors.add_null(member_path);
      continue;
    }
    const Shape& member_shape = model::shape(member.shape);
    // A table named inside a structure (a transaction's Put, Update, Delete, ConditionCheck,
    // Get) is held to the table-name rules unless it is an ARN, as the top-level TableName is.
    bool table_name = member.name == "TableName" && member_shape.name == "TableArn" &&
                      it->is_string() && !it->get_ref<const std::string&>().empty() &&
                      it->get_ref<const std::string&>().rfind("arn:", 0) != 0;
    if (table_name) {
      check_table_name(errors, &*it, member_path);
      continue;
    }
    check_constraints(member_shape, *it, member_path, errors);
  }
}

// A map keyed by table (BatchWriteItem's RequestItems, BatchGetItem's): the model's TableArn
// shape allows 1 to 1024 characters, but a key that is not an ARN is held to the table-name
// rules, in their words (dynalite's test/batchWriteItem.js, recorded against AWS).
constexpr std::string_view kTableNameKeyRules =
    "[Member must have length less than or equal to 255, Member must have length greater than "
    "or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";

std::optional<std::string> key_violation(const Shape& key_shape, const std::string& key) {
  if (key_shape.name == "TableArn" && key.rfind("arn:", 0) != 0) {
    bool valid = key.size() >= 3 && key.size() <= 255 &&
                 core::model::matches_pattern(kTableNamePattern, key);
    if (valid) return std::nullopt;
    return std::string(kTableNameKeyRules);
  }
  if (string_violations(key_shape, key).empty()) return std::nullopt;
  return all_constraints(key_shape);
}

void check_list_elements(const Shape& shape, const json& value, const std::string& path,
                         ConstraintErrors& errors) {
  const Shape& element = model::shape(shape.element);
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string element_path = path + "." + std::to_string(i + 1) + ".member";
    if (value[i].is_null()) continue;
    check_constraints(element, value[i], element_path, errors);
  }
}

void check_list(const Shape& shape, const json& value, const std::string& path,
                ConstraintErrors& errors) {
  if (!value.is_array()) return;
  check_size(shape, value, path, errors);
  check_list_elements(shape, value, path, errors);
}

void check_map(const Shape& shape, const json& value, const std::string& path,
               ConstraintErrors& errors) {
  if (!value.is_object()) return;
  check_size(shape, value, path, errors);
  const Shape& key_shape = model::shape(shape.key);
  const Shape& value_shape = model::shape(shape.element);
  for (const auto& [key, item] : value.items()) {
    if (auto rules = key_violation(key_shape, key)) {
      errors.add(to_constraint_text(shape, value), path,
                 "Map keys must satisfy constraint: " + *rules);
    }
    if (item.is_null()) continue;
    // A value's own length is a constraint of the map, reported at the map with the whole map
    // as the value (AWS's BatchWriteItem answer for 26 requests to one table).
    bool sized = value_shape.kind == Kind::kString || value_shape.kind == Kind::kList;
    std::int64_t length = item.is_string()  ? text_length(item.get<std::string>())
                          : item.is_array() ? static_cast<std::int64_t>(item.size())
                                            : -1;
    bool too_short = value_shape.min && length >= 0 && length < *value_shape.min;
    bool too_long = value_shape.max && length > *value_shape.max;
    bool bad_pattern = item.is_string() && !value_shape.pattern.empty() &&
                       !core::model::matches_pattern(value_shape.pattern, item.get<std::string>());
    if (sized && (too_short || too_long || bad_pattern)) {
      errors.add(to_constraint_text(shape, value), path,
                 "Map value must satisfy constraint: " + all_constraints(value_shape));
    }
    if (value_shape.kind == Kind::kString) continue;
    std::string value_path = path + "." + key + ".member";
    if (value_shape.kind == Kind::kList) {
      if (item.is_array()) check_list_elements(value_shape, item, value_path, errors);
      continue;
    }
    check_constraints(value_shape, item, value_path, errors);
  }
}

}  // namespace

void check_constraints(const Shape& shape, const json& value, const std::string& path,
                       ConstraintErrors& errors) {
  if (value.is_null()) return;
  switch (shape.kind) {
    case Kind::kStructure:
      return check_structure(shape, value, path, errors);
    case Kind::kList:
      return check_list(shape, value, path, errors);
    case Kind::kMap:
      return check_map(shape, value, path, errors);
    case Kind::kString:
      if (!value.is_string()) return;
      for (const auto& violation : string_violations(shape, value.get<std::string>())) {
        errors.add(value.get<std::string>(), path, violation);
      }
      return;
    case Kind::kInteger:
    case Kind::kLong:
    case Kind::kDouble:
      return check_number(shape, value, path, errors);
    default:
      return;
  }
}

std::string to_constraint_text(const Shape& shape, const json& value) {
  if (value.is_null()) return "null";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    const Shape& element = model::shape(shape.kind == Kind::kList ? shape.element : 0);
    std::string text = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) text += ", ";
      text += to_constraint_text(element, value[i]);
    }
    return text + "]";
  }
  if (value.is_object() && shape.kind == Kind::kMap) {
    const Shape& element = model::shape(shape.element);
    std::string text = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      text += (first ? "" : ", ") + key + "=" + to_constraint_text(element, item);
      first = false;
    }
    return text + "}";
  }
  if (value.is_object() && shape.kind == Kind::kStructure) {
    // The service's model classes print as Name(member=value, ...), an absent member empty
    // (dynoxide's captures of KeySchemaElement).
    std::string text = std::string(shape.name) + "(";
    for (std::size_t i = 0; i < shape.members.size(); ++i) {
      const auto& member = shape.members[i];
      if (i > 0) text += ", ";
      text += lower_first(member.name) + "=";
      auto it = value.find(member.name);
      if (it != value.end() && !it->is_null()) {
        text += to_constraint_text(model::shape(member.shape), *it);
      }
    }
    return text + ")";
  }
  return value.dump();
}

}  // namespace streamstack::dynamodb
