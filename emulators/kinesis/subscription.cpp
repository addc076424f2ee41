#include "kinesis/subscription.h"

#include <algorithm>

#include "core/clock.h"
#include "core/json_writer.h"
#include "kinesis/errors.h"
#include "kinesis/event_stream.h"
#include "kinesis/record_json.h"
#include "kinesis/record_store.h"
#include "kinesis/sequence_number.h"

namespace streamstack::kinesis {
namespace {

// An event carries at most this much: AWS pushes up to 2 MiB per second per consumer and shard
// ([API] SubscribeToShard), and GetRecords answers at most 10,000 records.
constexpr std::size_t kMaxEventBytes = 2 * 1024 * 1024;
constexpr std::int64_t kMaxEventRecords = 10000;

}  // namespace

SubscriptionRegistry::Lease::~Lease() {
  std::lock_guard lock(registry_.mutex_);
  registry_.open_.erase(key_);
}

std::unique_ptr<SubscriptionRegistry::Lease> SubscriptionRegistry::acquire(const std::string& consumer_arn,
                                                                           const std::string& shard_id) {
  std::string key = consumer_arn + "\n" + shard_id;
  std::lock_guard lock(mutex_);
  if (!open_.insert(key).second) return nullptr;
  return std::make_unique<Lease>(*this, std::move(key));
}

ShardSubscription::ShardSubscription(Env& env, SubscriptionStart start,
                                     std::unique_ptr<SubscriptionRegistry::Lease> lease)
    : env_(env), start_(std::move(start)), lease_(std::move(lease)) {
  auto now = SteadyClock::now();
  ends_at_ = now + std::chrono::milliseconds(env_.options.subscription_ms);
  last_event_at_ = now;
}

ShardSubscription::~ShardSubscription() {
  if (commit_listener_) env_.catalog.db().off_commit(commit_listener_);
}

void ShardSubscription::set_wake(std::function<void()> wake) {
  // Every commit may have appended to the shard (or closed it); the poll finds out which.
  commit_listener_ = env_.catalog.db().on_commit(std::move(wake));
}

core::ResponseStream::Chunk ShardSubscription::poll() {
  Chunk chunk;
  auto now = SteadyClock::now();
  bool first = !started_;
  if (first) {
    // The SDKs read the operation's non-event output from it; SubscribeToShard has none.
    chunk.bytes = event_message("initial-response", "{}");
    started_ = true;
  }
  if (now >= ends_at_) {
    chunk.last = true;
    return chunk;
  }
  auto stream = env_.catalog.find(start_.scope, start_.stream_name);
  const ShardInfo* shard =
      stream && stream->created_ms == start_.stream_created_ms ? stream->shard(start_.shard_index) : nullptr;
  if (!shard) {
    chunk.bytes += exception_message(
        "ResourceNotFoundException",
        shard_does_not_exist(shard_id_of(start_.shard_index), start_.stream_name, start_.account).message());
    chunk.last = true;
    return chunk;
  }
  bool heartbeat_due =
      first || now - last_event_at_ >= std::chrono::milliseconds(env_.options.subscription_heartbeat_ms);
  bool more = false;
  if (next_event(*stream, *shard, now, heartbeat_due, chunk.bytes, more)) {
    chunk.last = true;
    return chunk;
  }
  auto until_heartbeat =
      last_event_at_ + std::chrono::milliseconds(env_.options.subscription_heartbeat_ms) - now;
  auto wait = more ? SteadyClock::duration::zero() : std::min(until_heartbeat, ends_at_ - now);
  chunk.wait =
      std::max(std::chrono::duration_cast<std::chrono::milliseconds>(wait), std::chrono::milliseconds(0));
  return chunk;
}

bool ShardSubscription::next_event(const StreamInfo& stream, const ShardInfo& shard,
                                   SteadyClock::time_point now, bool heartbeat_due, std::string& out,
                                   bool& more) {
  std::string records;
  std::string last_sequence_number;
  std::int64_t count = 0, last_seq_ix = start_.after_seq_ix, next_arrival_ms = 0;
  std::size_t bytes = 0;
  std::int64_t now_ms = core::Clock::now_millis();
  env_.catalog.db().read([&](store::Connection& c) {
    for_each_record(
        c, shard.key, start_.after_seq_ix, stream.retention_cutoff_ms(now_ms), [&](const RecordView& r) {
          if (count >= kMaxEventRecords || (count > 0 && bytes + r.data.size() > kMaxEventBytes)) {
            more = true;
            next_arrival_ms = r.arrival_ms;
            return false;
          }
          bytes += r.data.size();
          ++count;
          last_seq_ix = r.seq_ix;
          last_sequence_number = std::string(r.sequence_number);
          append_record_json(r, records);
          return true;
        });
  });
  const bool at_end = !more && !shard.open();
  if (count == 0 && !at_end && !heartbeat_due) return false;

  // {"ChildShards"?, "ContinuationSequenceNumber"?, "MillisBehindLatest", "Records"}
  std::string event = "{";
  if (at_end) {
    // At the shard's end AWS sends the children and no ContinuationSequenceNumber: there is
    // nothing to continue from, and the KCL takes the missing number for the shard's end
    // (inferred from the KCL, not stated by AWS).
    event += R"("ChildShards":)";
    core::write_json(child_shards_json(stream, shard), event);
    event += ",";
  } else {
    // Where a new subscription (AFTER_SEQUENCE_NUMBER) picks up: the last record sent, or
    // without one, a number that stands for the same position in this shard.
    if (last_sequence_number.empty()) {
      last_sequence_number = format_sequence_number(
          {shard.created_ms / 1000, shard.index, static_cast<std::uint64_t>(last_seq_ix), now_ms / 1000});
    }
    event += R"("ContinuationSequenceNumber":")" + last_sequence_number + R"(",)";
  }
  event += R"("MillisBehindLatest":)" +
           std::to_string(more ? std::max<std::int64_t>(now_ms - next_arrival_ms, 0) : 0);
  event += R"(,"Records":[)" + records + "]}";
  out += event_message("SubscribeToShardEvent", event);
  start_.after_seq_ix = last_seq_ix;
  last_event_at_ = now;
  return at_end;
}

}  // namespace streamstack::kinesis
