#pragma once
// One SubscribeToShard subscription: the event stream that pushes a shard's records to an
// enhanced fan-out consumer. As AWS does ([API] SubscribeToShard, SubscribeToShardEvent):
//  - the first message is the `initial-response` event (payload `{}`), then at once a
//    SubscribeToShardEvent with the records already after the starting position;
//  - a new event as soon as records arrive (each commit wakes the stream), and an empty one
//    when none came for Options::subscription_heartbeat_ms;
//  - at the end of a closed shard, a last event with its ChildShards, and the stream ends;
//  - after Options::subscription_ms (AWS: 5 minutes) the stream ends;
//  - a stream or shard that goes away ends it with a ResourceNotFoundException message.
// While it is open, SubscriptionRegistry holds its consumer and shard, so a second
// subscription of the same consumer to the same shard is refused.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/response_stream.h"
#include "kinesis/operations/common.h"

namespace streamstack::kinesis {

class SubscriptionRegistry {
 public:
  // Held by an open subscription; gives its consumer and shard back when destroyed.
  class Lease {
   public:
    Lease(SubscriptionRegistry& registry, std::string key) : registry_(registry), key_(std::move(key)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

   private:
    SubscriptionRegistry& registry_;
    std::string key_;
  };

  // nullptr when `consumer_arn` is already subscribed to `shard_id`.
  std::unique_ptr<Lease> acquire(const std::string& consumer_arn, const std::string& shard_id);

 private:
  std::mutex mutex_;
  std::set<std::string> open_;  // consumer ARN \n shard id
};

// Where a subscription reads from, resolved and checked by the operation.
struct SubscriptionStart {
  std::string scope;
  std::string account;
  std::string stream_name;
  std::int64_t stream_created_ms = 0;
  std::int64_t shard_index = 0;
  std::int64_t after_seq_ix = 0;  // the first event starts after this record
};

class ShardSubscription : public core::ResponseStream {
 public:
  ShardSubscription(Env& env, SubscriptionStart start, std::unique_ptr<SubscriptionRegistry::Lease> lease);
  ~ShardSubscription() override;

  std::string content_type() const override { return "application/vnd.amazon.eventstream"; }
  void set_wake(std::function<void()> wake) override;
  Chunk poll() override;

 private:
  using SteadyClock = std::chrono::steady_clock;

  // The next SubscribeToShardEvent's records after after_seq_ix_; appends the event to `out`
  // when there is one to send now. Returns whether the shard's end was reached.
  bool next_event(const StreamInfo& stream, const ShardInfo& shard, SteadyClock::time_point now,
                  bool heartbeat_due, std::string& out, bool& more);

  Env& env_;
  SubscriptionStart start_;
  std::unique_ptr<SubscriptionRegistry::Lease> lease_;
  std::uint64_t commit_listener_ = 0;
  bool started_ = false;
  SteadyClock::time_point ends_at_;
  SteadyClock::time_point last_event_at_;
};

}  // namespace streamstack::kinesis
