// Step 1 of request validation: JSON types. DynamoDB's request parser reads the body against the
// operation's input shape and stops at the first value of the wrong JSON type, with a
// SerializationException worded by what it found and where (dynalite's test/helpers.js
// assertType, captured against AWS):
//  - a scalar of the wrong type: "NUMBER_VALUE cannot be converted to String";
//  - an object where a scalar or list belongs: "Start of structure or map found where not
//    expected"; an array where a scalar, structure or map belongs: "Unrecognized collection
//    type class java.lang.String";
//  - a scalar where a list, map or structure belongs: "Unexpected field type" for a member of a
//    structure, "Unexpected value type in payload" for a structure inside a list or map, and a
//    Java ClassCastException text for a list or map inside a list or map.
#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/attribute_value_detail.h"
#include "dynamodb/validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;
using model::Kind;
using model::Shape;

constexpr const char* kStructureNotExpected = "Start of structure or map found where not expected";
constexpr const char* kUnexpectedField = "Unexpected field type";
constexpr const char* kUnexpectedValue = "Unexpected value type in payload";
constexpr std::string_view kModelPackage = "com.amazonaws.dynamodb.v20120810.";
// What the parser says for a scalar given where a list or map nested in a list or map belongs.
constexpr const char* kNestedCollectionCast =
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
    "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
    "java.lang.Class are in module java.base of loader 'bootstrap')";

[[noreturn]] void fail(std::string message) {
  throw detail::serialization_error(std::move(message));
}

// The parser's name for the JSON token it found.
std::string token_name(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.is_number_float()) return "DECIMAL_VALUE";
  if (v.is_number()) return "NUMBER_VALUE";
  return "STRING_VALUE";
}

bool is_scalar(const json& v) { return !v.is_object() && !v.is_array(); }

// The Java type the service deserializes a shape into, as its messages name it.
std::string java_type(const Shape& shape) {
  switch (shape.kind) {
    case Kind::kString:
      return "java.lang.String";
    case Kind::kBoolean:
      return "java.lang.Boolean";
    case Kind::kInteger:
      return "java.lang.Integer";
    case Kind::kLong:
      return "java.lang.Long";
    case Kind::kDouble:
      return "java.lang.Double";
    case Kind::kTimestamp:
      return "java.util.Date";
    case Kind::kBlob:
      return "java.nio.ByteBuffer";
    case Kind::kStructure:
      return std::string(kModelPackage) + std::string(shape.name);
    case Kind::kList:
      return "java.util.List<" + java_type(model::shape(shape.element)) + ">";
    case Kind::kMap:
      return "java.util.Map<java.lang.String, " + java_type(model::shape(shape.element)) + ">";
  }
  return "";
}

// The short Java name used in "<TOKEN> cannot be converted to Integer".
std::string_view simple_name(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "String";
    case Kind::kBoolean:
      return "Boolean";
    case Kind::kInteger:
      return "Integer";
    case Kind::kLong:
      return "Long";
    case Kind::kTimestamp:
      return "Date";
    default:
      return "Double";
  }
}

[[noreturn]] void fail_collection(const Shape& shape) {
  if (shape.kind == Kind::kMap) fail("Unrecognized collection type " + java_type(shape));
  fail("Unrecognized collection type class " + java_type(shape));
}

void check_string(const json& v) {
  if (v.is_string()) return;
  if (v.is_object()) fail(kStructureNotExpected);
  if (v.is_array()) fail("Unrecognized collection type class java.lang.String");
  fail(token_name(v) + " cannot be converted to String");
}

// The parser reads the words "true" and "false", in any case, as booleans.
std::optional<bool> boolean_word(const std::string& text) {
  std::string word = text;
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (word == "true") return true;
  if (word == "false") return false;
  return std::nullopt;
}

bool read_boolean(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_object()) fail(kStructureNotExpected);
  if (v.is_array()) fail("Unrecognized collection type class java.lang.Boolean");
  if (!v.is_string()) fail(token_name(v) + " cannot be converted to Boolean");
  auto word = boolean_word(v.get_ref<const std::string&>());
  if (!word) fail("Unexpected token received from parser");
  return *word;
}

// Integer and Long members: a number with a fraction is read as its integral part.
std::int64_t read_whole_number(const json& v, Kind kind) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return static_cast<std::int64_t>(std::trunc(v.get<double>()));
  if (v.is_object()) fail(kStructureNotExpected);
  if (v.is_array()) {
    fail("Unrecognized collection type class java.lang." + std::string(simple_name(kind)));
  }
  fail(token_name(v) + " cannot be converted to " + std::string(simple_name(kind)));
}

void check_number(const json& v, Kind kind) {
  if (v.is_number()) return;
  if (v.is_object()) fail(kStructureNotExpected);
  if (v.is_array()) {
    fail(std::string("Unrecognized collection type class ") +
         (kind == Kind::kTimestamp ? "java.util.Date" : "java.lang.Double"));
  }
  fail(token_name(v) + " cannot be converted to " + std::string(simple_name(kind)));
}

