#pragma once
// Ordering of AttributeValues as DynamoDB's comparisons see it.
#include <nlohmann/json.hpp>

#include <string_view>

namespace streamstack::dynamodb::expr::detail {

using json = nlohmann::json;

// Negative, zero or positive for two values of one ordered type (S, N or B): strings by their
// UTF-8 bytes, binary by its unsigned bytes, numbers by value.
int compare_ordered(const json& a, const json& b);

// True when both are present, of one type, that type is ordered (S, N, B), and `a` stands to
// `b` as `op` says ("<", "<=", ">", ">="). Anything else compares false, as in DynamoDB.
bool ordered(const json* a, const json* b, std::string_view op);

}  // namespace streamstack::dynamodb::expr::detail
