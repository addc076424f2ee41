#pragma once
// Fn::Sub's string: literal text and `${Name}` / `${LogicalId.Attribute}` variables; `${!text}`
// is the literal `${text}`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::cloudformation {

struct SubPart {
  std::string text;  // the literal, or the variable's name (before the first '.')
  std::optional<std::string> attribute;  // after the first '.', for ${LogicalId.Attribute}
  bool variable = false;
};

// nullopt when a `${` is never closed (what is wrong is then `expected`).
std::optional<std::vector<SubPart>> parse_sub_string(std::string_view text, std::string* expected = nullptr);

}  // namespace streamstack::cloudformation
