#include "dynamodb/validation.h"

#include "dynamodb/errors.h"

#include <cctype>

namespace streamstack::dynamodb {
namespace {

constexpr std::string_view kNamePattern = "[a-zA-Z0-9_.-]+";

bool is_arn(const std::string& name) { return name.rfind("arn:", 0) == 0; }

// kNamePattern, checked by hand: std::regex cost more than the rest of the validation.
bool matches_name_pattern(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

std::string pattern_constraint() {
  return "Member must satisfy regular expression pattern: " + std::string(kNamePattern);
}

core::ApiError table_name_required() {
  return validation_error(
      "The parameter 'TableName' is required but was not present in the request");
}

// The errors AWS reports alone, before any constraint of the request: a missing TableName
// (CreateTable and the table operations), and a table operation's name of the wrong length, in
// words of its own (dynalite test/describeTable.js, deleteTable.js, updateTable.js).
void check_table_name_alone(const nlohmann::json* value, TableNameRule rule) {
  if (rule == TableNameRule::kItem) return;
  if (value == nullptr) throw table_name_required();
  const auto& name = value->get_ref<const std::string&>();
  if (rule == TableNameRule::kTable && !is_arn(name) && (name.size() < 3 || name.size() > 255)) {
    throw validation_error(
        "TableName must be at least 3 characters long and at most 255 characters long");
  }
}

// The TableName constraints reported with the other members' (after check_table_name_alone).
void check_table_name_constraints(const nlohmann::json* value, TableNameRule rule,
                                  ConstraintErrors& errors) {
  if (rule == TableNameRule::kItem) {
    check_table_name(errors, value);
    return;
  }
  const auto& name = value->get_ref<const std::string&>();
  if (is_arn(name)) return;
  if (!matches_name_pattern(name)) errors.add(name, "tableName", pattern_constraint());
  if (rule == TableNameRule::kTable) return;
  if (name.size() < 3) {
    errors.add(name, "tableName", "Member must have length greater than or equal to 3");
  }
  if (name.size() > 255) {
    errors.add(name, "tableName", "Member must have length less than or equal to 255");
  }
}

const nlohmann::json* find_member(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

void ConstraintErrors::add(std::string_view value, std::string_view member,
                           std::string_view constraint) {
  if (errors_.size() >= kMaxErrors) return;
  // As AWS prints it: a null value is the bare word null, anything else is quoted.
  std::string text = "Value ";
  if (value == "null") {
    text += "null";
  } else {
    text += '\'';
    text += value;
    text += '\'';
  }
  text += " at '";
  text += member;
  text += "' failed to satisfy constraint: ";
  text += constraint;
  errors_.push_back(std::move(text));
}

void ConstraintErrors::add_null(std::string_view member, std::string_view constraint) {
  add("null", member, constraint);
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message =
      std::to_string(errors_.size()) +
      (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i > 0) message += "; ";
    message += errors_[i];
  }
  throw validation_error(std::move(message));
}

void check_table_name(ConstraintErrors& errors, const nlohmann::json* value,
                      std::string_view member) {
  if (value == nullptr || value->is_null()) {
    errors.add_null(member);
    return;
  }
  const auto& name = value->get_ref<const std::string&>();
  // An ARN is accepted wherever a table name is; the ARN's own length limit applies.
  if (is_arn(name)) {
    if (name.size() > 1024) {
      errors.add(name, member, "Member must have length less than or equal to 1024");
    }
    return;
  }
  // The model's TableArn shape only asks for 1 character, and an empty name fails that alone;
  // any other name that is not an ARN is held to the table-name rules, 3 characters included
  // (moto's AWS-verified test_update_item_with_invalid_table_name: 'x!' fails length and pattern).
  if (name.empty()) {
    errors.add(name, member, "Member must have length greater than or equal to 1");
    return;
  }
  if (name.size() < 3) {
    errors.add(name, member, "Member must have length greater than or equal to 3");
  }
  if (!matches_name_pattern(name)) errors.add(name, member, pattern_constraint());
  if (name.size() > 255) {
    errors.add(name, member, "Member must have length less than or equal to 255");
  }
}

ConstraintErrors check_request(std::string_view operation, nlohmann::json& input,
                               TableNameRule rule) {
  const model::Shape* shape = model::input_shape(operation);
  if (shape == nullptr) {
    throw std::logic_error("no input shape for " + std::string(operation));
  }
  check_types(*shape, input);
  ConstraintErrors errors;
  for (const auto& member : shape->members) {
    if (member.name == "TableName") check_table_name_alone(find_member(input, member.name), rule);
  }
  for (const auto& member : shape->members) {
    const nlohmann::json* value = find_member(input, member.name);
    if (member.name == "TableName") {
      check_table_name_constraints(value, rule, errors);
      continue;
    }
    std::string path = lower_first(member.name);
    if (value == nullptr) {
      if (member.required) errors.add_null(path);
      continue;
    }
    check_constraints(model::shape(member.shape), *value, path, errors);
  }
  return errors;
}

void validate_request(std::string_view operation, nlohmann::json& input, TableNameRule rule) {
  check_request(operation, input, rule).throw_if_any();
}

std::string lower_first(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace streamstack::dynamodb
