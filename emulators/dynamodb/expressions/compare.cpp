#include "dynamodb/expressions/compare.h"

#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/number.h"

#include <string>

namespace streamstack::dynamodb::expr::detail {

int compare_ordered(const json& a, const json& b) {
  std::string_view type = attribute_type(a);
  const auto& x = a.begin().value().get_ref<const std::string&>();
  const auto& y = b.begin().value().get_ref<const std::string&>();
  if (type == "N") {
    auto order = Number::parse(x) <=> Number::parse(y);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  if (type == "B") return core::base64_decode(x).compare(core::base64_decode(y));
  // std::string compares as unsigned bytes, which is UTF-8 code point order.
  return x.compare(y);
}

bool ordered(const json* a, const json* b, std::string_view op) {
  if (a == nullptr || b == nullptr) return false;
  std::string_view type = attribute_type(*a);
  if (type != attribute_type(*b) || (type != "S" && type != "N" && type != "B")) return false;
  int order = compare_ordered(*a, *b);
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;
}

}  // namespace streamstack::dynamodb::expr::detail
