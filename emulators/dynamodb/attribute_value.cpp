// The semantic pass over AttributeValues, in the order and words of DynamoDB (dynalite's
// validations/index.js and its tests, run against AWS), and DynamoDB's notion of equal values.
#include "dynamodb/attribute_value.h"

#include "dynamodb/errors.h"
#include "dynamodb/number.h"

#include <set>

namespace streamstack::dynamodb {
namespace {

constexpr const char* kEmptyValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr const char* kSeveralTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";

void validate_value(json& value);

// "[a, b]", the way DynamoDB prints a collection in its messages.
std::string collection_text(const json& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += values[i].is_string() ? values[i].get<std::string>() : values[i].dump();
  }
  return out + "]";
}

bool has_duplicates(const json& values) {
  std::set<std::string> seen;
  for (const json& v : values) {
    if (!seen.insert(v.get<std::string>()).second) return true;
  }
  return false;
}

bool has_null(const json& values) {
  for (const json& v : values) {
    if (v.is_null()) return true;
  }
  return false;
}

std::string canonical_number(const json& text) {
  return Number::parse(text.is_null() ? "" : text.get_ref<const std::string&>()).to_string();
}

// The set messages differ by type in wording and spacing; these are AWS's, quirks included.
void validate_string_set(const json& set) {
  if (set.empty()) throw invalid_parameter("An string set  may not be empty");
  if (has_null(set))
    throw invalid_parameter("An string set may not have a null string as a member");
  if (has_duplicates(set)) {
    throw invalid_parameter("Input collection " + collection_text(set) + " contains duplicates.");
  }
}

void validate_number_set(json& set) {
  if (set.empty()) throw invalid_parameter("An number set  may not be empty");
  for (json& number : set) number = canonical_number(number);
  // Compared once canonical, so "1" and "1.0" are duplicates.
  if (has_duplicates(set)) throw validation_error("Input collection contains duplicates");
}

void validate_binary_set(const json& set) {
  if (set.empty()) throw invalid_parameter("Binary sets should not be empty");
  if (has_null(set)) throw invalid_parameter("Binary sets may not contain null or empty values");
  if (has_duplicates(set)) {
    throw invalid_parameter("Input collection " + collection_text(set) +
                            "of type BS contains duplicates.");
  }
}

void validate_member(const std::string& type, json& member) {
  if (type == "N") {
    member = canonical_number(member);
  } else if (type == "NULL") {
    if (!member.get<bool>()) {
      throw invalid_parameter("Null attribute value types must have the value of true");
    }
  } else if (type == "SS") {
    validate_string_set(member);
  } else if (type == "NS") {
    validate_number_set(member);
  } else if (type == "BS") {
    validate_binary_set(member);
  } else if (type == "M") {
    for (auto& [name, nested] : member.items()) validate_value(nested);
  } else if (type == "L") {
    for (json& nested : member) validate_value(nested);
  }
  // S and B may be empty outside keys since 2020; BOOL has nothing more to check.
}

// Each member is checked before the count of members, so {"S": "a", "N": "x"} reports the
// number, not the two types.
void validate_value(json& value) {
  if (value.is_null() || value.empty()) throw validation_error(kEmptyValue);
  for (auto& [type, member] : value.items()) validate_member(type, member);
  if (value.size() > 1) throw validation_error(kSeveralTypes);
}

bool number_sets_equal(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  std::set<std::string> canonical;
  for (const json& n : a) canonical.insert(Number::parse(n.get<std::string>()).to_string());
  for (const json& n : b) {
    if (!canonical.count(Number::parse(n.get<std::string>()).to_string())) return false;
  }
  return true;
}

bool sets_equal(const json& a, const json& b) {
  if (a.size() != b.size()) return false;
  std::set<std::string> members;
  for (const json& m : a) members.insert(m.get<std::string>());
  for (const json& m : b) {
    if (!members.count(m.get<std::string>())) return false;
  }
  return true;
}

}  // namespace

void validate_attribute_value(json& value) {
  check_attribute_value_types(value);
  validate_value(value);
}

void validate_item(json& item) {
  check_item_types(item);
  for (auto& [name, value] : item.items()) validate_value(value);
}

std::string_view attribute_type(const json& value) {
  static const char* const kTypes[] = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};
  if (!value.is_object() || value.size() != 1) return "";
  const std::string& key = value.begin().key();
  for (const char* type : kTypes) {
    if (key == type) return type;
  }
  return "";
}

bool attribute_values_equal(const json& a, const json& b) {
  std::string_view type = attribute_type(a);
  if (type.empty() || type != attribute_type(b)) return a == b;
  const json& x = a.begin().value();
  const json& y = b.begin().value();
  if (type == "N")
    return Number::parse(x.get<std::string>()) == Number::parse(y.get<std::string>());
  if (type == "NS") return number_sets_equal(x, y);
  if (type == "SS" || type == "BS") return sets_equal(x, y);
  if (type == "M") return items_equal(x, y);
  if (type == "L") {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!attribute_values_equal(x[i], y[i])) return false;
    }
    return true;
  }
  return x == y;  // S, B (canonical base64), BOOL, NULL
}

bool items_equal(const json& a, const json& b) {
  if (!a.is_object() || !b.is_object() || a.size() != b.size()) return false;
  for (auto it = a.begin(); it != a.end(); ++it) {
    auto other = b.find(it.key());
    if (other == b.end() || !attribute_values_equal(it.value(), *other)) return false;
  }
  return true;
}

}  // namespace streamstack::dynamodb
