// GetRecords: the records of a shard from an iterator's position, and the next iterator.
#include "core/clock.h"
#include "streams/errors.h"
#include "streams/operations/lookup.h"
#include "streams/request.h"
#include "streams/service.h"
#include "streams/shard_iterator.h"
#include "streams/shard_records.h"

#include <tuple>

namespace streamstack::streams {
namespace {

constexpr std::size_t kMaxRecords = 1000;
// "GetRecords can retrieve a maximum of 1 MB of data or 1000 stream records".
constexpr std::size_t kMaxBytes = 1024 * 1024;

// DynamoDB Local's checks, in its order: the iterator must be one of ours, then young enough.
ShardIteratorState open_iterator(const std::string& text, std::int64_t now_ms) {
  auto state = decode_shard_iterator(text);
  if (!state) throw validation_error("Invalid ShardIterator");
  if (now_ms - state->created_ms > kIteratorLifetimeMs) throw expired_iterator();
  return *std::move(state);
}

}  // namespace

nlohmann::json get_records(store::Database& db, const core::RequestContext& context,
                           const nlohmann::json& input) {
  Request request(input);
  const std::string* text = request.string("ShardIterator");
  auto limit = request.integer("Limit");
  ConstraintErrors errors;
  errors.required(text, "shardIterator");
  errors.length(text, "shardIterator", 1, 2048);
  errors.at_least(limit, "limit", 1);
  errors.throw_if_any();

  std::int64_t now_ms = core::Clock::now_millis();
  ShardIteratorState iterator = open_iterator(*text, now_ms);
  // The model has no upper bound; the service refuses more than 1000 (Alternator's tests, run
  // against AWS), in DynamoDB Local's words.
  if (limit && *limit > static_cast<std::int64_t>(kMaxRecords)) {
    throw invalid_parameter("Limit should be less than or equal to 1000");
  }
  std::size_t page_limit = limit ? static_cast<std::size_t>(*limit) : kMaxRecords;

  auto [stream, page, at_end] = db.read([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, iterator.stream_arn, now_ms);
    if (iterator.shard_id != stream.shard_id) throw shard_not_found();
    if (iterator.position <= trim_point(c, stream, now_ms)) throw trimmed_data_access();
    RecordPage page = read_records(c, stream, iterator.position, page_limit, kMaxBytes);
    // A closed shard takes no more records, so it is read to its end once nothing is left after
    // the page: past its newest record, or at once when it never had (or no longer keeps) one.
    // The shard's EndingSequenceNumber cannot tell, as an empty shard ends where it started.
    bool at_end = false;
    if (!stream.shard_open()) {
      auto newest = newest_seq(c, stream);
      at_end = !newest || page.next_position > *newest;
    }
    return std::make_tuple(std::move(stream), std::move(page), at_end);
  });

  nlohmann::json result = {{"Records", std::move(page.records)}};
  // A closed shard read to its end has no next iterator: the key is absent, not null (what
  // DynamoDB does, per Alternator's test_streams_closed_read). Every other read gets a fresh one.
  if (!at_end) {
    result["NextShardIterator"] =
        encode_shard_iterator({stream.arn, stream.shard_id, page.next_position, now_ms});
  }
  return result;
}

}  // namespace streamstack::streams
