#include "dynamodb/number.h"

#include "dynamodb/errors.h"

#include <algorithm>
#include <optional>

namespace streamstack::dynamodb {
namespace {

constexpr std::size_t kMaxDigits = 38;
// In the 0.d1d2... x 10^E form kept by Number, 1E-130 is E = -129 and 9.99...E+125 is E = 126.
constexpr int kMinExponent = -129;
constexpr int kMaxExponent = 126;
// Exponents beyond this are out of range whatever the digits; clamping keeps the sums in `int`.
constexpr long long kExponentClamp = 1'000'000'000;

constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";

// DynamoDB names the offending text, except when there is none.
core::ApiError not_a_number(std::string_view text) {
  std::string message = "The parameter cannot be converted to a numeric value";
  if (!text.empty()) message += ": " + std::string(text);
  return validation_error(std::move(message));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Scanned {
  bool negative = false;
  std::string digits;      // every mantissa digit, the decimal point dropped
  long long exponent = 0;  // value = 0.<digits> x 10^exponent
};

// Java BigDecimal's syntax, which DynamoDB accepts: an optional sign, digits with an optional
// point ("1.", ".5"), an optional exponent. No spaces, no "NaN" or "Infinity".
std::optional<Scanned> scan(std::string_view text) {
  Scanned out;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) out.negative = text[i++] == '-';
  long long integer_digits = 0;
  while (i < text.size() && is_digit(text[i])) {
    out.digits += text[i++];
    ++integer_digits;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) out.digits += text[i++];
  }
  if (out.digits.empty()) return std::nullopt;
  long long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    if (i == text.size()) return std::nullopt;
    while (i < text.size() && is_digit(text[i])) {
      exponent = std::min(exponent * 10 + (text[i++] - '0'), kExponentClamp);
    }
    if (negative_exponent) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;
  out.exponent = integer_digits + exponent;
  return out;
}

// Magnitudes as integer coefficients of a common power of ten, without leading zeros.
int compare_coefficients(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::string add_coefficients(const std::string& a, const std::string& b) {
  std::string sum;
  int carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    int digit = carry;
    if (i < a.size()) digit += a[a.size() - 1 - i] - '0';
    if (i < b.size()) digit += b[b.size() - 1 - i] - '0';
    sum += static_cast<char>('0' + digit % 10);
    carry = digit / 10;
  }
  std::reverse(sum.begin(), sum.end());
  return sum;
}

// a - b for a >= b.
std::string subtract_coefficients(const std::string& a, const std::string& b) {
  std::string difference;
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int digit = (a[a.size() - 1 - i] - '0') - borrow;
    if (i < b.size()) digit -= b[b.size() - 1 - i] - '0';
    borrow = digit < 0 ? 1 : 0;
    difference += static_cast<char>('0' + digit + 10 * borrow);
  }
  std::reverse(difference.begin(), difference.end());
  return difference;
}

}  // namespace

Number Number::from_parts(bool negative, std::string digits, int exponent) {
  Number n;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return n;  // zero, never negative
  std::size_t last = digits.find_last_not_of('0');
  n.negative_ = negative;
  n.digits_ = digits.substr(first, last - first + 1);
  n.exponent_ = exponent - static_cast<int>(first);
  return n;
}

// DynamoDB checks the range before the precision (dynalite's tests, run against AWS).
void Number::validate() const {
  if (is_zero()) return;
  if (exponent_ > kMaxExponent) throw validation_error(kOverflow);
  if (exponent_ < kMinExponent) throw validation_error(kUnderflow);
  if (digits_.size() > kMaxDigits) throw validation_error(kTooManyDigits);
}

Number Number::parse(std::string_view text) {
  std::optional<Scanned> scanned = scan(text);
  if (!scanned) throw not_a_number(text);
  long long exponent = std::clamp(scanned->exponent, -kExponentClamp, kExponentClamp);
  Number n = from_parts(scanned->negative, std::move(scanned->digits), static_cast<int>(exponent));
  n.validate();
  return n;
}

std::string Number::to_string() const {
  if (is_zero()) return "0";
  std::string out = negative_ ? "-" : "";
  int size = static_cast<int>(digits_.size());
  if (exponent_ <= 0) {
    out += "0." + std::string(-exponent_, '0') + digits_;
  } else if (exponent_ >= size) {
    out += digits_ + std::string(exponent_ - size, '0');
  } else {
    out += digits_.substr(0, exponent_) + "." + digits_.substr(exponent_);
  }
  return out;
}

Number Number::operator+(const Number& other) const {
  if (other.is_zero()) return *this;
  if (is_zero()) return other;
  // Both coefficients scaled to the smaller unit in last place; at most ~300 digits in range.
  int unit = exponent_ - static_cast<int>(digits_.size());
  int other_unit = other.exponent_ - static_cast<int>(other.digits_.size());
  int low = std::min(unit, other_unit);
  std::string a = digits_ + std::string(unit - low, '0');
  std::string b = other.digits_ + std::string(other_unit - low, '0');
  bool negative = negative_;
  std::string coefficient;
  if (negative_ == other.negative_) {
    coefficient = add_coefficients(a, b);
  } else if (compare_coefficients(a, b) >= 0) {
    coefficient = subtract_coefficients(a, b);
  } else {
    coefficient = subtract_coefficients(b, a);
    negative = other.negative_;
  }
  int exponent = low + static_cast<int>(coefficient.size());
  Number sum = from_parts(negative, std::move(coefficient), exponent);
  // An inexact result (1E+50 + 1) is refused with DynamoDB's overflow text, as AWS words it
  // (observed by scylladb's test_update_expression_plus_imprecise against DynamoDB).
  if (sum.is_zero()) return sum;
  if (sum.exponent_ > kMaxExponent || sum.digits_.size() > kMaxDigits) {
    throw validation_error(kOverflow);
  }
  if (sum.exponent_ < kMinExponent) throw validation_error(kUnderflow);
  return sum;
}

Number Number::operator-(const Number& other) const {
  Number negated = other;
  if (!negated.is_zero()) negated.negative_ = !negated.negative_;
  return *this + negated;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.is_zero() ? 0 : (n.negative_ ? -1 : 1); };
  int mine = sign(*this);
  int theirs = sign(other);
  if (mine != theirs || mine == 0) return mine <=> theirs;
  std::strong_ordering magnitude = exponent_ <=> other.exponent_;
  if (magnitude == 0) magnitude = digits_.compare(other.digits_) <=> 0;
  return mine > 0 ? magnitude : 0 <=> magnitude;
}

bool Number::operator==(const Number& other) const {
  return negative_ == other.negative_ && exponent_ == other.exponent_ && digits_ == other.digits_;
}

// Sign byte, then the exponent, then one byte per digit and a terminator. Negative numbers
// complement the exponent and digits and end with 0xFF, so a shorter digit string (a smaller
// magnitude) sorts after a longer one that extends it.
std::string Number::encode_ordered() const {
  if (is_zero()) return std::string(1, '\x02');
  auto biased = static_cast<unsigned char>(exponent_ - kMinExponent);  // 0..255
  std::string out;
  out.reserve(digits_.size() + 3);
  if (negative_) {
    out += '\x01';
    out += static_cast<char>(255 - biased);
    for (char d : digits_) out += static_cast<char>(10 - (d - '0'));
    out += '\xFF';
  } else {
    out += '\x03';
    out += static_cast<char>(biased);
    for (char d : digits_) out += static_cast<char>(1 + (d - '0'));
    out += '\x00';
  }
  return out;
}

}  // namespace streamstack::dynamodb
