#include "core/model/constraints.h"

#include <map>
#include <regex>

namespace streamstack::core::model {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// "[a-zA-Z0-9_.-]+": DynamoDB's table and index names, Kinesis's stream and consumer names.
bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_name_char(c)) return false;
  return true;
}

// "0|([1-9]\d{0,N})": a decimal without leading zeros of at most N+1 digits (Kinesis's hash keys
// and sequence numbers).
bool is_decimal(std::string_view s, std::size_t max_digits) {
  if (s == "0") return true;
  if (s.empty() || s.size() > max_digits || s[0] < '1' || s[0] > '9') return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::size_t java_length(std::string_view utf8) {
  std::size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++units;  // a lead byte starts a character
    if (c >= 0xF0) ++units;           // outside the BMP: a surrogate pair
  }
  return units;
}

bool matches_pattern(std::string_view pattern, const std::string& text) {
  if (pattern == "[a-zA-Z0-9_.-]+") return is_name(text);
  if (pattern == "0|([1-9]\\d{0,38})") return is_decimal(text, 39);
  if (pattern == "0|([1-9]\\d{0,128})") return is_decimal(text, 129);
  thread_local std::map<std::string, std::regex, std::less<>> compiled;
  auto it = compiled.find(pattern);
  if (it == compiled.end()) {
    it = compiled.emplace(std::string(pattern), std::regex(std::string(pattern))).first;
  }
  return std::regex_match(text, it->second);
}

}  // namespace streamstack::core::model
