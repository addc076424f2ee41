#include "kinesis/subscription.h"

#include <algorithm>

#include "core/cbor.h"
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
  auto it = registry_.open_.find(key_);
  if (it != registry_.open_.end() && it->second.id == id_) registry_.open_.erase(it);
  registry_.taken_over_.erase(id_);
}

void SubscriptionRegistry::Lease::set_wake(std::function<void()> wake) {
  std::lock_guard lock(registry_.mutex_);
  auto it = registry_.open_.find(key_);
  if (it != registry_.open_.end() && it->second.id == id_) it->second.wake = std::move(wake);
}

std::optional<SubscriptionRegistry::EndReason> SubscriptionRegistry::Lease::ended_because() const {
  std::lock_guard lock(registry_.mutex_);
  auto it = registry_.open_.find(key_);
  if (it != registry_.open_.end() && it->second.id == id_) return it->second.ended_because;
  auto taken = registry_.taken_over_.find(id_);
  if (taken == registry_.taken_over_.end()) return std::nullopt;
  return taken->second;
}

SubscriptionRegistry::Acquired SubscriptionRegistry::acquire(const std::string& consumer_arn,
                                                             const std::string& shard_id, Clock::time_point now) {
  std::string key = consumer_arn + "\n" + shard_id;
  std::function<void()> wake_old;
  Acquired acquired;
  {
    std::lock_guard lock(mutex_);
    auto last = last_call_.find(key);
    if (last != last_call_.end() && now - last->second < call_interval_) {
      acquired.refusal = Refusal::kRateExceeded;
      return acquired;
    }
    last_call_[key] = now;
    auto it = open_.find(key);
    if (it != open_.end()) {
      if (!it->second.ended_because && now - it->second.started < takeover_after_) {
        acquired.refusal = Refusal::kInUse;
        return acquired;
      }
      // The older subscription ends: "the second call takes over the subscription and the
      // previous connection expires or fails with a ResourceInUseException" ([API]).
      taken_over_[it->second.id] = EndReason{"ResourceInUseException", ""};
      wake_old = std::move(it->second.wake);
      open_.erase(it);
    }
    std::uint64_t id = next_id_++;
    open_[key] = Slot{id, now, std::nullopt, nullptr};
    acquired.lease = std::make_unique<Lease>(*this, key, id);
  }
  if (wake_old) wake_old();
  return acquired;
}

void SubscriptionRegistry::end_consumer(const std::string& consumer_arn, EndReason reason) {
  std::vector<std::function<void()>> wakes;
  {
    std::lock_guard lock(mutex_);
    std::string prefix = consumer_arn + "\n";
    for (auto it = open_.lower_bound(prefix); it != open_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      it->second.ended_because = reason;
      if (it->second.wake) wakes.push_back(it->second.wake);
    }
  }
  for (auto& wake : wakes) wake();
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
  // Every commit may have appended to the shard (or closed it); the poll finds out which. A
  // takeover or a deregistration wakes it too.
  lease_->set_wake(wake);
  commit_listener_ = env_.catalog.db().on_commit(std::move(wake));
}

std::string ShardSubscription::exception(std::string_view type, std::string_view message) const {
  return exception_message(type, message, start_.cbor ? EventPayload::kCbor : EventPayload::kJson);
}

core::ResponseStream::Chunk ShardSubscription::poll() {
  Chunk chunk;
  auto now = SteadyClock::now();
  bool first = !started_;
  if (first) {
    // The SDKs read the operation's non-event output from it; SubscribeToShard has none.
    chunk.bytes = start_.cbor ? event_message("initial-response", core::cbor::encode(nlohmann::json::object()),
                                              EventPayload::kCbor)
                              : event_message("initial-response", "{}");
    started_ = true;
  }
  if (now >= ends_at_) {
    chunk.last = true;
    return chunk;
  }
  if (auto reason = lease_->ended_because()) {
    // Taken over by a newer subscription (in the words of the refusal the newer one would
    // have had within 5 s), or the consumer was deregistered.
    std::string message = !reason->message.empty()
                              ? reason->message
                              : "Another active subscription exists for this consumer: " + start_.account + ":" +
                                    start_.stream_name + ":" + shard_id_of(start_.shard_index) + ":" +
                                    start_.consumer_arn;
    chunk.bytes += exception(reason->type, message);
    chunk.last = true;
    return chunk;
  }
  auto stream = env_.catalog.find(start_.scope, start_.stream_name);
  const ShardInfo* shard =
      stream && stream->created_ms == start_.stream_created_ms ? stream->shard(start_.shard_index) : nullptr;
  if (!shard) {
    chunk.bytes += exception(
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
  std::string records;                                   // JSON: the Records as text
  nlohmann::json record_list = nlohmann::json::array();  // CBOR: as values
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
          if (!start_.cbor) {
            append_record_json(r, records);
            return true;
          }
          nlohmann::json record = {
              {"ApproximateArrivalTimestamp", epoch_seconds(r.arrival_ms)},
              {"Data", nlohmann::json::binary(std::vector<std::uint8_t>(r.data.begin(), r.data.end()))},
              {"PartitionKey", r.partition_key},
              {"SequenceNumber", r.sequence_number}};
          if (r.kms) record["EncryptionType"] = "KMS";
          record_list.push_back(std::move(record));
          return true;
        });
  });
  const bool at_end = !more && !shard.open();
  if (count == 0 && !at_end && !heartbeat_due) return false;

  // {"ChildShards"?, "ContinuationSequenceNumber"?, "MillisBehindLatest", "Records"}
  nlohmann::json event = {{"MillisBehindLatest", more ? std::max<std::int64_t>(now_ms - next_arrival_ms, 0) : 0}};
  if (at_end) {
    // At the shard's end AWS sends the children and no ContinuationSequenceNumber: there is
    // nothing to continue from, and the KCL takes the missing number for the shard's end
    // (inferred from the KCL, not stated by AWS).
    event["ChildShards"] = child_shards_json(stream, shard);
  } else {
    // Where a new subscription (AFTER_SEQUENCE_NUMBER) picks up: the last record sent, or
    // without one, a number that stands for the same position in this shard.
    if (last_sequence_number.empty()) {
      last_sequence_number = format_sequence_number(
          {shard.created_ms / 1000, shard.index, static_cast<std::uint64_t>(last_seq_ix), now_ms / 1000});
    }
    event["ContinuationSequenceNumber"] = last_sequence_number;
  }
  if (start_.cbor) {
    event["Records"] = std::move(record_list);
    out += event_message("SubscribeToShardEvent", core::cbor::encode(event), EventPayload::kCbor);
  } else {
    // The records are already text: the rest is written around them, members in name order.
    std::string text = core::to_json_text(event);
    text.pop_back();
    text += R"(,"Records":[)" + records + "]}";
    out += event_message("SubscribeToShardEvent", text);
  }
  start_.after_seq_ix = last_seq_ix;
  last_event_at_ = now;
  return at_end;
}

}  // namespace streamstack::kinesis
