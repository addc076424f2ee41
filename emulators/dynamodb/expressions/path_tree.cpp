#include "dynamodb/expressions/path_tree.h"

#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/expression_error.h"

#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

// `prefix` followed by the elements of the first path stored under `child`: the path the new
// one collided with.
Path existing_path(Path prefix, const PathTreeChild& child) {
  const PathTreeChild* current = &child;
  while (true) {
    prefix.push_back(current->element);
    if (!current->subtree || current->subtree->children.empty()) return prefix;
    current = &current->subtree->children.front();
  }
}

[[noreturn]] void fail(std::string_view kind, const char* what, const Path& one, const Path& two) {
  throw expression_error(kind, std::string("Two document paths ") + what +
                                   " with each other; must remove or rewrite one of these "
                                   "paths; path one: " +
                                   path_to_string(one) + ", path two: " + path_to_string(two));
}

}  // namespace

void PathTree::insert(const Path& path, int leaf, std::string_view kind) {
  PathTreeNode* node = &root_;
  for (std::size_t depth = 0; depth < path.size(); ++depth) {
    const PathElement& element = path[depth];
    Path prefix(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth));
    PathTreeChild* match = nullptr;
    for (PathTreeChild& child : node->children) {
      if (same_element(child.element, element)) match = &child;
    }
    if (match == nullptr) {
      // A map member and a list element cannot both live under one parent.
      if (!node->children.empty() &&
          node->children.front().element.index.has_value() != element.index.has_value()) {
        fail(kind, "conflict", path, existing_path(prefix, node->children.front()));
      }
      for (std::size_t rest = depth; rest < path.size(); ++rest) {
        node->children.push_back({path[rest], nullptr, -1});
        if (rest + 1 == path.size()) {
          node->children.back().leaf = leaf;
        } else {
          node->children.back().subtree = std::make_unique<PathTreeNode>();
          node = node->children.back().subtree.get();
        }
      }
      return;
    }
    if (!match->subtree || depth + 1 == path.size()) {
      fail(kind, "overlap", path, existing_path(prefix, *match));
    }
    node = match->subtree.get();
  }
}

}  // namespace streamstack::dynamodb::expr::detail
