#include "dynamodb/expressions/ast.h"

#include <string>

namespace streamstack::dynamodb::expr {

const json* resolve_path(const json& item, const Path& path) {
  if (path.empty() || path.front().index || !item.is_object()) return nullptr;
  auto top = item.find(path.front().name);
  if (top == item.end()) return nullptr;
  const json* current = &*top;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const PathElement& element = path[i];
    const char* container = element.index ? "L" : "M";
    auto it = current->find(container);
    if (it == current->end()) return nullptr;
    if (element.index) {
      if (*element.index >= it->size()) return nullptr;
      current = &(*it)[*element.index];
    } else {
      auto member = it->find(element.name);
      if (member == it->end()) return nullptr;
      current = &*member;
    }
  }
  return current;
}

namespace detail {

std::string path_to_string(const Path& path) {
  std::string text = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) text += ", ";
    text += path[i].index ? "[" + std::to_string(*path[i].index) + "]" : path[i].name;
  }
  return text + "]";
}

bool same_element(const PathElement& a, const PathElement& b) {
  if (a.index.has_value() != b.index.has_value()) return false;
  return a.index ? *a.index == *b.index : a.name == b.name;
}

bool same_path(const Path& a, const Path& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_element(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace detail
}  // namespace streamstack::dynamodb::expr
