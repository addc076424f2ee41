#include "dynamodb/attribute_value.h"

#include <gtest/gtest.h>

#include <string>

namespace streamstack::dynamodb {
namespace {

std::size_t Size(const std::string& item) { return item_size(json::parse(item)); }

// The size of a one-attribute item named "a" (1 byte) holding `value`, less the name.
std::size_t ValueSize(const std::string& value) {
  return item_size(json::object({{"a", json::parse(value)}})) - 1;
}

TEST(ItemSize, StringsCountUtf8BytesOfNameAndValue) {
  EXPECT_EQ(Size(R"({"a": {"S": "abc"}})"), 4u);
  EXPECT_EQ(Size(R"({"name": {"S": ""}})"), 4u);
  EXPECT_EQ(Size(R"({"é": {"S": "日本"}})"), 2u + 6u);
  EXPECT_EQ(Size(R"({})"), 0u);
}

TEST(ItemSize, BinariesCountDecodedBytes) {
  EXPECT_EQ(ValueSize(R"({"B": "AAEC"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"B": "AAE="})"), 2u);
  EXPECT_EQ(ValueSize(R"({"B": "AA=="})"), 1u);
  EXPECT_EQ(ValueSize(R"({"B": ""})"), 0u);
}

TEST(ItemSize, NumbersCountBase100DigitsPlusOne) {
  EXPECT_EQ(ValueSize(R"({"N": "0"})"), 1u);
  EXPECT_EQ(ValueSize(R"({"N": "1"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "-1"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"N": "10"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "100"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "12"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "123"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"N": "1234"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"N": "12345"})"), 4u);
  // 1.5 is 01|50 in base 100: the pair alignment costs a byte.
  EXPECT_EQ(ValueSize(R"({"N": "1.5"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"N": "-1.5"})"), 4u);
  EXPECT_EQ(ValueSize(R"({"N": "0.15"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "0.05"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "0.005"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "0.0015"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "0.015"})"), 3u);
  EXPECT_EQ(ValueSize(R"({"N": "12345678901234567890123456789012345678"})"), 20u);
  EXPECT_EQ(ValueSize(R"({"N": "1.2345678901234567890123456789012345678"})"), 21u);
  EXPECT_EQ(ValueSize(R"({"N": "1e125"})"), 2u);
  EXPECT_EQ(ValueSize(R"({"N": "1E-130"})"), 2u);
}

TEST(ItemSize, ScalarsOfFixedSize) {
  EXPECT_EQ(ValueSize(R"({"BOOL": false})"), 1u);
  EXPECT_EQ(ValueSize(R"({"NULL": true})"), 1u);
}

TEST(ItemSize, SetsSumTheirMembers) {
  EXPECT_EQ(ValueSize(R"({"SS": ["a", "bc"]})"), 3u);
  EXPECT_EQ(ValueSize(R"({"NS": ["1", "12", "-1.5"]})"), 2u + 2u + 4u);
  EXPECT_EQ(ValueSize(R"({"BS": ["AA==", "AAE="]})"), 3u);
}

TEST(ItemSize, ListsAndMapsCostThreeBytesPlusOnePerElement) {
  EXPECT_EQ(ValueSize(R"({"L": []})"), 3u);
  EXPECT_EQ(ValueSize(R"({"M": {}})"), 3u);
  EXPECT_EQ(ValueSize(R"({"L": [{"S": "ab"}, {"N": "1"}]})"), 3u + (1u + 2u) + (1u + 2u));
  EXPECT_EQ(ValueSize(R"({"M": {"x": {"S": "ab"}}})"), 3u + 1u + (1u + 2u));
  EXPECT_EQ(ValueSize(R"({"M": {"xy": {"L": [{"NULL": true}]}, "z": {"BOOL": true}}})"),
            3u + 2u + (2u + 3u + 1u + 1u) + (1u + 1u));
}

TEST(ItemSize, AttributesAddUp) {
  EXPECT_EQ(Size(R"({"id": {"S": "user#1"}, "age": {"N": "42"}, "tags": {"SS": ["a", "b"]},
                   "blob": {"B": "AAEC"}, "ok": {"BOOL": true}})"),
            (2u + 6u) + (3u + 2u) + (4u + 2u) + (4u + 3u) + (2u + 1u));
}

TEST(ItemSize, LimitIsFourHundredKilobytes) { EXPECT_EQ(kMaxItemSize, 409600u); }

TEST(ItemSize, ALargeStringReachesTheLimit) {
  json item = json::object({{"a", json::object({{"S", std::string(kMaxItemSize - 1, 'x')}})}});
  EXPECT_EQ(item_size(item), kMaxItemSize);
}

}  // namespace
}  // namespace streamstack::dynamodb
