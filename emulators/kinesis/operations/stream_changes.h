#pragma once
// How an operation changes a stream that must be ACTIVE: at once without a stream delay, else
// recorded (pending_change.h) with the stream UPDATING until its timer applies it.
#include "kinesis/operations/common.h"

#include <nlohmann/json.hpp>

namespace streamstack::kinesis {

// ResourceInUseException "Stream <s> under account <a> not ACTIVE, instead in state <S>".
void check_active(const StreamInfo& stream, const core::RequestContext& context);

// Applies `change` now, or records it to apply when UPDATING ends; writes the stream row.
void change_stream(store::Connection& c, const Env& env, StreamInfo& stream, const nlohmann::json& change);

}  // namespace streamstack::kinesis
