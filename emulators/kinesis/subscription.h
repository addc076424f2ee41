#pragma once
// One SubscribeToShard subscription: the event stream that pushes a shard's records to an
// enhanced fan-out consumer. As AWS does ([API] SubscribeToShard, SubscribeToShardEvent):
//  - the first message is the `initial-response` event (payload `{}`), then at once a
//    SubscribeToShardEvent with the records already after the starting position;
//  - a new event as soon as records arrive (each commit wakes the stream), and an empty one
//    when none came for Options::subscription_heartbeat_ms;
//  - at the end of a closed shard, a last event with its ChildShards, and the stream ends;
//  - after Options::subscription_ms (AWS: 5 minutes) the stream ends;
//  - a stream or shard that goes away ends it with a ResourceNotFoundException message, and so
//    does its consumer's deregistration;
//  - a newer subscription of the same consumer to the same shard takes it over, and it ends
//    with a ResourceInUseException message.
// Events are JSON 1.1 or, for a CBOR request, CBOR 1.1.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/response_stream.h"
#include "kinesis/operations/common.h"

namespace streamstack::kinesis {

// Which subscription holds each consumer and shard, as AWS arbitrates them ([API]
// SubscribeToShard): one call per second per consumer and shard (LimitExceededException); a
// call within 5 seconds of a successful one while it is open is refused (ResourceInUseException);
// a later one takes the subscription over, and the older one ends.
class SubscriptionRegistry {
 public:
  using Clock = std::chrono::steady_clock;

  // Why a subscription must end: the exception it ends with (a message left empty is the
  // subscription's to word).
  struct EndReason {
    std::string type;
    std::string message;
  };

  // What an open subscription holds; it gives its consumer and shard back when destroyed,
  // unless a newer subscription took them over.
  class Lease {
   public:
    Lease(SubscriptionRegistry& registry, std::string key, std::uint64_t id)
        : registry_(registry), key_(std::move(key)), id_(id) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // Called (on any thread) when the subscription must end: taken over, or its consumer gone.
    void set_wake(std::function<void()> wake);
    // Why the subscription must end now; nullopt while it may go on.
    std::optional<EndReason> ended_because() const;

   private:
    SubscriptionRegistry& registry_;
    std::string key_;
    std::uint64_t id_;
  };

  enum class Refusal { kNone, kRateExceeded, kInUse };
  struct Acquired {
    std::unique_ptr<Lease> lease;  // null when refused
    Refusal refusal = Refusal::kNone;
  };

  explicit SubscriptionRegistry(std::chrono::milliseconds call_interval = std::chrono::seconds(1),
                                std::chrono::milliseconds takeover_after = std::chrono::seconds(5))
      : call_interval_(call_interval), takeover_after_(takeover_after) {}

  Acquired acquire(const std::string& consumer_arn, const std::string& shard_id, Clock::time_point now);
  // Ends every open subscription of `consumer_arn` (deregistered), with `reason`.
  void end_consumer(const std::string& consumer_arn, EndReason reason);

 private:
  struct Slot {
    std::uint64_t id = 0;
    Clock::time_point started;
    std::optional<EndReason> ended_because;
    std::function<void()> wake;
  };

  std::chrono::milliseconds call_interval_;
  std::chrono::milliseconds takeover_after_;
  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, Slot> open_;                      // consumer ARN \n shard id
  std::map<std::uint64_t, EndReason> taken_over_;         // by lease id: why it must end
  std::map<std::string, Clock::time_point> last_call_;    // consumer ARN \n shard id
};

// Where a subscription reads from, resolved and checked by the operation.
struct SubscriptionStart {
  std::string scope;
  std::string account;
  std::string stream_name;
  std::int64_t stream_created_ms = 0;
  std::int64_t shard_index = 0;
  std::int64_t after_seq_ix = 0;  // the first event starts after this record
  bool cbor = false;              // events in CBOR 1.1 rather than JSON 1.1
  std::string consumer_arn;
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
  std::string exception(std::string_view type, std::string_view message) const;

  Env& env_;
  SubscriptionStart start_;
  std::unique_ptr<SubscriptionRegistry::Lease> lease_;
  std::uint64_t commit_listener_ = 0;
  bool started_ = false;
  SteadyClock::time_point ends_at_;
  SteadyClock::time_point last_event_at_;
};

}  // namespace streamstack::kinesis
