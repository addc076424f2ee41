// GetShardIterator: where in a shard reading starts.
#include "core/clock.h"
#include "streams/errors.h"
#include "streams/ids.h"
#include "streams/operations/lookup.h"
#include "streams/request.h"
#include "streams/service.h"
#include "streams/shard_iterator.h"
#include "streams/shard_records.h"

#include <algorithm>
#include <limits>

namespace streamstack::streams {
namespace {

bool needs_sequence_number(const std::string& type) {
  return type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
}

// AWS answers both mistakes with ValidationException (Alternator's tests, run against AWS); its
// words are unconfirmed, these follow DynamoDB's "One or more parameter values were invalid".
void check_sequence_number_presence(const std::string& type, const std::string* sequence) {
  if (needs_sequence_number(type) && sequence == nullptr) {
    throw invalid_parameter("SequenceNumber is required for ShardIteratorType " + type);
  }
  if (!needs_sequence_number(type) && sequence != nullptr) {
    throw invalid_parameter("SequenceNumber cannot be specified for ShardIteratorType " + type);
  }
}

// A sequence number outside the shard's range: DynamoDB Local's words.
core::ApiError invalid_sequence_number() {
  return validation_error("Invalid SequenceNumber for the shard");
}

std::int64_t position_at(store::Connection& c, const StreamInfo& stream, const std::string& type,
                         const std::string* sequence, std::int64_t now_ms) {
  if (type == "TRIM_HORIZON") {
    return std::max(stream.starting_seq, trim_point(c, stream, now_ms) + 1);
  }
  if (type == "LATEST") {
    // Just after the newest record: a closed shard's end, else its newest record so far.
    if (stream.ending_seq) return *stream.ending_seq + 1;
    auto newest = newest_seq(c, stream);
    return newest ? std::max(*newest + 1, stream.starting_seq) : stream.starting_seq;
  }
  // A sequence number names a record of the shard: none before its start, none after its end
  // (an open shard ends, for now, at its newest record).
  auto seq = parse_sequence_number(*sequence);
  std::int64_t last = stream.ending_seq ? *stream.ending_seq
                                        : std::max(newest_seq(c, stream).value_or(0),
                                                   stream.starting_seq);
  if (!seq || *seq < stream.starting_seq || *seq > last) throw invalid_sequence_number();
  if (*seq <= trim_point(c, stream, now_ms)) throw trimmed_data_access();
  bool after = type == "AFTER_SEQUENCE_NUMBER";
  return after && *seq < std::numeric_limits<std::int64_t>::max() ? *seq + 1 : *seq;
}

}  // namespace

nlohmann::json get_shard_iterator(store::Database& db, const core::RequestContext& context,
                                  const nlohmann::json& input) {
  Request request(input);
  const std::string* arn = request.string("StreamArn");
  const std::string* shard_id = request.string("ShardId");
  const std::string* type = request.string("ShardIteratorType");
  const std::string* sequence = request.string("SequenceNumber");
  ConstraintErrors errors;
  errors.required(arn, "streamArn");
  errors.length(arn, "streamArn", 37, 1024);
  errors.required(shard_id, "shardId");
  errors.length(shard_id, "shardId", 28, 65);
  errors.required(type, "shardIteratorType");
  // Kinesis's recorded order of the same enum, without AT_TIMESTAMP.
  errors.one_of(type, "shardIteratorType",
                {"AFTER_SEQUENCE_NUMBER", "LATEST", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"});
  errors.length(sequence, "sequenceNumber", 21, 40);
  errors.throw_if_any();
  check_sequence_number_presence(*type, sequence);

  std::int64_t now_ms = core::Clock::now_millis();
  auto position = db.read([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, *arn, now_ms);
    if (*shard_id != stream.shard_id) throw shard_not_found();
    return position_at(c, stream, *type, sequence, now_ms);
  });
  return {{"ShardIterator", encode_shard_iterator({*arn, *shard_id, position, now_ms})}};
}

}  // namespace streamstack::streams
