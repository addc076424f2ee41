#pragma once
// The stream dispatcher: for each enabled event source mapping and each shard of its source,
// read records after the checkpoint, drop what FilterCriteria rejects, batch (BatchSize,
// MaximumBatchingWindowInSeconds, 6 MB), invoke the function on a worker pool, and advance the
// checkpoint in SQLite only after success. Failures follow AWS: retry (MaximumRetryAttempts,
// MaximumRecordAgeInSeconds), bisect, partial batch responses. A throttled invocation (the
// function's concurrency is used up) is retried until it goes through or its records grow too
// old; it uses up no retry attempt, as it never reached the function. One batch per shard at a time,
// so records reach the function in order, at least once, across restarts.
//
// It is woken by each commit (`notify()`), not by a polling interval.
#include "lambda/event_source.h"
#include "lambda/mapping_store.h"
#include "lambda/worker_pool.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace streamstack::lambda {

struct InvokeOutcome {
  bool function_error = false;  // the function threw or timed out
  nlohmann::json payload;       // the result, or the error document
  // Lambda refused the invocation (TooManyRequestsException): the function never saw the batch.
  bool throttled = false;
};

// How the dispatcher invokes a mapping's function (synchronously, with the function's timeout).
using Invoker = std::function<InvokeOutcome(const EventSourceMapping&, const nlohmann::json& event)>;

class Dispatcher {
 public:
  // Batches run on a pool that grows to `max_workers` threads: a batch waits for its function
  // for up to the function's timeout, so a fixed pool would let a few slow or stuck functions
  // hold up every other mapping.
  Dispatcher(MappingStore& mappings, Invoker invoker, std::size_t max_workers = 256);
  ~Dispatcher();

  void add_source(EventSource* source);
  void start();
  // No new batch starts; returns once the running ones have ended and checkpointed (each within
  // its function's timeout).
  void stop();

  // A commit happened: there may be new records.
  void notify();
  // A mapping was created, updated or deleted.
  void mappings_changed();
  // Reset: no new batch starts, and pause() returns once the running ones have finished.
  // resume() forgets every cursor (the store was emptied) and reloads the mappings.
  void pause();
  void resume();

  // The checkpoint a new mapping starts from on a shard, by its StartingPosition.
  std::int64_t starting_checkpoint(const EventSourceMapping& mapping, EventSource& source,
                                   const std::string& shard_id);
  EventSource* source_for(const std::string& arn) const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Cursor {
    bool initialized = false;
    std::int64_t checkpoint = 0;
    bool in_flight = false;
    int attempts = 0;                         // failed attempts of the batch at the front
    int throttles = 0;                        // throttled tries in a row, for their backoff
    Clock::time_point retry_at{};
    std::deque<std::vector<SourceRecord>> pending;  // bisected or partially failed batches, in order
    // The source's activity() when a read of this shard last found nothing to deliver.
    std::uint64_t idle_at_activity = 0;
  };
  using CursorKey = std::pair<std::string, std::string>;  // mapping uuid, shard id

  void run();
  // Looks at every mapping and shard once; returns the earliest time something is due.
  Clock::time_point schedule();
  bool schedule_shard(const EventSourceMapping& m, EventSource& source, const SourceShard& shard,
                      Cursor& cursor, Clock::time_point& next);
  std::vector<SourceRecord> next_batch(const EventSourceMapping& m, EventSource& source,
                                       const std::string& shard_id, Cursor& cursor);
  void process(EventSourceMapping m, std::string shard_id, std::vector<SourceRecord> batch);
  void on_success(const EventSourceMapping& m, const std::string& shard_id, Cursor& c,
                  const std::vector<SourceRecord>& batch);
  void on_failure(const EventSourceMapping& m, const std::string& shard_id, Cursor& c,
                  std::vector<SourceRecord> batch, std::size_t failed_from, bool function_error);
  void on_throttled(const EventSourceMapping& m, Cursor& c, std::vector<SourceRecord> batch);
  void advance(const EventSourceMapping& m, const std::string& shard_id, Cursor& c, std::int64_t position);
  void set_result(const EventSourceMapping& m, const std::string& result);
  // Under mutex_: no schedule() pass and no batch is running.
  bool quiet() const { return !scheduling_ && running_ == 0; }

  MappingStore& mappings_;
  Invoker invoker_;
  std::vector<EventSource*> sources_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable quiet_;  // quiet() may have become true
  bool scheduling_ = false;        // the dispatcher thread is inside schedule()
  std::size_t running_ = 0;        // batches posted and not yet ended
  bool dirty_ = true;
  bool reload_ = true;
  bool stopping_ = false;
  bool started_ = false;
  bool paused_ = false;
  std::vector<EventSourceMapping> active_;          // guarded by mutex_
  std::map<CursorKey, Cursor> cursors_;             // guarded by mutex_
  std::map<std::string, std::string> last_result_;  // uuid -> LastProcessingResult written
  // Last: destroyed first. stop() has waited for its tasks, so none touches what follows.
  WorkerPool pool_;
};

// The lowest failed record of a partial batch response, as an index into `batch`; nullopt when
// the response reports complete success; 0 (the whole batch failed) when it is malformed.
std::optional<std::size_t> first_reported_failure(const nlohmann::json& response,
                                                  const std::vector<SourceRecord>& batch);

}  // namespace streamstack::lambda
