#include "cloudformation/sub_string.h"

namespace streamstack::cloudformation {

std::optional<std::vector<SubPart>> parse_sub_string(std::string_view text, std::string* expected) {
  std::vector<SubPart> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find("${", i);
    if (open == std::string_view::npos) {
      literal.append(text.substr(i));
      break;
    }
    literal.append(text.substr(i, open - i));
    auto close = text.find('}', open + 2);
    if (close == std::string_view::npos) {
      if (expected) *expected = "a '}' closing the \"${\" at character " + std::to_string(open);
      return std::nullopt;
    }
    auto inside = text.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!inside.empty() && inside[0] == '!') {
      literal += "${";
      literal.append(inside.substr(1));
      literal += '}';
      continue;
    }
    if (!literal.empty()) parts.push_back(SubPart{std::move(literal), std::nullopt, false});
    literal.clear();
    SubPart part;
    part.variable = true;
    auto dot = inside.find('.');
    part.text = std::string(inside.substr(0, dot));
    if (dot != std::string_view::npos) part.attribute = std::string(inside.substr(dot + 1));
    parts.push_back(std::move(part));
  }
  if (!literal.empty()) parts.push_back(SubPart{std::move(literal), std::nullopt, false});
  return parts;
}

}  // namespace streamstack::cloudformation
