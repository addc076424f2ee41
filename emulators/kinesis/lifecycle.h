#pragma once
// Transient statuses end on their own schedule: a stream's CREATING, UPDATING (with the reshards
// and changes waiting for it) and DELETING, and a consumer's CREATING and DELETING, each settle
// in their own write transaction at the moment their delay ends, from a timer thread.
//
// Invariant: nothing else settles them. Reads never write, and a write of another service (a
// DynamoDB change appending to its Kinesis streaming destination) never applies a stream's
// pending reshard inside its own transaction: until its timer fires, a stream is as it was.
// An entry is a hint, not a promise: settling re-reads the row and does nothing unless its
// status is transient and due, so a stale entry (a stream deleted and created again under the
// same key) is harmless. Entries are not stored: at start, every transient row is scheduled.
#include "kinesis/stream_catalog.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace streamstack::kinesis {

class Lifecycle {
 public:
  explicit Lifecycle(StreamCatalog& catalog);
  ~Lifecycle();
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  // Schedules every transient stream and consumer stored, then starts the timer thread unless
  // `timer` is false (then settle_due settles them).
  void start(bool timer = true);
  void stop();

  void schedule_stream(std::int64_t stream_key, std::int64_t due_ms);
  void schedule_consumer(std::int64_t consumer_key, std::int64_t due_ms);

  // Settles what is due at `now_ms` (the timer thread calls it; tests may too). Returns how
  // many entries it handled.
  int settle_due(std::int64_t now_ms);
  // After the store was emptied (reset): the entries name rows that are gone.
  void forget();

 private:
  struct Entry {
    std::int64_t due_ms;
    bool consumer;
    std::int64_t key;
    bool operator>(const Entry& other) const { return due_ms > other.due_ms; }
  };
  void schedule(Entry entry);
  void run();
  void settle(const Entry& entry, std::int64_t now_ms);

  StreamCatalog& catalog_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> due_;
  bool stopping_ = false;
  std::uint64_t clock_listener_ = 0;
  std::thread thread_;
};

}  // namespace streamstack::kinesis
