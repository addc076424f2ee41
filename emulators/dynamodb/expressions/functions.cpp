// The values behind DynamoDB's condition functions size(), contains() and begins_with().
#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/number.h"

#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

// DynamoDB counts a string's length as Java does: UTF-16 code units, so a character outside
// the Basic Multilingual Plane (4 UTF-8 bytes) counts twice.
std::size_t utf16_length(const std::string& text) {
  std::size_t length = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    length += c >= 0xF0 ? 2 : 1;
  }
  return length;
}

const std::string& scalar(const json& value) {
  return value.begin().value().get_ref<const std::string&>();
}

bool set_has(const json& set, std::string_view set_type, const json& element) {
  const std::string& wanted = scalar(element);
  for (const json& member : set.begin().value()) {
    const auto& text = member.get_ref<const std::string&>();
    if (set_type == "NS" ? Number::parse(text) == Number::parse(wanted)
                         : (set_type == "BS" ? core::base64_decode(text) == core::base64_decode(wanted)
                                             : text == wanted)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::size_t> value_size(const json& value) {
  std::string_view type = attribute_type(value);
  const json& content = value.begin().value();
  if (type == "S") return utf16_length(content.get_ref<const std::string&>());
  if (type == "B") return core::base64_decode(content.get_ref<const std::string&>()).size();
  if (type == "SS" || type == "NS" || type == "BS" || type == "L" || type == "M") {
    return content.size();
  }
  return std::nullopt;
}

bool value_contains(const json& haystack, const json& needle) {
  std::string_view type = attribute_type(haystack);
  std::string_view needle_type = attribute_type(needle);
  if (type == "S" || type == "B") {
    if (type != needle_type) return false;
    if (type == "S") return scalar(haystack).find(scalar(needle)) != std::string::npos;
    return core::base64_decode(scalar(haystack)).find(core::base64_decode(scalar(needle))) !=
           std::string::npos;
  }
  if (type == "L") {
    for (const json& element : haystack.at("L")) {
      if (attribute_values_equal(element, needle)) return true;
    }
    return false;
  }
  if ((type == "SS" && needle_type == "S") || (type == "NS" && needle_type == "N") ||
      (type == "BS" && needle_type == "B")) {
    return set_has(haystack, type, needle);
  }
  return false;
}

bool value_begins_with(const json& value, const json& prefix) {
  std::string_view type = attribute_type(value);
  if (type != attribute_type(prefix)) return false;
  if (type == "S") return scalar(value).starts_with(scalar(prefix));
  if (type == "B") return core::base64_decode(scalar(value)).starts_with(core::base64_decode(scalar(prefix)));
  return false;
}

}  // namespace streamstack::dynamodb::expr::detail