void check_blob(const json& v) {
  if (v.is_object()) fail(kStructureNotExpected);
  if (v.is_array()) fail("Unrecognized collection type class java.nio.ByteBuffer");
  if (!v.is_string()) fail("only base-64-encoded strings are convertible to bytes");
  std::string problem = core::base64_problem(v.get_ref<const std::string&>(),
                                             core::PaddingInData::kInvalidLastCharacter);
  if (!problem.empty()) fail(std::move(problem));
}

void check_structure(const Shape& shape, json& v, bool nested) {
  if (v.is_array()) fail_collection(shape);
  if (is_scalar(v)) fail(nested ? kUnexpectedValue : kUnexpectedField);
  if (shape.name == "AttributeValue") {
    check_attribute_value_types(v);
    return;
  }
  // Members the parser does not know are skipped; members sent as null are absent.
  std::vector<std::string> dropped;
  for (auto& [name, member] : v.items()) {
    if (member.is_null()) {
      dropped.push_back(name);
      continue;
    }
    auto it = std::find_if(shape.members.begin(), shape.members.end(),
                           [&](const model::Member& m) { return m.name == name; });
    if (it != shape.members.end()) check_types(model::shape(it->shape), member, false);
  }
  for (const auto& name : dropped) v.erase(name);
}

void check_list(const Shape& shape, json& v, bool nested) {
  if (v.is_object()) fail(kStructureNotExpected);
  if (!v.is_array()) fail(nested ? kNestedCollectionCast : kUnexpectedField);
  const Shape& element = model::shape(shape.element);
  for (json& item : v) {
    if (!item.is_null()) check_types(element, item, true);
  }
}

void check_map(const Shape& shape, json& v, bool nested) {
  if (v.is_array()) fail_collection(shape);
  if (!v.is_object()) fail(nested ? kNestedCollectionCast : kUnexpectedField);
  const Shape& value_shape = model::shape(shape.element);
  for (auto& [key, item] : v.items()) {
    if (!item.is_null()) check_types(value_shape, item, true);
  }
}

const json* find_member(const json& object, std::string_view member) {
  auto it = object.find(member);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

void check_types(const Shape& shape, json& value, bool nested) {
  if (value.is_null()) return;
  switch (shape.kind) {
    case Kind::kStructure:
      return check_structure(shape, value, nested);
    case Kind::kList:
      return check_list(shape, value, nested);
    case Kind::kMap:
      return check_map(shape, value, nested);
    case Kind::kString:
      return check_string(value);
    case Kind::kBoolean:
      value = read_boolean(value);
      return;
    case Kind::kInteger:
    case Kind::kLong:
      value = read_whole_number(value, shape.kind);
      return;
    case Kind::kDouble:
    case Kind::kTimestamp:
      return check_number(value, shape.kind);
    case Kind::kBlob:
      return check_blob(value);
  }
}

const std::string* expect_string(const json& object, std::string_view member) {
  const json* v = find_member(object, member);
  if (v == nullptr) return nullptr;
  check_string(*v);
  return &v->get_ref<const std::string&>();
}

std::optional<bool> expect_bool(const json& object, std::string_view member) {
  const json* v = find_member(object, member);
  if (v == nullptr) return std::nullopt;
  return read_boolean(*v);
}

std::optional<std::int64_t> expect_integer(const json& object, std::string_view member) {
  const json* v = find_member(object, member);
  if (v == nullptr) return std::nullopt;
  return read_whole_number(*v, Kind::kInteger);
}

std::optional<std::int64_t> expect_long(const json& object, std::string_view member) {
  const json* v = find_member(object, member);
  if (v == nullptr) return std::nullopt;
  return read_whole_number(*v, Kind::kLong);
}

const json* expect_list(const json& object, std::string_view member) {
  const json* v = find_member(object, member);
  if (v == nullptr) return nullptr;
  if (v->is_object()) fail(kStructureNotExpected);
  if (!v->is_array()) fail(kUnexpectedField);
  return v;
}

const json* expect_map(const json& object, std::string_view member, std::string_view value_class) {
  const json* v = find_member(object, member);
  if (v == nullptr) return nullptr;
  if (v->is_array()) {
    fail("Unrecognized collection type java.util.Map<java.lang.String, " +
         std::string(value_class) + ">");
  }
  if (!v->is_object()) fail(kUnexpectedField);
  return v;
}

const json* expect_object(const json& object, std::string_view member,
                          std::string_view shape_name) {
  const json* v = find_member(object, member);
  if (v == nullptr) return nullptr;
  if (v->is_array()) {
    fail("Unrecognized collection type class " + std::string(kModelPackage) +
         std::string(shape_name));
  }
  if (!v->is_object()) fail(kUnexpectedField);
  return v;
}

}  // namespace streamstack::dynamodb
