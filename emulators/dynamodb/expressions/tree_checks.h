#pragma once
// The checks DynamoDB makes while it walks a syntactically valid parse tree, before it looks at
// placeholders or operand types: reserved words used as names, unknown functions or functions
// used where they are not allowed, list indexes out of range, repeated update sections. The
// first fault met in walk order (source order) is reported.
#include "dynamodb/expressions/ast.h"

#include <string_view>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

void check_condition_tree(const Node& root, std::string_view kind);
void check_update_tree(const std::vector<UpdateSection>& sections);
void check_projection_tree(const std::vector<NodePtr>& paths);

}  // namespace streamstack::dynamodb::expr::detail
