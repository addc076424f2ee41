// GetShardIterator: the checks and texts of kinesalite actions/getShardIterator.js and its tests
// (against AWS), in their order.
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/record_store.h"
#include "kinesis/sequence_number.h"
#include "kinesis/shard_iterator.h"

#include <cstdio>

namespace streamstack::kinesis {
namespace {

constexpr const char* kEitherOr =
    "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
    "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
    "Request specified ";

struct Target {
  std::shared_ptr<const StreamInfo> stream;
  const ShardInfo* shard;
};

Target find_target(Env& env, const Context& context, const json& input) {
  const auto& raw_shard = input["ShardId"].get_ref<const std::string&>();
  auto ref = stream_ref(context, input);
  auto index = shard_index_of(raw_shard);
  if (!index) throw could_not_find_shard(raw_shard, ref.name, context.account_id);
  std::string shard_id = shard_id_of(*index);
  std::shared_ptr<const StreamInfo> stream;
  if (!ref.elsewhere) stream = env.catalog.find(context.scope(), ref.name);
  // An unknown stream, or one still CREATING, answers as an unknown shard.
  const ShardInfo* shard = stream && stream->status != "CREATING" ? stream->shard(*index) : nullptr;
  if (!shard) throw shard_does_not_exist(shard_id, ref.name, context.account_id);
  return {stream, shard};
}

// The seq_ix a client's sequence number stands for, after checking it belongs to the shard.
std::int64_t seq_ix_of(const std::string& seq, const Target& target, const Context& context) {
  const auto& stream = *target.stream;
  const auto& shard = *target.shard;
  std::string where = " used in GetShardIterator on shard " + shard.shard_id() + " in stream " +
                      stream.name + " under account " + context.account_id + " is invalid";
  auto parsed = parse_sequence_number(seq);
  if (!parsed || !shard_index_valid(*parsed)) throw invalid_argument("StartingSequenceNumber " + seq + where + ".");
  if (parsed->fields.shard_index != shard.index) {
    throw invalid_argument("Invalid StartingSequenceNumber. It encodes " +
                           shard_id_of(parsed->fields.shard_index) +
                           ", while it was used in a call to a shard with " + shard.shard_id());
  }
  if (parsed->kind != ParsedSequence::Kind::kCurrent ||
      parsed->fields.shard_created_s != shard.created_ms / 1000) {
    throw invalid_argument("StartingSequenceNumber " + parsed->text + where +
                           " because it did not come from this stream.");
  }
  return static_cast<std::int64_t>(std::min<std::uint64_t>(parsed->fields.seq_ix, kMaxSeqIx));
}

std::int64_t timestamp_position(Env& env, const Target& target, std::int64_t timestamp) {
  std::int64_t now = core::Clock::now_millis();
  if (timestamp > now) {
    throw invalid_argument(
        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
        "timestampInMillis: " + std::to_string(timestamp) +
        ", currentTimestampInMillis: " + std::to_string(now));
  }
  return env.catalog.db().read([&](store::Connection& c) {
    auto first = first_seq_ix_since(c, target.shard->key, timestamp);
    return first ? *first - 1 : last_seq_ix(c, target.shard->key);
  });
}

}  // namespace

json get_shard_iterator(Env& env, const Context& context, json& input) {
  Target target = find_target(env, context, input);
  const auto& type = input["ShardIteratorType"].get_ref<const std::string&>();
  const auto* seq = string_member(input, "StartingSequenceNumber");
  std::int64_t after = 0;
  if (type == "TRIM_HORIZON" || type == "LATEST") {
    if (seq) throw invalid_argument(kEitherOr + type + " and also a StartingSequenceNumber.");
    if (type == "LATEST") {
      after = env.catalog.db().read(
          [&](store::Connection& c) { return last_seq_ix(c, target.shard->key); });
    }
  } else if (type == "AT_TIMESTAMP") {
    auto timestamp = integer_member(input, "Timestamp");
    if (!timestamp) {
      throw invalid_argument(
          "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
          "request has no timestamp parameter.");
    }
    after = timestamp_position(env, target, *timestamp);
  } else {
    if (!seq) throw invalid_argument(kEitherOr + type + " and no StartingSequenceNumber.");
    std::int64_t seq_ix = seq_ix_of(*seq, target, context);
    after = type == "AT_SEQUENCE_NUMBER" ? std::max<std::int64_t>(seq_ix - 1, 0) : seq_ix;
  }
  IteratorState state{core::Clock::now_millis(), target.stream->name, target.stream->created_ms,
                      target.shard->index, after};
  return {{"ShardIterator", encode_shard_iterator(state)}};
}

}  // namespace streamstack::kinesis
