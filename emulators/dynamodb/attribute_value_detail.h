#pragma once
// Pieces of the AttributeValue layer shared between its .cpp files; not for other modules.
#include "core/api_error.h"

#include <string>
#include <string_view>

namespace streamstack::dynamodb::detail {

// SerializationException as DynamoDB sends it: the text under "Message", not "message".
core::ApiError serialization_error(std::string message);

}  // namespace streamstack::dynamodb::detail
