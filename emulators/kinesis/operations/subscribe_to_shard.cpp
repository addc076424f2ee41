// SubscribeToShard: an enhanced fan-out consumer's push subscription to one shard, answered as an
// event stream (subscription.h). Everything that can fail before the stream starts is checked
// here and answered as a normal JSON error: the consumer (ResourceNotFoundException, or
// ResourceInUseException when it is not ACTIVE), the shard, the starting position
// (InvalidArgumentException), and a subscription of the same consumer to the same shard that
// is still open (ResourceInUseException, [API] SubscribeToShard). Texts AWS's documentation
// does not give follow GetShardIterator's, with the member names of this request
// (inferred, unconfirmed against AWS).
//
// JSON 1.1 (boto3, the JavaScript SDK) or CBOR 1.1 (the Java SDKs and the KCL by default), the
// events in the request's protocol: how AWS encodes a CBOR subscription's events is unconfirmed
// (kinesis.md 3.6); they are CBOR here, as the SDKs' event unmarshallers read them.
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/record_store.h"
#include "kinesis/sequence_number.h"
#include "kinesis/subscription.h"

namespace streamstack::kinesis {
namespace {

struct Target {
  StreamInfo stream;
  ShardInfo shard;
};

Target find_target(Env& env, const Context& context, const std::string& consumer_arn,
                   const std::string& raw_shard) {
  // arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<created s>
  std::string region, account;
  auto name = stream_name_in_arn(consumer_arn, &region, &account);
  StreamRef ref{name.value_or(consumer_arn),
                !name || region != context.region || account != context.account_id};
  return env.catalog.db().read([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    auto status = consumer_status(c, stream, consumer_arn);
    if (!status) {
      throw resource_not_found("Consumer " + consumer_arn + " under stream " + stream.name +
                               " under account " + context.account_id + " not found.");
    }
    if (*status != "ACTIVE") {
      throw resource_in_use("Consumer " + consumer_arn + " under stream " + stream.name + " under account " +
                            context.account_id + " not ACTIVE, instead in state " + *status);
    }
    auto index = shard_index_of(raw_shard);
    const ShardInfo* shard = index ? stream.shard(*index) : nullptr;
    if (!shard) {
      throw shard_does_not_exist(index ? shard_id_of(*index) : raw_shard, stream.name, context.account_id);
    }
    ShardInfo copy = *shard;
    return Target{std::move(stream), std::move(copy)};
  });
}

// The seq_ix a client's SequenceNumber stands for, after checking it belongs to the shard.
std::int64_t seq_ix_of(const std::string& seq, const Target& target, const Context& context) {
  std::string where = " used in SubscribeToShard on shard " + target.shard.shard_id() + " in stream " +
                      target.stream.name + " under account " + context.account_id + " is invalid";
  auto parsed = parse_sequence_number(seq);
  if (!parsed || !shard_index_valid(*parsed)) throw invalid_argument("SequenceNumber " + seq + where + ".");
  if (parsed->fields.shard_index != target.shard.index) {
    throw invalid_argument("Invalid SequenceNumber. It encodes " + shard_id_of(parsed->fields.shard_index) +
                           ", while it was used in a call to a shard with " + target.shard.shard_id());
  }
  if (parsed->kind != ParsedSequence::Kind::kCurrent ||
      parsed->fields.shard_created_s != target.shard.created_ms / 1000) {
    throw invalid_argument("SequenceNumber " + parsed->text + where +
                           " because it did not come from this stream.");
  }
  return static_cast<std::int64_t>(std::min<std::uint64_t>(parsed->fields.seq_ix, kMaxSeqIx));
}

// The position the first event starts after.
std::int64_t starting_position(Env& env, const Context& context, const Target& target, const json& position) {
  const auto& type = position["Type"].get_ref<const std::string&>();
  const auto* seq = string_member(position, "SequenceNumber");
  auto& db = env.catalog.db();
  if (type == "TRIM_HORIZON" || type == "LATEST") {
    if (seq) {
      throw invalid_argument(
          "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
          "SequenceNumber or (2) TRIM_HORIZON or LATEST and no SequenceNumber. Request "
          "specified " +
          type + " and also a SequenceNumber.");
    }
    if (type == "TRIM_HORIZON") return 0;
    return db.read([&](store::Connection& c) { return last_seq_ix(c, target.shard.key); });
  }
  if (type == "AT_TIMESTAMP") {
    auto timestamp = integer_member(position, "Timestamp");
    if (!timestamp) {
      throw invalid_argument(
          "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
          "Current request has no timestamp parameter.");
    }
    std::int64_t now = core::Clock::now_millis();
    if (*timestamp > now) {
      throw invalid_argument(
          "The timestampInMillis parameter cannot be greater than the "
          "currentTimestampInMillis. timestampInMillis: " +
          std::to_string(*timestamp) + ", currentTimestampInMillis: " + std::to_string(now));
    }
    return db.read([&](store::Connection& c) {
      auto first = first_seq_ix_since(c, target.shard.key, *timestamp);
      return first ? *first - 1 : last_seq_ix(c, target.shard.key);
    });
  }
  if (!seq) {
    throw invalid_argument(
        "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
        "SequenceNumber or (2) TRIM_HORIZON or LATEST and no SequenceNumber. Request "
        "specified " +
        type + " and no SequenceNumber.");
  }
  std::int64_t seq_ix = seq_ix_of(*seq, target, context);
  return type == "AT_SEQUENCE_NUMBER" ? std::max<std::int64_t>(seq_ix - 1, 0) : seq_ix;
}

}  // namespace

std::unique_ptr<core::ResponseStream> subscribe_to_shard(Env& env, const Context& context, json& input) {
  const auto& consumer_arn = input["ConsumerARN"].get_ref<const std::string&>();
  const auto& raw_shard = input["ShardId"].get_ref<const std::string&>();
  Target target = find_target(env, context, consumer_arn, raw_shard);
  std::int64_t after = starting_position(env, context, target, input["StartingPosition"]);
  auto acquired = env.subscriptions.acquire(consumer_arn, target.shard.shard_id(), std::chrono::steady_clock::now());
  if (acquired.refusal == SubscriptionRegistry::Refusal::kRateExceeded) {
    // One call per second per consumer and shard ([API]); the words are inferred, in those of
    // Kinesis's other rate limits.
    throw limit_exceeded("Rate exceeded for consumer " + consumer_arn + " and shard " + target.shard.shard_id() +
                         " in stream " + target.stream.name + " under account " + context.account_id + ".");
  }
  if (acquired.refusal == SubscriptionRegistry::Refusal::kInUse) {
    // AWS's text as the KCL logs it (inferred from KCL logs, unconfirmed).
    throw resource_in_use("Another active subscription exists for this consumer: " + context.account_id +
                          ":" + target.stream.name + ":" + target.shard.shard_id() + ":" + consumer_arn);
  }
  SubscriptionStart start{context.scope(),
                          context.account_id,
                          target.stream.name,
                          target.stream.created_ms,
                          target.shard.index,
                          after,
                          context.protocol == core::RequestContext::Protocol::kCbor,
                          consumer_arn};
  auto lease = std::move(acquired.lease);
  return std::make_unique<ShardSubscription>(env, std::move(start), std::move(lease));
}

}  // namespace streamstack::kinesis
