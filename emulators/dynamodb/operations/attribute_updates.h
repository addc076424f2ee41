#pragma once
// UpdateItem's legacy AttributeUpdates (PUT, ADD, DELETE per attribute), validated and applied
// as DynamoDB does (dynalite's validations/updateItem.js and actions/updateItem.js).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// Semantic checks of input["AttributeUpdates"], validating (and canonicalising) its values.
void validate_attribute_updates(json& input);

// The attributes AttributeUpdates names.
std::vector<std::string> attribute_update_names(const json& input);

// Applies input["AttributeUpdates"] to `item` in place; "Type mismatch for attribute to update"
// when ADD or DELETE meets an attribute of another type.
void apply_attribute_updates(const json& input, json& item);

}  // namespace streamstack::dynamodb::items
