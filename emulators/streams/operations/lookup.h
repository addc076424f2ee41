#pragma once
// What the Streams operations share: finding the stream a request names, and the Shard shape.
#include "core/request_context.h"
#include "store/database.h"
#include "streams/stream_catalog.h"

#include <nlohmann/json.hpp>

#include <string>

namespace streamstack::streams {

// AWS answers a StreamArn that is not a stream ARN at all with ValidationException (Alternator's
// tests run against AWS); the text is DynamoDB Local's.
void check_stream_arn_shape(const std::string& arn);

// The readable stream `arn` names in the caller's account and region; ResourceNotFoundException
// "Requested resource not found: Stream: <arn> not found" otherwise.
StreamInfo require_stream(store::Connection& c, const core::RequestContext& context,
                          const std::string& arn, std::int64_t now_ms);

// The shard as DescribeStream lists it: an open shard's SequenceNumberRange has only its start.
nlohmann::json shard_description(const StreamInfo& stream);

}  // namespace streamstack::streams
