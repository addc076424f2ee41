#include "core/base64.h"
#include "dynamodb/attribute_value.h"

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace streamstack::dynamodb {
namespace {

bool MemcmpLess(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  return c < 0 || (c == 0 && a.size() < b.size());
}

// Every pair of `ascending` (AttributeValues) must encode in the same order.
void ExpectEncodedInOrder(const std::vector<json>& ascending) {
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      std::string a = encode_key_value(ascending[i]);
      std::string b = encode_key_value(ascending[j]);
      EXPECT_EQ(MemcmpLess(a, b), i < j) << ascending[i] << " vs " << ascending[j];
      EXPECT_EQ(a == b, i == j) << ascending[i] << " vs " << ascending[j];
    }
  }
}

json S(const std::string& s) { return {{"S", s}}; }
json N(const std::string& n) { return {{"N", n}}; }
json B(const std::string& bytes) { return {{"B", core::base64_encode(bytes)}}; }

TEST(KeyCodec, StringsSortByUtf8Bytes) {
  // Uppercase before lowercase, and code points above U+007F after ASCII, as UTF-8 bytes do.
  ExpectEncodedInOrder({S(""), S("A"), S("AB"), S("B"), S("Z"), S("a"), S("aa"), S("ab"), S("b"),
                        S("z"), S("\xC3\xA9"), S("\xE6\x97\xA5"), S("\xF0\x9F\x98\x80")});
}

TEST(KeyCodec, StringsEncodeAsTheirBytes) { EXPECT_EQ(encode_key_value(S("user#1")), "user#1"); }

TEST(KeyCodec, BinariesSortAsUnsignedBytes) {
  ExpectEncodedInOrder({B(""), B(std::string(1, '\0')), B(std::string(2, '\0')), B("\x01"),
                        B("\x7F"), B("\x80"), B(std::string("\x80\x00", 2)), B("\xFE\xFF"),
                        B("\xFF")});
  EXPECT_EQ(encode_key_value(json{{"B", "AAEC"}}), std::string("\x00\x01\x02", 3));
}

TEST(KeyCodec, NumbersSortByValue) {
  ExpectEncodedInOrder({N("-1e125"), N("-100"), N("-10"), N("-9.5"), N("-2"), N("-1"), N("-0.5"),
                        N("-1e-130"), N("0"), N("1e-130"), N("0.5"), N("1"), N("2"), N("9.5"),
                        N("10"), N("100"), N("1e125")});
}

TEST(KeyCodec, EqualNumbersEncodeEqually) {
  EXPECT_EQ(encode_key_value(N("1")), encode_key_value(N("1.0")));
  EXPECT_EQ(encode_key_value(N("100")), encode_key_value(N("1E+2")));
}

TEST(KeyCodec, OnlyKeyTypesEncode) {
  EXPECT_THROW(encode_key_value(json{{"SS", {"a"}}}), std::logic_error);
  EXPECT_THROW(encode_key_value(json::object()), std::logic_error);
}

}  // namespace
}  // namespace streamstack::dynamodb
