#include "streams/operations/lookup.h"

#include "streams/errors.h"
#include "streams/ids.h"

namespace streamstack::streams {

void check_stream_arn_shape(const std::string& arn) {
  if (!parse_stream_arn(arn)) throw validation_error("Invalid StreamArn");
}

StreamInfo require_stream(store::Connection& c, const core::RequestContext& context,
                          const std::string& arn, std::int64_t now_ms) {
  check_stream_arn_shape(arn);
  auto stream = find_stream(c, context.scope(), arn, now_ms);
  if (!stream) throw stream_not_found(arn);
  return *std::move(stream);
}

nlohmann::json shard_description(const StreamInfo& stream) {
  nlohmann::json range = {{"StartingSequenceNumber", format_sequence_number(stream.starting_seq)}};
  if (stream.ending_seq) range["EndingSequenceNumber"] = format_sequence_number(*stream.ending_seq);
  return {{"ShardId", stream.shard_id}, {"SequenceNumberRange", std::move(range)}};
}

}  // namespace streamstack::streams
