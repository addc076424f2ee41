#include "dynamodb/operations/start_key.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/item_keys.h"

#include <string_view>

namespace streamstack::dynamodb::items {
namespace {

constexpr const char* kInvalidStartKey = "The provided starting key is invalid: ";

// The faults AWS reports without the starting-key prefix (dynalite's query.js and scan.js tests
// "... in ExclusiveStartKey without provided message" and "empty/invalid numbers").
bool reported_bare(std::string_view message) {
  for (std::string_view bare : {"An number set  may not be empty", "contains duplicates",
                                "The parameter cannot be converted", "Attempting to store more",
                                "Number overflow", "Number underflow"}) {
    if (message.find(bare) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

void validate_start_key_values(json& input) {
  auto it = input.find("ExclusiveStartKey");
  if (it == input.end() || it->is_null()) return;
  for (auto& [name, value] : it->items()) {
    try {
      validate_attribute_value(value);
    } catch (const core::ApiError& e) {
      if (e.code() != "ValidationException" || reported_bare(e.message())) throw;
      throw validation_error(kInvalidStartKey + e.message());
    }
  }
}

void check_scan_start_key(const TableInfo& table, const json& start_key) {
  try {
    validate_key(table, start_key);
  } catch (const core::ApiError& e) {
    if (e.code() != "ValidationException") throw;
    throw validation_error(kInvalidStartKey + e.message());
  }
}

}  // namespace streamstack::dynamodb::items
