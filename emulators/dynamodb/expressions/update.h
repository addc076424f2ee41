#pragma once
// A validated UpdateExpression: its actions in the order written and the tree of their paths.
#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/path_tree.h"

#include <vector>

namespace streamstack::dynamodb::expr::detail {

struct ParsedUpdate {
  std::vector<UpdateAction> actions;
  PathTree tree;  // leaf ids index `actions`
};

// The item after the update, built as DynamoDB builds it: every SET value is computed from the
// item as it was, list elements are placed by index (past the end appends), removed elements
// close their gap.
json apply_update(const ParsedUpdate& update, const json& item);

}  // namespace streamstack::dynamodb::expr::detail
