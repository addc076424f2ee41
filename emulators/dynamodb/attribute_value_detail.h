#pragma once
// Pieces of the AttributeValue layer shared between its .cpp files; not for other modules.
#include "core/api_error.h"

#include <string>
#include <string_view>

namespace streamstack::dynamodb::detail {

// SerializationException as DynamoDB sends it: the text under "Message", not "message".
core::ApiError serialization_error(std::string message);

// Why `text` is not base64 that DynamoDB accepts for a Blob, in AWS's words; empty when it is.
std::string base64_problem(std::string_view text);

}  // namespace streamstack::dynamodb::detail
