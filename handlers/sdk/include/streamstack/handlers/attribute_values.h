#pragma once
// DynamoDB's typed AttributeValues to plain JSON and back, as boto3's TypeDeserializer and
// TypeSerializer do: {"S": "a"} <-> "a", {"N": "42"} <-> 42, {"M": {...}} <-> {...},
// {"L": [...]} <-> [...], sets to arrays, {"NULL": true} <-> null. A number that JSON cannot
// hold exactly (more digits than a double keeps) stays a string rather than losing digits.
#include <nlohmann/json.hpp>

#include <string>

namespace streamstack::handlers {

namespace detail {

inline nlohmann::json plain_number(const std::string& text) {
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_number_integer() || value.is_number_unsigned()) return value;
  if (value.is_number_float() && value.dump() == text) return value;
  return text;
}

}  // namespace detail

inline nlohmann::json to_plain(const nlohmann::json& value) {
  if (!value.is_object() || value.size() != 1) return value;
  // Not `*value.items().begin()`: that proxy is a temporary, and the key would dangle.
  auto first = value.begin();
  const std::string& type = first.key();
  const nlohmann::json& inner = first.value();
  if (type == "S" || type == "B") return inner;
  if (type == "N") return detail::plain_number(inner.get<std::string>());
  if (type == "BOOL") return inner;
  if (type == "NULL") return nullptr;
  if (type == "SS" || type == "BS") return inner;
  if (type == "NS") {
    auto out = nlohmann::json::array();
    for (const auto& n : inner) out.push_back(detail::plain_number(n.get<std::string>()));
    return out;
  }
  if (type == "L") {
    auto out = nlohmann::json::array();
    for (const auto& element : inner) out.push_back(to_plain(element));
    return out;
  }
  if (type == "M") {
    auto out = nlohmann::json::object();
    for (const auto& [name, element] : inner.items()) out[name] = to_plain(element);
    return out;
  }
  return value;
}

// An item ({"name": {"S": "a"}, ...}) as a plain JSON object.
inline nlohmann::json item_to_plain(const nlohmann::json& item) {
  auto out = nlohmann::json::object();
  for (const auto& [name, value] : item.items()) out[name] = to_plain(value);
  return out;
}

inline nlohmann::json to_attribute_value(const nlohmann::json& plain) {
  if (plain.is_string()) return {{"S", plain}};
  if (plain.is_boolean()) return {{"BOOL", plain}};
  if (plain.is_null()) return {{"NULL", true}};
  if (plain.is_number()) return {{"N", plain.dump()}};
  if (plain.is_array()) {
    auto list = nlohmann::json::array();
    for (const auto& element : plain) list.push_back(to_attribute_value(element));
    return {{"L", list}};
  }
  auto map = nlohmann::json::object();
  for (const auto& [name, element] : plain.items()) map[name] = to_attribute_value(element);
  return {{"M", map}};
}

// A plain JSON object as an item.
inline nlohmann::json item_from_plain(const nlohmann::json& object) {
  auto out = nlohmann::json::object();
  for (const auto& [name, value] : object.items()) out[name] = to_attribute_value(value);
  return out;
}

}  // namespace streamstack::handlers
