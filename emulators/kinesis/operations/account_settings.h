#pragma once
// The account's minimum throughput billing commitment, as warm throughput checks it.
#include "store/database.h"

#include <cstdint>
#include <string>

namespace streamstack::kinesis {

// Whether the account and region (`scope`) has the commitment at `now_ms` (ENABLED, or
// ENABLED_UNTIL_EARLIEST_ALLOWED_END).
bool throughput_commitment_enabled(store::Connection& c, const std::string& scope, std::int64_t now_ms);

}  // namespace streamstack::kinesis
