// DynamoDB's item size for the 400 KB limit, as dynalite's db/index.js itemSize fits it to AWS:
// names and strings count their UTF-8 bytes, binaries their decoded bytes, numbers their
// base-100 digits, and maps and lists 3 bytes plus 1 per element.
#include "dynamodb/attribute_value.h"

#include "dynamodb/number.h"

namespace streamstack::dynamodb {
namespace {

std::size_t value_size(const json& value);

std::size_t binary_size(const std::string& base64) {
  std::size_t padding = 0;
  for (auto it = base64.rbegin(); it != base64.rend() && *it == '=' && padding < 2; ++it) ++padding;
  return base64.size() / 4 * 3 - padding;
}

// One byte of sign/exponent, one per pair of digits once aligned to an even power of ten (a
// mantissa 0.d1d2... x 10^E with E odd starts with a half-filled pair), one more if negative.
std::size_t number_size(const std::string& text) {
  Number n = Number::parse(text);
  if (n.is_zero()) return 1;
  std::string magnitude = n.to_string().substr(n.negative() ? 1 : 0);
  std::size_t point = magnitude.find('.');
  std::string whole = magnitude.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : magnitude.substr(point + 1);
  // value = 0.d1d2... x 10^exponent, read off the canonical text.
  long exponent = whole != "0" ? static_cast<long>(whole.size())
                               : -static_cast<long>(fraction.find_first_not_of('0'));
  std::string all = whole + fraction;
  std::size_t digits = all.find_last_not_of('0') - all.find_first_not_of('0') + 1;
  bool misaligned = digits % 2 == 0 && exponent % 2 != 0;
  return 1 + (digits + 1) / 2 + (misaligned ? 1 : 0) + (n.negative() ? 1 : 0);
}

std::size_t attributes_size(const json& attributes) {
  std::size_t size = 0;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    size += it.key().size() + value_size(it.value());
  }
  return size;
}

std::size_t value_size(const json& value) {
  const std::string type(attribute_type(value));
  const json& v = value.begin().value();
  if (type == "S") return v.get_ref<const std::string&>().size();
  if (type == "B") return binary_size(v.get_ref<const std::string&>());
  if (type == "N") return number_size(v.get_ref<const std::string&>());
  if (type == "NULL" || type == "BOOL") return 1;
  std::size_t size = 0;
  if (type == "SS") {
    for (const json& s : v) size += s.get_ref<const std::string&>().size();
  } else if (type == "BS") {
    for (const json& b : v) size += binary_size(b.get_ref<const std::string&>());
  } else if (type == "NS") {
    for (const json& n : v) size += number_size(n.get_ref<const std::string&>());
  } else if (type == "L") {
    size = 3;
    for (const json& element : v) size += 1 + value_size(element);
  } else if (type == "M") {
    size = 3 + v.size() + attributes_size(v);
  }
  return size;
}

}  // namespace

std::size_t item_size(const json& item) { return attributes_size(item); }

}  // namespace streamstack::dynamodb
