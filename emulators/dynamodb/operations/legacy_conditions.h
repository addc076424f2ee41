#pragma once
// The legacy (pre-expression) parameters: Expected and ConditionalOperator on writes,
// KeyConditions, QueryFilter and ScanFilter on reads, AttributesToGet. Validated and evaluated
// as DynamoDB does (dynalite's validations/index.js validateAttributeConditions and
// validateConditions, and db/index.js compare, whose tests ran against AWS).
#include <nlohmann/json.hpp>

#include <string_view>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// input["Expected"] of PutItem/UpdateItem/DeleteItem; validates (and canonicalises) its values.
void validate_expected(json& input);
// A Map<Condition> (KeyConditions, QueryFilter, ScanFilter) when present.
void validate_conditions(json& input, std::string_view member);

// Whether `item` (empty when absent) satisfies input["Expected"] / a Map<Condition> member,
// combined with input["ConditionalOperator"] (AND unless OR). True when the member is absent.
bool matches_expected(const json& input, const json& item);
bool matches_conditions(const json& input, std::string_view member, const json& item);

// One legacy comparison: `value` is the item's attribute (nullptr when absent), `operands` the
// AttributeValueList.
bool compare(std::string_view op, const json* value, const json& operands);

// AttributesToGet: "One or more parameter values were invalid: Duplicate value in attribute
// name: a".
void check_attributes_to_get(const json& input);
// The item's attributes named in `names` (a JSON array of strings).
json pick_attributes(const json& item, const json& names);

}  // namespace streamstack::dynamodb::items
