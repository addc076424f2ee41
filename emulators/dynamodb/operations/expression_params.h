#pragma once
// The semantic checks every item operation makes on its expression parameters, in the order
// and words of DynamoDB (dynalite's validations/index.js, whose tests ran against AWS):
// expressions and their legacy counterparts are exclusive, ExpressionAttributeNames/Values need
// an expression, their keys and values are checked, then each expression is parsed, then every
// name and value given must have been used.
#include "dynamodb/expressions/expressions.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <memory>
#include <string_view>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// `expressions` and `legacy` are the operation's parameters, in the order AWS lists them in
// "Can not use both expression and non-expression parameters in the same request: ...".
void check_expression_params(const json& input, std::initializer_list<std::string_view> expressions,
                             std::initializer_list<std::string_view> legacy);

// Validates ExpressionAttributeNames and ExpressionAttributeValues (canonicalising the values'
// numbers) and returns the substitutions over them; `input` must outlive the result.
expr::Substitutions make_substitutions(json& input);

// Each parses `input[member]` when present (nullptr when absent), reporting an empty
// expression as DynamoDB does ("Invalid <member>: The expression can not be empty;").
std::unique_ptr<expr::Condition> parse_condition_member(const json& input, std::string_view member,
                                                        expr::Substitutions& subs);
std::unique_ptr<expr::Update> parse_update_member(const json& input, expr::Substitutions& subs);
std::unique_ptr<expr::Projection> parse_projection_member(const json& input,
                                                          expr::Substitutions& subs);
std::vector<expr::KeyCondition> parse_key_condition_member(const json& input,
                                                           expr::Substitutions& subs);

}  // namespace streamstack::dynamodb::items
