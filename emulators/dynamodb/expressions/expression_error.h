#pragma once
#include "dynamodb/errors.h"

#include <string>
#include <string_view>

namespace streamstack::dynamodb::expr::detail {

// A fault in an expression, worded as DynamoDB words it: "Invalid <kind>: <message>", where kind
// is the request member ("ConditionExpression", "UpdateExpression", ...).
inline core::ApiError expression_error(std::string_view kind, const std::string& message) {
  return validation_error("Invalid " + std::string(kind) + ": " + message);
}

}  // namespace streamstack::dynamodb::expr::detail
