#include "dynamodb/attribute_value.h"

#include "core/api_error.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace streamstack::dynamodb {
namespace {

constexpr const char* kEmpty =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr const char* kSeveralTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
constexpr const char* kInvalid = "One or more parameter values were invalid: ";

struct Failure {
  std::string code;
  std::string message;
  std::string message_key;
};

// The error validate_attribute_value throws for `text` (code empty when it passes).
Failure ValueFailure(const std::string& text) {
  json value = json::parse(text);
  try {
    validate_attribute_value(value);
  } catch (const core::ApiError& e) {
    return {e.code(), e.message(), e.message_key()};
  }
  return {};
}

Failure ItemFailure(const std::string& text) {
  json item = json::parse(text);
  try {
    validate_item(item);
  } catch (const core::ApiError& e) {
    return {e.code(), e.message(), e.message_key()};
  }
  return {};
}

void ExpectValidation(const std::string& text, const std::string& message) {
  Failure f = ValueFailure(text);
  EXPECT_EQ(f.code, "ValidationException") << text;
  EXPECT_EQ(f.message, message) << text;
}

void ExpectSerialization(const std::string& text, const std::string& message) {
  Failure f = ValueFailure(text);
  EXPECT_EQ(f.code, "SerializationException") << text;
  EXPECT_EQ(f.message, message) << text;
  EXPECT_EQ(f.message_key, "Message") << text;
}

json Validated(const std::string& text) {
  json value = json::parse(text);
  validate_attribute_value(value);
  return value;
}

bool Equal(const std::string& a, const std::string& b) {
  return attribute_values_equal(json::parse(a), json::parse(b));
}

TEST(AttributeValue, EmptyValuesAreRefused) {
  for (const char* text :
       {R"({})", R"({"a": ""})", R"({"M": {"a": {}}})", R"({"L": [{}]})", R"({"L": [{"a": {}}]})",
        R"({"S": null})", R"(null)", R"({"L": [null]})"}) {
    ExpectValidation(text, kEmpty);
  }
}

TEST(AttributeValue, SeveralTypesAreRefused) {
  ExpectValidation(R"({"S": "a", "N": "1"})", kSeveralTypes);
  ExpectValidation(R"({"M": {"x": {"BOOL": true, "NULL": true}}})", kSeveralTypes);
}

TEST(AttributeValue, MembersAreCheckedBeforeTheirCount) {
  ExpectValidation(R"({"S": "", "N": ""})", "The parameter cannot be converted to a numeric value");
  ExpectValidation(R"({"S": "a", "N": ""})",
                   "The parameter cannot be converted to a numeric value");
  ExpectValidation(R"({"S": "a", "N": "b"})",
                   "The parameter cannot be converted to a numeric value: b");
}

TEST(AttributeValue, NumbersAreValidated) {
  ExpectValidation(R"({"NS": ["1", ""]})", "The parameter cannot be converted to a numeric value");
  ExpectValidation(R"({"NS": ["1", "b"]})",
                   "The parameter cannot be converted to a numeric value: b");
  ExpectValidation(R"({"NS": ["1", null]})",
                   "The parameter cannot be converted to a numeric value");
  ExpectValidation(R"({"N": "123456789012345678901234567890123456789"})",
                   "Attempting to store more than 38 significant digits in a Number");
  ExpectValidation(R"({"N": "-1.23456789012345678901234567890123456789"})",
                   "Attempting to store more than 38 significant digits in a Number");
  ExpectValidation(R"({"N": "1e126"})",
                   "Number overflow. Attempting to store a number with magnitude larger than "
                   "supported range");
  ExpectValidation(R"({"N": "-1e-131"})",
                   "Number underflow. Attempting to store a number with magnitude smaller than "
                   "supported range");
  ExpectValidation(R"({"L": [{"M": {"a": {"N": "x"}}}]})",
                   "The parameter cannot be converted to a numeric value: x");
}

TEST(AttributeValue, SetsAndNullAreValidatedInDynamoDbsWords) {
  ExpectValidation(
      R"({"NULL": false})",
      std::string(kInvalid) + "Null attribute value types must have the value of true");
  ExpectValidation(R"({"SS": []})", std::string(kInvalid) + "An string set  may not be empty");
  ExpectValidation(R"({"NS": []})", std::string(kInvalid) + "An number set  may not be empty");
  ExpectValidation(R"({"BS": []})", std::string(kInvalid) + "Binary sets should not be empty");
  ExpectValidation(R"({"SS": ["a", "a"]})",
                   std::string(kInvalid) + "Input collection [a, a] contains duplicates.");
  ExpectValidation(R"({"SS": ["b", "a", "", "a"]})",
                   std::string(kInvalid) + "Input collection [b, a, , a] contains duplicates.");
  ExpectValidation(
      R"({"BS": ["Yg==", "Yg=="]})",
      std::string(kInvalid) + "Input collection [Yg==, Yg==]of type BS contains duplicates.");
  ExpectValidation(R"({"NS": ["1", "1"]})", "Input collection contains duplicates");
  ExpectValidation(R"({"NS": ["1", "1.0"]})", "Input collection contains duplicates");
  ExpectValidation(R"({"NS": ["100", "1E+2"]})", "Input collection contains duplicates");
  ExpectValidation(R"({"M": {"deep": {"L": [{"SS": []}]}}})",
                   std::string(kInvalid) + "An string set  may not be empty");
}

TEST(AttributeValue, WrongJsonTypesForScalarsAreSerializationErrors) {
  for (const char* type : {"S", "N"}) {
    std::string t = type;
    ExpectSerialization(R"({")" + t + R"(": 5})", "NUMBER_VALUE cannot be converted to String");
    ExpectSerialization(R"({")" + t + R"(": 2147483648})",
                        "NUMBER_VALUE cannot be converted to String");
    ExpectSerialization(R"({")" + t + R"(": 34.56})",
                        "DECIMAL_VALUE cannot be converted to String");
    ExpectSerialization(R"({")" + t + R"(": true})", "TRUE_VALUE cannot be converted to String");
    ExpectSerialization(R"({")" + t + R"(": false})", "FALSE_VALUE cannot be converted to String");
    ExpectSerialization(R"({")" + t + R"(": []})",
                        "Unrecognized collection type class java.lang.String");
    ExpectSerialization(R"({")" + t + R"(": {}})",
                        "Start of structure or map found where not expected");
  }
  for (const char* type : {"BOOL", "NULL"}) {
    std::string t = type;
    ExpectSerialization(R"({")" + t + R"(": "23"})", "Unexpected token received from parser");
    ExpectSerialization(R"({")" + t + R"(": 23})", "NUMBER_VALUE cannot be converted to Boolean");
    ExpectSerialization(R"({")" + t + R"(": 34.56})",
                        "DECIMAL_VALUE cannot be converted to Boolean");
    ExpectSerialization(R"({")" + t + R"(": []})",
                        "Unrecognized collection type class java.lang.Boolean");
    ExpectSerialization(R"({")" + t + R"(": {}})",
                        "Start of structure or map found where not expected");
  }
}

TEST(AttributeValue, BinariesMustBeStrictBase64) {
  const std::string not_bytes = "only base-64-encoded strings are convertible to bytes";
  ExpectSerialization(R"({"B": 5})", not_bytes);
  ExpectSerialization(R"({"B": true})", not_bytes);
  ExpectSerialization(R"({"B": 34.56})", not_bytes);
  ExpectSerialization(R"({"B": []})", "Unrecognized collection type class java.nio.ByteBuffer");
  ExpectSerialization(R"({"B": {}})", "Start of structure or map found where not expected");
  ExpectSerialization(R"({"B": "23456"})",
                      "Base64 encoded length is expected a multiple of 4 bytes but found: 5");
  ExpectSerialization(R"({"B": "=+/="})", "Invalid last non-pad Base64 character dectected");
  ExpectSerialization(R"({"B": "+/+="})", "Invalid last non-pad Base64 character dectected");
  ExpectSerialization(R"({"B": "Yh=="})", "Invalid last non-pad Base64 character dectected");
  ExpectSerialization(R"({"B": "ab!d"})", "Invalid Base64 character: '!'");
  ExpectSerialization(R"({"BS": ["Yg==", "abc"]})",
                      "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  ExpectSerialization(R"({"BS": [true]})", not_bytes);
}

TEST(AttributeValue, WrongJsonTypesForContainersAreSerializationErrors) {
  for (const char* type : {"SS", "NS", "BS", "L"}) {
    std::string t = type;
    ExpectSerialization(R"({")" + t + R"(": "a"})", "Unexpected field type");
    ExpectSerialization(R"({")" + t + R"(": 23})", "Unexpected field type");
    ExpectSerialization(R"({")" + t + R"(": true})", "Unexpected field type");
    ExpectSerialization(R"({")" + t + R"(": {}})",
                        "Start of structure or map found where not expected");
  }
  ExpectSerialization(R"({"SS": [1]})", "NUMBER_VALUE cannot be converted to String");
  ExpectSerialization(R"({"NS": [1]})", "NUMBER_VALUE cannot be converted to String");
  ExpectSerialization(R"({"M": 5})", "Unexpected field type");
  ExpectSerialization(R"({"M": []})",
                      "Unrecognized collection type java.util.Map<java.lang.String, "
                      "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  ExpectSerialization(R"("x")", "Unexpected value type in payload");
  ExpectSerialization(R"(5)", "Unexpected value type in payload");
  ExpectSerialization(
      R"([])",
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
  ExpectSerialization(R"({"L": ["x"]})", "Unexpected value type in payload");
  ExpectSerialization(
      R"({"L": [[]]})",
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
  ExpectSerialization(R"({"M": {"a": true}})", "Unexpected value type in payload");
  ExpectSerialization(R"({"M": {"a": {"L": [{"S": 1}]}}})",
                      "NUMBER_VALUE cannot be converted to String");
}

TEST(AttributeValue, SerializationErrorsWinOverValidationErrors) {
  // The whole request is parsed before anything in it is validated.
  ExpectSerialization(R"({"NULL": false, "S": 5})", "NUMBER_VALUE cannot be converted to String");
  Failure f = ItemFailure(R"({"a": {"SS": []}, "b": {"S": 5}})");
  EXPECT_EQ(f.code, "SerializationException");
  EXPECT_EQ(f.message, "NUMBER_VALUE cannot be converted to String");
}

TEST(AttributeValue, ItemsMustBeMaps) {
  Failure f = ItemFailure(R"([])");
  EXPECT_EQ(f.code, "SerializationException");
  EXPECT_EQ(f.message,
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  EXPECT_EQ(ItemFailure(R"("a")").message, "Unexpected field type");
  EXPECT_EQ(ItemFailure(R"({"a": {"S": "x"}, "b": {}})").message, kEmpty);
  EXPECT_EQ(ItemFailure(R"({"a": {"S": "x"}, "b": {"N": "1"}})").code, "");
}

TEST(AttributeValue, NumbersAreCanonicalizedInPlace) {
  EXPECT_EQ(Validated(R"({"N": "1E+2"})"), json::parse(R"({"N": "100"})"));
  EXPECT_EQ(Validated(R"({"NS": ["0.10", "-0", "1e1"]})"),
            json::parse(R"({"NS": ["0.1", "0", "10"]})"));
  EXPECT_EQ(
      Validated(R"({"M": {"a": {"N": "007"}, "b": {"L": [{"N": "5e-1"}, {"NS": ["2.50"]}]}}})"),
      json::parse(R"({"M": {"a": {"N": "7"}, "b": {"L": [{"N": "0.5"}, {"NS": ["2.5"]}]}}})"));
  json item = json::parse(R"({"x": {"N": "+1.0"}, "y": {"L": [{"N": "-0.0"}]}})");
  validate_item(item);
  EXPECT_EQ(item, json::parse(R"({"x": {"N": "1"}, "y": {"L": [{"N": "0"}]}})"));
}

TEST(AttributeValue, UnknownAndNullMembersAreDropped) {
  EXPECT_EQ(Validated(R"({"S": "x", "foo": 1})"), json::parse(R"({"S": "x"})"));
  EXPECT_EQ(Validated(R"({"S": "x", "N": null})"), json::parse(R"({"S": "x"})"));
  EXPECT_EQ(Validated(R"({"BOOL": "TRUE"})"), json::parse(R"({"BOOL": true})"));
  EXPECT_EQ(Validated(R"({"BOOL": "false"})"), json::parse(R"({"BOOL": false})"));
}

TEST(AttributeValue, EmptyStringsAndBinariesAreAllowedOutsideKeys) {
  for (const char* text :
       {R"({"S": ""})", R"({"B": ""})", R"({"SS": [""]})", R"({"BS": [""]})",
        R"({"L": [{"S": ""}]})", R"({"M": {}})", R"({"L": []})", R"({"M": {"": {"S": ""}}})",
        R"({"NULL": true})", R"({"BOOL": false})", R"({"B": "AAEC/w=="})"}) {
    EXPECT_EQ(ValueFailure(text).code, "") << text;
  }
}

TEST(AttributeValue, TypeNamesTheSingleMember) {
  EXPECT_EQ(attribute_type(json::parse(R"({"S": "a"})")), "S");
  EXPECT_EQ(attribute_type(json::parse(R"({"NS": ["1"]})")), "NS");
  EXPECT_EQ(attribute_type(json::parse(R"({"NULL": true})")), "NULL");
  EXPECT_EQ(attribute_type(json::parse(R"({"BOOL": true})")), "BOOL");
  EXPECT_EQ(attribute_type(json::parse(R"({"M": {}})")), "M");
  EXPECT_EQ(attribute_type(json::parse(R"({})")), "");
  EXPECT_EQ(attribute_type(json::parse(R"({"X": 1})")), "");
  EXPECT_EQ(attribute_type(json::parse(R"("S")")), "");
}

TEST(AttributeValue, SetsCompareAsSets) {
  EXPECT_TRUE(Equal(R"({"SS": ["a", "b"]})", R"({"SS": ["b", "a"]})"));
  EXPECT_FALSE(Equal(R"({"SS": ["a", "b"]})", R"({"SS": ["a", "c"]})"));
  EXPECT_FALSE(Equal(R"({"SS": ["a", "b"]})", R"({"SS": ["a"]})"));
  EXPECT_TRUE(Equal(R"({"BS": ["AA==", "AQ=="]})", R"({"BS": ["AQ==", "AA=="]})"));
  EXPECT_TRUE(Equal(R"({"NS": ["1", "2.5"]})", R"({"NS": ["2.50", "1.0"]})"));
  EXPECT_FALSE(Equal(R"({"NS": ["1", "2"]})", R"({"NS": ["1", "3"]})"));
  EXPECT_FALSE(Equal(R"({"SS": ["1"]})", R"({"NS": ["1"]})"));
}

TEST(AttributeValue, NumbersCompareByValue) {
  EXPECT_TRUE(Equal(R"({"N": "1"})", R"({"N": "1.00"})"));
  EXPECT_TRUE(Equal(R"({"N": "100"})", R"({"N": "1e2"})"));
  EXPECT_FALSE(Equal(R"({"N": "1"})", R"({"N": "-1"})"));
  EXPECT_FALSE(Equal(R"({"N": "1"})", R"({"S": "1"})"));
}

TEST(AttributeValue, DocumentsCompareMemberWise) {
  EXPECT_TRUE(Equal(R"({"M": {"a": {"N": "1"}, "b": {"SS": ["x", "y"]}}})",
                    R"({"M": {"b": {"SS": ["y", "x"]}, "a": {"N": "1.0"}}})"));
  EXPECT_FALSE(
      Equal(R"({"M": {"a": {"N": "1"}}})", R"({"M": {"a": {"N": "1"}, "b": {"NULL": true}}})"));
  EXPECT_TRUE(Equal(R"({"L": [{"N": "1"}, {"S": "a"}]})", R"({"L": [{"N": "1.0"}, {"S": "a"}]})"));
  EXPECT_FALSE(Equal(R"({"L": [{"N": "1"}, {"S": "a"}]})", R"({"L": [{"S": "a"}, {"N": "1"}]})"));
  EXPECT_TRUE(Equal(R"({"BOOL": true})", R"({"BOOL": true})"));
  EXPECT_FALSE(Equal(R"({"BOOL": true})", R"({"BOOL": false})"));
  EXPECT_TRUE(Equal(R"({"NULL": true})", R"({"NULL": true})"));
  EXPECT_FALSE(Equal(R"({"S": "a"})", R"({"S": "b"})"));
}

TEST(AttributeValue, ItemsCompareAttributeWise) {
  EXPECT_TRUE(items_equal(json::parse(R"({"a": {"N": "1"}, "b": {"S": "x"}})"),
                          json::parse(R"({"b": {"S": "x"}, "a": {"N": "1.0"}})")));
  EXPECT_FALSE(items_equal(json::parse(R"({"a": {"N": "1"}})"),
                           json::parse(R"({"a": {"N": "1"}, "b": {"S": "x"}})")));
  EXPECT_FALSE(
      items_equal(json::parse(R"({"a": {"N": "1"}})"), json::parse(R"({"b": {"N": "1"}})")));
  EXPECT_TRUE(items_equal(json::object(), json::object()));
}

}  // namespace
}  // namespace streamstack::dynamodb
