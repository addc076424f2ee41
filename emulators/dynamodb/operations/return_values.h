#pragma once
// ReturnValues and ReturnValuesOnConditionCheckFailure of the item writes.
#include "dynamodb/expressions/expressions.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// input["ReturnValues"], already checked against the enum; NONE when absent.
ReturnValues parse_return_values(const json& input);

// PutItem and DeleteItem return only the old item: "ReturnValues can only be ALL_OLD or NONE".
void require_none_or_all_old(ReturnValues rv);

// The Attributes member of the response, or null when there is none to send. `updated` are
// the top-level attributes an update wrote or removed (UPDATED_OLD / UPDATED_NEW return those
// of them present in the old / new item).
json returned_attributes(ReturnValues rv, const json* old_item, const json* new_item,
                         const std::vector<std::string>& updated = {});

// Whether a failed condition returns the old item in the error (ALL_OLD).
bool return_old_on_condition_failure(const json& input);

}  // namespace streamstack::dynamodb::items
