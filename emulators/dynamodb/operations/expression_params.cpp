#include "dynamodb/operations/expression_params.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

#include <cctype>
#include <string>
#include <vector>

namespace streamstack::dynamodb::items {
namespace {

bool has(const json& input, std::string_view member) {
  auto it = input.find(member);
  return it != input.end() && !it->is_null();
}

std::string join(const std::vector<std::string_view>& names, std::string_view separator) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += separator;
    text += names[i];
  }
  return text;
}

std::vector<std::string_view> present(const json& input,
                                      std::initializer_list<std::string_view> members) {
  std::vector<std::string_view> found;
  for (std::string_view m : members) {
    if (has(input, m)) found.push_back(m);
  }
  return found;
}

// `sigil` followed by one or more of [0-9a-zA-Z_]: a placeholder's name (#name, :value).
bool is_placeholder(const std::string& key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (std::size_t i = 1; i < key.size(); ++i) {
    auto c = static_cast<unsigned char>(key[i]);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

void check_names(const json& names) {
  if (names.empty()) throw validation_error("ExpressionAttributeNames must not be empty");
  for (const auto& [key, value] : names.items()) {
    if (!is_placeholder(key, '#')) {
      throw validation_error(
          "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }
}

void check_values(json& values) {
  if (values.empty()) throw validation_error("ExpressionAttributeValues must not be empty");
  for (const auto& [key, value] : values.items()) {
    if (!is_placeholder(key, ':')) {
      throw validation_error(
          "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
    }
  }
  for (auto& [key, value] : values.items()) {
    try {
      validate_attribute_value(value);
    } catch (const core::ApiError& e) {
      if (e.code() != "ValidationException") throw;
      throw validation_error("ExpressionAttributeValues contains invalid value: " + e.message() +
                             " for key " + key);
    }
  }
}

// The text of an expression member; DynamoDB refuses an empty one before parsing it.
const std::string* expression_text(const json& input, std::string_view member) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return nullptr;
  const auto& text = it->get_ref<const std::string&>();
  if (text.empty()) {
    throw validation_error("Invalid " + std::string(member) + ": The expression can not be empty;");
  }
  return &text;
}

}  // namespace

void check_expression_params(const json& input, std::initializer_list<std::string_view> expressions,
                             std::initializer_list<std::string_view> legacy) {
  std::vector<std::string_view> used_expressions = present(input, expressions);
  if (!used_expressions.empty()) {
    std::vector<std::string_view> used_legacy = present(input, legacy);
    // KeyConditions beside a FilterExpression alone is allowed: only KeyConditionExpression
    // replaces it.
    if (!has(input, "KeyConditionExpression")) std::erase(used_legacy, "KeyConditions");
    if (!used_legacy.empty()) {
      throw validation_error(
          "Can not use both expression and non-expression parameters in the same request: "
          "Non-expression parameters: {" +
          join(used_legacy, ", ") + "} Expression parameters: {" + join(used_expressions, ", ") +
          "}");
    }
  }
  if (has(input, "ExpressionAttributeNames") && used_expressions.empty()) {
    throw validation_error("ExpressionAttributeNames can only be specified when using expressions");
  }
  std::vector<std::string_view> value_expressions;
  for (std::string_view e : expressions) {
    if (e != "ProjectionExpression") value_expressions.push_back(e);
  }
  if (!value_expressions.empty() && has(input, "ExpressionAttributeValues")) {
    bool any = false;
    for (std::string_view e : value_expressions) any = any || has(input, e);
    if (!any) {
      throw validation_error(
          "ExpressionAttributeValues can only be specified when using expressions: " +
          join(value_expressions, " and ") + (value_expressions.size() > 1 ? " are" : " is") +
          " null");
    }
  }
}

expr::Substitutions make_substitutions(json& input) {
  json* names = nullptr;
  json* values = nullptr;
  if (auto it = input.find("ExpressionAttributeNames"); it != input.end() && !it->is_null()) {
    names = &*it;
    check_names(*names);
  }
  if (auto it = input.find("ExpressionAttributeValues"); it != input.end() && !it->is_null()) {
    values = &*it;
    check_values(*values);
  }
  return expr::Substitutions(names, values);
}

std::unique_ptr<expr::Condition> parse_condition_member(const json& input, std::string_view member,
                                                        expr::Substitutions& subs) {
  const std::string* text = expression_text(input, member);
  return text == nullptr ? nullptr : expr::parse_condition(*text, subs, member);
}

std::unique_ptr<expr::Update> parse_update_member(const json& input, expr::Substitutions& subs) {
  const std::string* text = expression_text(input, "UpdateExpression");
  return text == nullptr ? nullptr : expr::parse_update(*text, subs);
}

std::unique_ptr<expr::Projection> parse_projection_member(const json& input,
                                                          expr::Substitutions& subs) {
  const std::string* text = expression_text(input, "ProjectionExpression");
  return text == nullptr ? nullptr : expr::parse_projection(*text, subs);
}

std::vector<expr::KeyCondition> parse_key_condition_member(const json& input,
                                                           expr::Substitutions& subs) {
  const std::string* text = expression_text(input, "KeyConditionExpression");
  return text == nullptr ? std::vector<expr::KeyCondition>{}
                         : expr::parse_key_condition(*text, subs);
}

}  // namespace streamstack::dynamodb::items
