#pragma once
// Identifiers shaped as AWS shapes them.
#include <string>

namespace streamstack::core {

// A random version-4 UUID, lower case.
std::string new_uuid();
// AWS's request id as DynamoDB sends it: 52 upper-case alphanumerics.
std::string new_request_id();

}  // namespace streamstack::core
