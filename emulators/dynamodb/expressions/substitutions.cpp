#include "dynamodb/errors.h"
#include "dynamodb/expressions/expressions.h"

#include <string>

namespace streamstack::dynamodb::expr {
namespace {

std::string unused_keys(const json* map, const std::set<std::string>& used) {
  std::string keys;
  if (map == nullptr) return keys;
  for (const auto& [key, value] : map->items()) {
    if (used.contains(key)) continue;
    if (!keys.empty()) keys += ", ";
    keys += key;
  }
  return keys;
}

}  // namespace

Substitutions::Substitutions(const json* names, const json* values)
    : names_(names), values_(values) {}

const std::string& Substitutions::name(const std::string& placeholder, std::string_view kind) {
  if (names_ != nullptr) {
    auto it = names_->find(placeholder);
    if (it != names_->end() && it->is_string()) {
      used_names_.insert(placeholder);
      return it->get_ref<const std::string&>();
    }
  }
  throw validation_error("Invalid " + std::string(kind) +
                         ": An expression attribute name used in the document path is not "
                         "defined; attribute name: " +
                         placeholder);
}

const json& Substitutions::value(const std::string& placeholder, std::string_view kind) {
  if (values_ != nullptr) {
    auto it = values_->find(placeholder);
    if (it != values_->end()) {
      used_values_.insert(placeholder);
      return *it;
    }
  }
  throw validation_error("Invalid " + std::string(kind) +
                         ": An expression attribute value used in expression is not defined; "
                         "attribute value: " +
                         placeholder);
}

void Substitutions::check_all_used() const {
  if (std::string keys = unused_keys(names_, used_names_); !keys.empty()) {
    throw validation_error("Value provided in ExpressionAttributeNames unused in expressions: "
                           "keys: {" +
                           keys + "}");
  }
  if (std::string keys = unused_keys(values_, used_values_); !keys.empty()) {
    throw validation_error("Value provided in ExpressionAttributeValues unused in expressions: "
                           "keys: {" +
                           keys + "}");
  }
}

}  // namespace streamstack::dynamodb::expr
