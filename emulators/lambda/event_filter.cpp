#include "lambda/event_filter.h"

#include "core/api_error.h"

#include <cctype>
#include <cstdlib>
#include <optional>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

[[noreturn]] void invalid_pattern() {
  throw core::ApiError(400, "", "InvalidParameterValueException", "Invalid filter pattern definition.",
                       json{{"Type", "User"}});
}

bool is_leaf_value(const json& v) { return v.is_string() || v.is_number() || v.is_boolean() || v.is_null(); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Outside `numeric`, values compare by their JSON text: 300, 300.0 and 3.0e2 differ.
bool equal_leaf(const json& rule, const json& value) {
  if (rule.is_string() != value.is_string()) return false;
  return rule.dump() == value.dump();
}

std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

bool numeric_matches(const json& conditions, const json& value) {
  auto number = as_number(value);
  if (!number) return false;
  for (std::size_t i = 0; i + 1 < conditions.size(); i += 2) {
    const auto& op = conditions[i].get_ref<const std::string&>();
    double bound = conditions[i + 1].get<double>();
    bool ok = op == "=" ? *number == bound
              : op == "<" ? *number < bound
              : op == "<=" ? *number <= bound
              : op == ">" ? *number > bound
              : op == ">=" ? *number >= bound
              : false;
    if (!ok) return false;
  }
  return true;
}

// One rule (an element of a field's value array) against one present leaf value.
bool rule_matches_value(const json& rule, const json& value) {
  if (!rule.is_object()) return equal_leaf(rule, value);
  auto first = rule.begin();  // not items().begin(): its proxy is a temporary
  const std::string& op = first.key();
  const json& arg = first.value();
  if (op == "prefix") return value.is_string() && value.get_ref<const std::string&>().rfind(arg.get<std::string>(), 0) == 0;
  if (op == "suffix") return value.is_string() && ends_with(value.get<std::string>(), arg.get<std::string>());
  if (op == "equals-ignore-case")
    return value.is_string() && lower(value.get<std::string>()) == lower(arg.get<std::string>());
  if (op == "numeric") return numeric_matches(arg, value);
  if (op == "anything-but") {
    if (arg.is_array()) {
      for (const auto& excluded : arg)
        if (equal_leaf(excluded, value)) return false;
      return true;
    }
    return !equal_leaf(arg, value);
  }
  return false;  // "exists" is decided by presence, in field_matches
}

// The rules of one field against the event's value there (nullptr when absent).
bool field_matches(const json& rules, const json* value) {
  for (const auto& rule : rules) {
    if (rule.is_object() && rule.contains("exists")) {
      bool want = rule["exists"].get<bool>();
      bool present = value != nullptr;
      if (want == present) return true;
      continue;
    }
    if (value == nullptr) continue;
    if (value->is_array()) {
      // An array in the event matches if any of its elements does.
      for (const auto& element : *value)
        if (rule_matches_value(rule, element)) return true;
    } else if (!value->is_object() && rule_matches_value(rule, *value)) {
      return true;
    }
  }
  return false;
}

void validate_rule(const json& rule) {
  if (is_leaf_value(rule)) return;
  if (!rule.is_object() || rule.size() != 1) invalid_pattern();
  auto first = rule.begin();  // not items().begin(): its proxy is a temporary
  const std::string& op = first.key();
  const json& arg = first.value();
  if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
    if (!arg.is_string()) invalid_pattern();
  } else if (op == "exists") {
    if (!arg.is_boolean()) invalid_pattern();
  } else if (op == "anything-but") {
    if (arg.is_array()) {
      for (const auto& v : arg)
        if (!is_leaf_value(v)) invalid_pattern();
    } else if (!is_leaf_value(arg)) {
      invalid_pattern();
    }
  } else if (op == "numeric") {
    if (!arg.is_array() || arg.empty() || arg.size() % 2 != 0) invalid_pattern();
    for (std::size_t i = 0; i < arg.size(); i += 2) {
      if (!arg[i].is_string() || !arg[i + 1].is_number()) invalid_pattern();
      const auto& o = arg[i].get_ref<const std::string&>();
      if (o != "=" && o != "<" && o != "<=" && o != ">" && o != ">=") invalid_pattern();
    }
  } else {
    invalid_pattern();
  }
}

}  // namespace

void validate_pattern(const json& pattern) {
  if (!pattern.is_object() || pattern.empty()) invalid_pattern();
  for (const auto& [key, value] : pattern.items()) {
    if (key == "$or") {
      if (!value.is_array() || value.size() < 2) invalid_pattern();
      for (const auto& alternative : value) validate_pattern(alternative);
    } else if (value.is_object()) {
      validate_pattern(value);
    } else if (value.is_array()) {
      if (value.empty()) invalid_pattern();
      for (const auto& rule : value) validate_rule(rule);
    } else {
      invalid_pattern();
    }
  }
}

bool pattern_matches(const json& pattern, const json& event) {
  for (const auto& [key, rules] : pattern.items()) {
    if (key == "$or") {
      bool any = false;
      for (const auto& alternative : rules)
        if (pattern_matches(alternative, event)) { any = true; break; }
      if (!any) return false;
      continue;
    }
    const json* value = event.is_object() && event.contains(key) ? &event[key] : nullptr;
    if (rules.is_object()) {
      // A missing parent means every field below it is missing: only `exists: false` can match.
      static const json kEmpty = json::object();
      const json& nested = value != nullptr && value->is_object() ? *value : kEmpty;
      if (!pattern_matches(rules, nested)) return false;
    } else if (!field_matches(rules, value)) {
      return false;
    }
  }
  return true;
}

EventFilter EventFilter::parse(const json& filter_criteria) {
  EventFilter filter;
  if (filter_criteria.is_null()) return filter;
  if (!filter_criteria.is_object()) invalid_pattern();
  if (!filter_criteria.contains("Filters")) return filter;
  const auto& filters = filter_criteria["Filters"];
  if (!filters.is_array()) invalid_pattern();
  for (const auto& f : filters) {
    if (!f.is_object() || !f.contains("Pattern") || !f["Pattern"].is_string()) invalid_pattern();
    json pattern = json::parse(f["Pattern"].get<std::string>(), nullptr, false);
    if (pattern.is_discarded()) invalid_pattern();
    validate_pattern(pattern);
    filter.patterns_.push_back(std::move(pattern));
  }
  return filter;
}

bool EventFilter::matches(const json& record) const {
  if (patterns_.empty()) return true;
  for (const auto& p : patterns_)
    if (pattern_matches(p, record)) return true;
  return false;
}

}  // namespace streamstack::lambda
