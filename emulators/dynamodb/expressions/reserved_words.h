#pragma once
#include <string_view>

namespace streamstack::dynamodb::expr::detail {

// True for DynamoDB's reserved words, which may not name an attribute directly in an expression
// ("Attribute name is a reserved keyword; reserved keyword: <name>").
bool is_reserved_word(std::string_view name);

}  // namespace streamstack::dynamodb::expr::detail
