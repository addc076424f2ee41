#include "dynamodb/number.h"

#include "core/api_error.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace streamstack::dynamodb {
namespace {

constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";

std::string Canonical(const std::string& text) { return Number::parse(text).to_string(); }

// The ValidationException message `text` is refused with ("" when it is accepted).
std::string ParseError(const std::string& text) {
  try {
    Number::parse(text);
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(e.wire_type(), "com.amazon.coral.validate#ValidationException");
    return e.message();
  }
  return "";
}

template <typename F>
std::string ArithmeticError(F&& f) {
  try {
    f();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), "ValidationException");
    return e.message();
  }
  return "";
}

std::string Sum(const std::string& a, const std::string& b) {
  return (Number::parse(a) + Number::parse(b)).to_string();
}
std::string Difference(const std::string& a, const std::string& b) {
  return (Number::parse(a) - Number::parse(b)).to_string();
}

bool EncodedLess(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  return c < 0 || (c == 0 && a.size() < b.size());
}

TEST(Number, DefaultIsZero) {
  Number zero;
  EXPECT_TRUE(zero.is_zero());
  EXPECT_FALSE(zero.negative());
  EXPECT_EQ(zero.to_string(), "0");
}

TEST(Number, CanonicalTextHasNoExponentNorSpareZeros) {
  EXPECT_EQ(Canonical("1E+2"), "100");
  EXPECT_EQ(Canonical("1e2"), "100");
  EXPECT_EQ(Canonical("0.10"), "0.1");
  EXPECT_EQ(Canonical("-0"), "0");
  EXPECT_EQ(Canonical("-0.000"), "0");
  EXPECT_EQ(Canonical("0e1000"), "0");
  EXPECT_EQ(Canonical("+3"), "3");
  EXPECT_EQ(Canonical(".123"), "0.123");
  EXPECT_EQ(Canonical("0001.23"), "1.23");
  EXPECT_EQ(Canonical("1."), "1");
  EXPECT_EQ(Canonical("1e+5"), "100000");
  EXPECT_EQ(Canonical("1E-5"), "0.00001");
  EXPECT_EQ(Canonical("-7.1234"), "-7.1234");
  EXPECT_EQ(Canonical("-17e5"), "-1700000");
  EXPECT_EQ(Canonical("123.4500"), "123.45");
  EXPECT_EQ(Canonical("-0.000123"), "-0.000123");
  EXPECT_EQ(Canonical("12.5e-1"), "1.25");
  EXPECT_EQ(Canonical("0.0012e3"), "1.2");
  EXPECT_EQ(Canonical("-17.4E37"), "-174" + std::string(36, '0'));
}

