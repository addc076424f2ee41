// The deserialization pass: a JSON member of the wrong JSON type is a SerializationException,
// worded as DynamoDB's request parser words it (dynalite's test/helpers.js assertType, captured
// against AWS). It runs over a whole value before any semantic check, as AWS parses the request
// before it validates it.
#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/attribute_value_detail.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace streamstack::dynamodb {
namespace {

constexpr const char* kStructureNotExpected = "Start of structure or map found where not expected";
constexpr const char* kAttributeValueClass = "com.amazonaws.dynamodb.v20120810.AttributeValue";

// The parser's name for the JSON token it found.
std::string token_name(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.is_number_float()) return "DECIMAL_VALUE";
  if (v.is_number()) return "NUMBER_VALUE";
  return "STRING_VALUE";
}

// S, N and the members of SS and NS.
void check_string(const json& v) {
  if (v.is_null() || v.is_string()) return;
  if (v.is_object()) throw detail::serialization_error(kStructureNotExpected);
  if (v.is_array()) {
    throw detail::serialization_error("Unrecognized collection type class java.lang.String");
  }
  throw detail::serialization_error(token_name(v) + " cannot be converted to String");
}

// B and the members of BS.
void check_blob(const json& v) {
  if (v.is_null()) return;
  if (v.is_object()) throw detail::serialization_error(kStructureNotExpected);
  if (v.is_array()) {
    throw detail::serialization_error("Unrecognized collection type class java.nio.ByteBuffer");
  }
  if (!v.is_string()) {
    throw detail::serialization_error("only base-64-encoded strings are convertible to bytes");
  }
  std::string problem = core::base64_problem(v.get_ref<const std::string&>(),
                                             core::PaddingInData::kInvalidLastCharacter);
  if (!problem.empty()) throw detail::serialization_error(problem);
}

// BOOL and NULL. The parser reads the words "true" and "false" in any case as booleans.
void check_boolean(json& v) {
  if (v.is_null() || v.is_boolean()) return;
  if (v.is_object()) throw detail::serialization_error(kStructureNotExpected);
  if (v.is_array()) {
    throw detail::serialization_error("Unrecognized collection type class java.lang.Boolean");
  }
  if (v.is_string()) {
    std::string word = v.get<std::string>();
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (word != "true" && word != "false") {
      throw detail::serialization_error("Unexpected token received from parser");
    }
    v = word == "true";
    return;
  }
  throw detail::serialization_error(token_name(v) + " cannot be converted to Boolean");
}

void check_list(const json& v) {
  if (v.is_object()) throw detail::serialization_error(kStructureNotExpected);
  if (!v.is_array()) throw detail::serialization_error("Unexpected field type");
}

void check_map(const json& v) {
  if (v.is_array()) {
    throw detail::serialization_error(
        std::string("Unrecognized collection type java.util.Map<java.lang.String, ") +
        kAttributeValueClass + ">");
  }
  if (!v.is_object()) throw detail::serialization_error("Unexpected field type");
}

void check_member(const std::string& type, json& member) {
  if (type == "S" || type == "N") {
    check_string(member);
  } else if (type == "B") {
    check_blob(member);
  } else if (type == "BOOL" || type == "NULL") {
    check_boolean(member);
  } else if (type == "SS" || type == "NS" || type == "BS" || type == "L") {
    check_list(member);
    for (json& element : member) {
      if (type == "BS") {
        check_blob(element);
      } else if (type == "L") {
        check_attribute_value_types(element);
      } else {
        check_string(element);
      }
    }
  } else if (type == "M") {
    check_item_types(member);
  }
}

bool is_member_name(const std::string& key) {
  static const char* const kTypes[] = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};
  return std::any_of(std::begin(kTypes), std::end(kTypes),
                     [&](const char* type) { return key == type; });
}

}  // namespace

core::ApiError detail::serialization_error(std::string message) {
  core::ApiError error = core::ApiError::serialization(std::move(message));
  error.with_message_key("Message");
  return error;
}

// A null value stays: the semantic pass reports it as an empty AttributeValue.
void check_attribute_value_types(json& value) {
  if (value.is_null()) return;
  if (value.is_array()) {
    throw detail::serialization_error(std::string("Unrecognized collection type class ") +
                                      kAttributeValueClass);
  }
  if (!value.is_object()) throw detail::serialization_error("Unexpected value type in payload");
  // The parser skips members it does not know and members sent as null.
  std::vector<std::string> dropped;
  for (auto& [key, member] : value.items()) {
    if (member.is_null() || !is_member_name(key)) {
      dropped.push_back(key);
    } else {
      check_member(key, member);
    }
  }
  for (const std::string& key : dropped) value.erase(key);
}

void check_item_types(json& item) {
  check_map(item);
  for (auto& [name, value] : item.items()) check_attribute_value_types(value);
}

}  // namespace streamstack::dynamodb
