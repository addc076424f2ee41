#pragma once
// DynamoDB's Number: a decimal with up to 38 significant digits, magnitude 1E-130 to
// 9.9999999999999999999999999999999999999E+125, kept exact (never a double).
#include <compare>
#include <string>
#include <string_view>

namespace streamstack::dynamodb {

class Number {
 public:
  Number() = default;  // zero

  // Parses DynamoDB's number syntax ("-1.50", "1e3", "  "? no: no spaces) and validates
  // precision and range, throwing ApiError ValidationException with DynamoDB's words:
  //  - "Attempting to store more than 38 significant digits in a Number"
  //  - "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //  - "Number underflow. Attempting to store a number with magnitude smaller than supported range"
  //  - a string that is not a number:
  //    "The parameter cannot be converted to a numeric value: <text>" (no ": <text>" when empty)
  static Number parse(std::string_view text);

  // DynamoDB's canonical text: no leading/trailing zeros, no exponent ("1E+2" -> "100",
  // "0.10" -> "0.1", "-0" -> "0").
  std::string to_string() const;

  // Exact sum/difference; the result is validated like a parsed number (range, 38 digits), except
  // that DynamoDB words a result needing more than 38 digits (1E+50 + 1) as the overflow.
  Number operator+(const Number& other) const;
  Number operator-(const Number& other) const;

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const;

  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }

  // An order-preserving byte encoding: memcmp order of encodings == numeric order.
  std::string encode_ordered() const;

 private:
  // value = (negative ? -1 : 1) * 0.d1d2d3... * 10^exponent_; digits_ has no leading or
  // trailing '0'; zero is digits_ empty.
  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;

  static Number from_parts(bool negative, std::string digits, int exponent);
  void validate() const;
};

}  // namespace streamstack::dynamodb
