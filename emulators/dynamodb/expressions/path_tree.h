#pragma once
// The document paths of a projection or an update arranged as a tree, as DynamoDB arranges
// them. Building it refuses a path that overlaps another ("a" and "a.b") or that reaches the
// same place both as a map and as a list ("a.b" and "a[0]"), naming both paths.
#include "dynamodb/expressions/expressions.h"

#include <memory>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

struct PathTreeNode;

struct PathTreeChild {
  PathElement element;
  std::unique_ptr<PathTreeNode> subtree;  // null for a leaf: the end of a path
  int leaf = -1;                          // for a leaf: the id given to insert()
};

struct PathTreeNode {
  std::vector<PathTreeChild> children;  // in insertion order
};

class PathTree {
 public:
  // Adds `path` ending in a leaf marked `leaf`; throws "Invalid <kind>: Two document paths
  // overlap/conflict ..." where DynamoDB does.
  void insert(const Path& path, int leaf, std::string_view kind);
  const PathTreeNode& root() const { return root_; }

 private:
  PathTreeNode root_;
};

}  // namespace streamstack::dynamodb::expr::detail