TEST(Number, RangeEndsAreAccepted) {
  EXPECT_EQ(Canonical("1e-130"), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(Canonical("-1E-130"), "-0." + std::string(129, '0') + "1");
  EXPECT_EQ(Canonical("1e125"), "1" + std::string(125, '0'));
  std::string max = "9.9999999999999999999999999999999999999E+125";
  EXPECT_EQ(Canonical(max), std::string(38, '9') + std::string(88, '0'));
  EXPECT_EQ(Canonical("-" + max), "-" + std::string(38, '9') + std::string(88, '0'));
}

TEST(Number, SignificantDigitsIgnoreLeadingAndTrailingZeros) {
  std::string many_zeros = "1" + std::string(42, '0');  // 43 digits, 1 significant
  EXPECT_EQ(Canonical(many_zeros), many_zeros);
  EXPECT_EQ(Canonical("0.000000000000000000000000000000000000000000001"),
            "0.000000000000000000000000000000000000000000001");
  // 39 digits but the last is a trailing zero: 38 significant.
  EXPECT_EQ(Canonical("314159265358979323846264338327950288410"),
            "314159265358979323846264338327950288410");
  EXPECT_EQ(Canonical("00000000003.1415926535897932384626433832795028841000000"),
            "3.1415926535897932384626433832795028841");
}

TEST(Number, ThirtyEightDigitsAreKeptExactly) {
  for (std::string text :
       {"12345678901234567890123456789012345678", "3.1415926535897932384626433832795028841",
        "314159265358979323846.26433832795028841",
        "-0.00000000000000000000000000000000000012345678901234567890123456789012345678"}) {
    EXPECT_EQ(Canonical(text), text);
  }
  EXPECT_EQ(Canonical("31415926535897932384626433832795028841e30"),
            "31415926535897932384626433832795028841" + std::string(30, '0'));
}

TEST(Number, MoreThanThirtyEightDigitsAreRefused) {
  EXPECT_EQ(ParseError("123456789012345678901234567890123456789"), kTooManyDigits);
  EXPECT_EQ(ParseError("-1.23456789012345678901234567890123456789"), kTooManyDigits);
  EXPECT_EQ(ParseError("3.14159265358979323846264338327950288419"), kTooManyDigits);
  EXPECT_EQ(ParseError("314159265358979323846264338327950288419e30"), kTooManyDigits);
  EXPECT_EQ(ParseError("0.000123456789012345678901234567890123456789"), kTooManyDigits);
}

TEST(Number, OutOfRangeMagnitudesAreRefused) {
  EXPECT_EQ(ParseError("1e126"), kOverflow);
  EXPECT_EQ(ParseError("-1e126"), kOverflow);
  EXPECT_EQ(ParseError("11e125"), kOverflow);
  EXPECT_EQ(ParseError("1e100000000000000000000000"), kOverflow);
  EXPECT_EQ(ParseError("1e-131"), kUnderflow);
  EXPECT_EQ(ParseError("-1e-131"), kUnderflow);
  EXPECT_EQ(ParseError("0.9e-130"), kUnderflow);
  EXPECT_EQ(ParseError("1e-100000000000000000000000"), kUnderflow);
}

TEST(Number, RangeIsCheckedBeforePrecision) {
  EXPECT_EQ(ParseError("1234567890123456789012345678901234567890e200"), kOverflow);
  EXPECT_EQ(ParseError("1234567890123456789012345678901234567890e-200"), kUnderflow);
}

TEST(Number, NonNumbersAreRefusedNamingTheText) {
  EXPECT_EQ(ParseError(""), "The parameter cannot be converted to a numeric value");
  for (std::string text :
       {"NaN", "Infinity", "-Infinity", "-NaN", "dog",   "-dog", " 1",    "1 ",  "1e",  "e5", ".",
        "-",   "+",        "+-1",       "--1",  "1.2.3", "0x10", "1e5.5", "1e+", "1,5", "１"}) {
    EXPECT_EQ(ParseError(text), "The parameter cannot be converted to a numeric value: " + text)
        << text;
  }
}

TEST(Number, AdditionIsExact) {
  EXPECT_EQ(Sum("1", "10000000000000000000000"), "10000000000000000000001");
  EXPECT_EQ(Difference("10000000000000000000000", "1"), "9999999999999999999999");
  EXPECT_EQ(Sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(Sum("999.999", "0.001"), "1000");
  EXPECT_EQ(Sum(std::string(38, '9'), "1"), "1" + std::string(38, '0'));
  EXPECT_EQ(Sum("1e125", "1e125"), "2" + std::string(125, '0'));
  EXPECT_EQ(Sum("1e-130", "1e-130"), "0." + std::string(129, '0') + "2");
  EXPECT_EQ(Sum("12345678901234567890123456789012345678", "0"),
            "12345678901234567890123456789012345678");
  EXPECT_EQ(Sum("0.5", "12345678901234567890123456789012345.5"),
            "12345678901234567890123456789012346");
}

TEST(Number, SignsCombine) {
  EXPECT_EQ(Sum("-3", "-4"), "-7");
  EXPECT_EQ(Difference("3", "4"), "-1");
  EXPECT_EQ(Sum("-3", "4"), "1");
  EXPECT_EQ(Difference("-3", "-4"), "1");
  EXPECT_EQ(Difference("0", "2.5"), "-2.5");
  EXPECT_EQ(Difference("2.5", "0"), "2.5");
  EXPECT_EQ(Sum("0", "-2.5"), "-2.5");
  EXPECT_EQ(Difference("-1", "-1"), "0");
}

TEST(Number, CancellationLeavesTheExactRemainder) {
  EXPECT_EQ(Difference("123456789.123456789", "123456789.123456788"), "0.000000001");
  EXPECT_EQ(Difference("1000000", "999999.999999"), "0.000001");
  Number zero = Number::parse("1.5") - Number::parse("1.50");
  EXPECT_TRUE(zero.is_zero());
  EXPECT_FALSE(zero.negative());
  EXPECT_EQ(zero.to_string(), "0");
  EXPECT_EQ(Sum("-5", "5"), "0");
}

TEST(Number, ArithmeticResultsAreValidatedWithDynamoDbsWords) {
  auto sum = [](const char* a, const char* b) {
    return ArithmeticError([&] { (void)(Number::parse(a) + Number::parse(b)); });
  };
  auto difference = [](const char* a, const char* b) {
    return ArithmeticError([&] { (void)(Number::parse(a) - Number::parse(b)); });
  };
  EXPECT_EQ(sum("9e125", "9e125"), kOverflow);
  EXPECT_EQ(difference("9e125", "-9e125"), kOverflow);
  EXPECT_EQ(difference("-9e125", "9e125"), kOverflow);
  // DynamoDB reports a result that needs more than 38 digits as an overflow too.
  EXPECT_EQ(sum("1e50", "1"), kOverflow);
  EXPECT_EQ(difference("1e50", "1"), kOverflow);
  EXPECT_EQ(difference("1.0000000000000000000000000000000000001e-130", "1e-130"), kUnderflow);
  EXPECT_EQ(sum("1", "2"), "");
}

TEST(Number, EqualValuesCompareEqual) {
  EXPECT_EQ(Number::parse("1"), Number::parse("1.0"));
  EXPECT_EQ(Number::parse("1"), Number::parse("0.1e1"));
  EXPECT_EQ(Number::parse("100"), Number::parse("1E+2"));
  EXPECT_EQ(Number::parse("0"), Number::parse("-0.0"));
  EXPECT_EQ(Number::parse("1") <=> Number::parse("1.000"), std::strong_ordering::equal);
  EXPECT_NE(Number::parse("1"), Number::parse("-1"));
  EXPECT_NE(Number::parse("1"), Number::parse("10"));
  EXPECT_EQ(Number::parse("-0.5").encode_ordered(), Number::parse("-5e-1").encode_ordered());
}

// Ascending; every pair must compare, and encode, in this order.
const std::vector<std::string> kAscending = {
    "-9.9999999999999999999999999999999999999E+125",
    "-1e125",
    "-12345678901234567890123456789012345678",
    "-1e10",
    "-123.5",
    "-123.45",
    "-123.4",
    "-123",
    "-12",
    "-10",
    "-9",
    "-2",
    "-1.5",
    "-1.0000000000000000000000000000000000001",
    "-1",
    "-0.99",
    "-0.5",
    "-0.1",
    "-1e-10",
    "-1.5e-130",
    "-1e-130",
    "0",
    "1e-130",
    "1.5e-130",
    "1e-129",
    "1e-10",
    "0.1",
    "0.10001",
    "0.2",
    "0.5",
    "0.99",
    "1",
    "1.0000000000000000000000000000000000001",
    "1.5",
    "2",
    "9",
    "10",
    "12",
    "100",
    "123",
    "123.4",
    "123.45",
    "123.5",
    "1e10",
    "12345678901234567890123456789012345678",
    "1e125",
    "9.9999999999999999999999999999999999999E+125",
};

TEST(Number, OrderingFollowsValue) {
  for (std::size_t i = 0; i < kAscending.size(); ++i) {
    for (std::size_t j = 0; j < kAscending.size(); ++j) {
      Number a = Number::parse(kAscending[i]);
      Number b = Number::parse(kAscending[j]);
      EXPECT_EQ(a <=> b, i <=> j) << kAscending[i] << " vs " << kAscending[j];
      EXPECT_EQ(a == b, i == j);
    }
  }
}

TEST(Number, OrderedEncodingSortsLikeTheValues) {
  for (std::size_t i = 0; i < kAscending.size(); ++i) {
    for (std::size_t j = 0; j < kAscending.size(); ++j) {
      std::string a = Number::parse(kAscending[i]).encode_ordered();
      std::string b = Number::parse(kAscending[j]).encode_ordered();
      EXPECT_EQ(EncodedLess(a, b), i < j) << kAscending[i] << " vs " << kAscending[j];
      EXPECT_EQ(a == b, i == j) << kAscending[i] << " vs " << kAscending[j];
    }
  }
}

TEST(Number, OrderedEncodingSortsGeneratedValues) {
  // Every value m x 10^e for a spread of mantissas and exponents, both signs.
  std::vector<Number> values;
  for (const char* mantissa : {"1", "1.1", "1.01", "1.11", "5", "9.9", "9.99",
                               "2.0000000000000000000000000000000000001"}) {
    for (int e : {-130, -129, -64, -3, -2, -1, 0, 1, 2, 3, 64, 124, 125}) {
      std::string text = std::string(mantissa) + "e" + std::to_string(e);
      if (ParseError(text).empty()) {
        values.push_back(Number::parse(text));
        values.push_back(Number::parse("-" + text));
      }
    }
  }
  values.push_back(Number());
  ASSERT_GT(values.size(), 150u);
  for (const Number& a : values) {
    for (const Number& b : values) {
      EXPECT_EQ(EncodedLess(a.encode_ordered(), b.encode_ordered()), a < b)
          << a.to_string() << " vs " << b.to_string();
    }
  }
}

}  // namespace
}  // namespace streamstack::dynamodb
