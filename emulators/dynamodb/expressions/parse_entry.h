#pragma once
// The stages every expression goes through, shared by the public parse_* functions.
#include "dynamodb/expressions/ast.h"

#include <string_view>

namespace streamstack::dynamodb::expr::detail {

// Refuses an empty or oversized expression as DynamoDB does, before parsing it.
void check_expression_length(std::string_view text, std::string_view kind);

// Parses, walks and validates a condition (ConditionExpression, FilterExpression or
// KeyConditionExpression), resolving its placeholders.
NodePtr parse_condition_tree(std::string_view text, Substitutions& subs, std::string_view kind);

}  // namespace streamstack::dynamodb::expr::detail
