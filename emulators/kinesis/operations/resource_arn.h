#pragma once
// What a ResourceARN names (TagResource, UntagResource, ListTagsForResource and the resource
// policy operations): a stream, or one of its registered consumers.
#include "kinesis/consumer_rows.h"
#include "kinesis/operations/common.h"

#include <optional>
#include <string>

namespace streamstack::kinesis {

struct Resource {
  StreamInfo stream;
  std::optional<ConsumerRow> consumer;
  const std::string& arn() const { return consumer ? consumer->arn : stream.arn; }
};

// The resource, inside a transaction; ResourceNotFoundException in the words of a missing
// stream ("Stream <name> under account <acct> not found.") or consumer.
Resource require_resource(store::Connection& c, const core::RequestContext& context, const std::string& arn);

}  // namespace streamstack::kinesis
