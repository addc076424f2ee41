#include "dynamodb/operations/attribute_updates.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/number.h"

#include <algorithm>

namespace streamstack::dynamodb::items {
namespace {

const json* updates_of(const json& input) {
  auto it = input.find("AttributeUpdates");
  return it == input.end() || it->is_null() ? nullptr : &*it;
}

std::string action_of(const json& update) { return update.value("Action", "PUT"); }

bool is_set_type(std::string_view type) { return type == "SS" || type == "NS" || type == "BS"; }

core::ApiError type_mismatch() { return validation_error("Type mismatch for attribute to update"); }

bool set_contains(const std::string& type, const json& set, const json& element) {
  return std::any_of(set.begin(), set.end(), [&](const json& e) {
    return attribute_values_equal(json{{type, e}}, json{{type, element}});
  });
}

void add(json& item, const std::string& name, const json& value) {
  std::string type(attribute_type(value));
  auto it = item.find(name);
  if (it != item.end() && attribute_type(*it) != type) throw type_mismatch();
  if (it == item.end()) {
    item[name] = value;
    return;
  }
  json& current = (*it)[type];
  if (type == "N") {
    current =
        (Number::parse(current.get<std::string>()) + Number::parse(value[type].get<std::string>()))
            .to_string();
  } else if (type == "L") {
    for (const json& element : value[type]) current.push_back(element);
  } else {
    for (const json& element : value[type]) {
      if (!set_contains(type, current, element)) current.push_back(element);
    }
  }
}

void remove_elements(json& item, const std::string& name, const json& value) {
  std::string type(attribute_type(value));
  auto it = item.find(name);
  if (it == item.end()) return;
  if (attribute_type(*it) != type) throw type_mismatch();
  json kept = json::array();
  for (const json& element : (*it)[type]) {
    if (!set_contains(type, value[type], element)) kept.push_back(element);
  }
  // A set may not be empty, so removing its last element removes the attribute.
  if (kept.empty()) {
    item.erase(name);
  } else {
    (*it)[type] = std::move(kept);
  }
}

}  // namespace

void validate_attribute_updates(json& input) {
  auto it = input.find("AttributeUpdates");
  if (it == input.end() || it->is_null()) return;
  for (auto& [name, update] : it->items()) {
    bool has_value = update.contains("Value");
    if (has_value) validate_attribute_value(update["Value"]);
    std::string action = action_of(update);
    if (!has_value && action != "DELETE") {
      throw invalid_parameter("Only DELETE action is allowed when no attribute value is specified");
    }
    if (!has_value) continue;
    std::string type(attribute_type(update["Value"]));
    if (action == "DELETE" && !is_set_type(type)) {
      throw invalid_parameter("DELETE action with value is not supported for the type " + type);
    }
    if (action == "ADD" && !is_set_type(type) && type != "N" && type != "L") {
      throw invalid_parameter("ADD action is not supported for the type " + type);
    }
  }
}

std::vector<std::string> attribute_update_names(const json& input) {
  std::vector<std::string> names;
  if (const json* updates = updates_of(input)) {
    for (const auto& [name, update] : updates->items()) names.push_back(name);
  }
  return names;
}

void apply_attribute_updates(const json& input, json& item) {
  const json* updates = updates_of(input);
  if (updates == nullptr) return;
  for (const auto& [name, update] : updates->items()) {
    std::string action = action_of(update);
    if (action == "PUT") {
      item[name] = update["Value"];
    } else if (action == "ADD") {
      add(item, name, update["Value"]);
    } else if (update.contains("Value")) {
      remove_elements(item, name, update["Value"]);
    } else {
      item.erase(name);
    }
  }
}

}  // namespace streamstack::dynamodb::items
