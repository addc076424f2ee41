#include "lambda/dispatcher.h"

#include "core/clock.h"
#include "lambda/event_filter.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

// Lambda caps a synchronous invocation's payload at 6 MB.
constexpr std::size_t kMaxPayloadBytes = 6 * 1024 * 1024;
// Retries of a failing batch back off from 10 ms to 1 s, so a failing shard neither spins nor
// makes tests wait.
constexpr auto kFirstBackoff = std::chrono::milliseconds(10);
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);

json event_of(const std::vector<SourceRecord>& batch) {
  json records = json::array();
  for (const auto& r : batch) records.push_back(r.record);
  return json{{"Records", std::move(records)}};
}

}  // namespace

std::optional<std::size_t> first_reported_failure(const json& response,
                                                  const std::vector<SourceRecord>& batch) {
  // Complete success: {"batchItemFailures":[]}, {"batchItemFailures":null}, {}, null, [] (AWS).
  if (!response.is_object()) return std::nullopt;
  auto it = response.find("batchItemFailures");
  if (it == response.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return 0;
  if (it->empty()) return std::nullopt;
  std::optional<std::size_t> lowest;
  for (const auto& failure : *it) {
    // An item without a usable itemIdentifier, or naming no record of the batch, fails the whole batch.
    if (!failure.is_object() || !failure.contains("itemIdentifier") || !failure["itemIdentifier"].is_string())
      return 0;
    const auto& id = failure["itemIdentifier"].get_ref<const std::string&>();
    auto match = std::find_if(batch.begin(), batch.end(), [&](const SourceRecord& r) { return r.sequence_number == id; });
    if (id.empty() || match == batch.end()) return 0;
    auto index = static_cast<std::size_t>(match - batch.begin());
    if (!lowest || index < *lowest) lowest = index;
  }
  return lowest;
}

Dispatcher::Dispatcher(MappingStore& mappings, Invoker invoker, std::size_t max_workers)
    : mappings_(mappings), invoker_(std::move(invoker)), pool_(WorkerPool::Options{.max_threads = max_workers}) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::add_source(EventSource* source) { sources_.push_back(source); }

void Dispatcher::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { run(); });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Batches already handed to the pool finish and checkpoint; nothing new is scheduled.
  std::unique_lock lock(mutex_);
  quiet_.wait(lock, [this] { return quiet(); });
}

void Dispatcher::notify() {
  {
    std::lock_guard lock(mutex_);
    dirty_ = true;
  }
  wake_.notify_one();
}

void Dispatcher::mappings_changed() {
  {
    std::lock_guard lock(mutex_);
    reload_ = true;
    dirty_ = true;
  }
  wake_.notify_one();
}

void Dispatcher::pause() {
  // A schedule() pass holds references into cursors_, which resume() clears: wait for it too,
  // and for the batches in flight (each ends within its function's timeout).
  std::unique_lock lock(mutex_);
  paused_ = true;
  quiet_.wait(lock, [this] { return quiet(); });
}

void Dispatcher::resume() {
  {
    std::lock_guard lock(mutex_);
    cursors_.clear();
    last_result_.clear();
    active_.clear();
    paused_ = false;
    reload_ = true;
    dirty_ = true;
  }
  wake_.notify_one();
}

EventSource* Dispatcher::source_for(const std::string& arn) const {
  for (auto* s : sources_)
    if (s->handles(arn)) return s;
  return nullptr;
}

std::int64_t Dispatcher::starting_checkpoint(const EventSourceMapping& m, EventSource& source,
                                             const std::string& shard_id) {
  if (m.starting_position == "TRIM_HORIZON") return 0;
  if (m.starting_position == "AT_TIMESTAMP" && m.starting_position_timestamp)
    return source.position_before_time(m.event_source_arn, shard_id,
                                       static_cast<std::int64_t>(*m.starting_position_timestamp * 1000));
  return source.latest_position(m.event_source_arn, shard_id);
}

void Dispatcher::run() {
  auto next = Clock::time_point::max();
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next, [&] { return dirty_ || stopping_; });
      if (stopping_) return;
      dirty_ = false;
      if (paused_) {
        next = Clock::time_point::max();
        continue;
      }
      scheduling_ = true;
    }
    try {
      next = schedule();
    } catch (const std::exception& e) {
      // A failure to read the store is retried shortly rather than ending dispatch.
      spdlog::error("dispatcher: {}", e.what());
      next = Clock::now() + std::chrono::milliseconds(100);
    }
    std::lock_guard lock(mutex_);
    scheduling_ = false;
    quiet_.notify_all();
  }
}

Dispatcher::Clock::time_point Dispatcher::schedule() {
  bool reload;
  {
    std::lock_guard lock(mutex_);
    reload = reload_;
    reload_ = false;
  }
  if (reload) {
    auto all = mappings_.all();
    std::lock_guard lock(mutex_);
    active_.clear();
    for (auto& m : all)
      if (m.enabled) active_.push_back(std::move(m));
    // Forget cursors of mappings that are gone or disabled; their checkpoints stay in SQLite.
    for (auto it = cursors_.begin(); it != cursors_.end();) {
      bool keep = it->second.in_flight || std::any_of(active_.begin(), active_.end(), [&](const auto& m) { return m.uuid == it->first.first; });
      it = keep ? std::next(it) : cursors_.erase(it);
    }
  }
  std::vector<EventSourceMapping> active;
  {
    std::lock_guard lock(mutex_);
    active = active_;
  }
  auto next = Clock::time_point::max();
  for (const auto& m : active) {
    auto* source = source_for(m.event_source_arn);
    if (source == nullptr || !source->exists(m.event_source_arn)) continue;
    auto shards = source->shards(m.event_source_arn);
    for (const auto& shard : shards) {
      std::unique_lock lock(mutex_);
      auto& cursor = cursors_[{m.uuid, shard.shard_id}];
      if (cursor.in_flight) continue;
      lock.unlock();
      // Parents first: a child shard waits until its parents are read to their end.
      auto unfinished = [&](const std::string& parent_id) {
        if (parent_id.empty()) return false;
        auto parent = std::find_if(shards.begin(), shards.end(), [&](const auto& s) { return s.shard_id == parent_id; });
        if (parent == shards.end()) return false;
        auto parent_checkpoint = mappings_.checkpoint(m.uuid, parent->shard_id).value_or(0);
        return !parent->closed || parent_checkpoint < source->latest_position(m.event_source_arn, parent->shard_id);
      };
      if (unfinished(shard.parent_shard_id) || unfinished(shard.adjacent_parent_shard_id)) continue;
      schedule_shard(m, *source, shard, cursor, next);
    }
  }
  return next;
}

bool Dispatcher::schedule_shard(const EventSourceMapping& m, EventSource& source, const SourceShard& shard,
                                Cursor& cursor, Clock::time_point& next) {
  if (!cursor.initialized) {
    auto stored = mappings_.checkpoint(m.uuid, shard.shard_id);
    if (!stored) {
      // A shard born of a split or merge is read from its start once its parent is done.
      stored = shard.parent_shard_id.empty() ? starting_checkpoint(m, source, shard.shard_id) : 0;
      mappings_.set_checkpoint(m.uuid, shard.shard_id, *stored);
    }
    cursor.checkpoint = *stored;
    cursor.initialized = true;
  }
  auto now = Clock::now();
  if (now < cursor.retry_at) {
    next = std::min(next, cursor.retry_at);
    return false;
  }
  // Taken before the read: a commit during it changes activity(), so it is read again.
  auto activity = source.activity(m.event_source_arn);
  if (activity != 0 && cursor.pending.empty() && cursor.idle_at_activity == activity) return false;
  auto batch = next_batch(m, source, shard.shard_id, cursor);
  if (batch.empty()) {
    cursor.idle_at_activity = activity;
    return false;
  }
  cursor.idle_at_activity = 0;
  // Wait for a fuller batch while the batching window is open.
  if (cursor.pending.empty() && m.maximum_batching_window_in_seconds > 0 &&
      batch.size() < static_cast<std::size_t>(m.batch_size)) {
    auto waited = core::Clock::now_millis() - batch.front().arrival_ms;
    auto window = m.maximum_batching_window_in_seconds * 1000LL;
    if (waited < window) {
      next = std::min(next, now + std::chrono::milliseconds(window - waited));
      return false;
    }
  }
  {
    std::lock_guard lock(mutex_);
    // A pause (reset) or stop that began during this pass starts nothing new.
    if (paused_ || stopping_) return false;
    cursor.in_flight = true;
    ++running_;
  }
  pool_.submit([this, m, shard_id = shard.shard_id, batch = std::move(batch)]() mutable {
    process(std::move(m), std::move(shard_id), std::move(batch));
  });
  return true;
}

std::vector<SourceRecord> Dispatcher::next_batch(const EventSourceMapping& m, EventSource& source,
                                                 const std::string& shard_id, Cursor& cursor) {
  auto now_ms = core::Clock::now_millis();
  auto too_old = [&](const SourceRecord& r) {
    return m.maximum_record_age_in_seconds >= 0 && now_ms - r.arrival_ms > m.maximum_record_age_in_seconds * 1000LL;
  };
  // A batch being retried loses the records that grew too old meanwhile (RecordAgeExceeded).
  while (!cursor.pending.empty()) {
    auto& front = cursor.pending.front();
    while (!front.empty() && too_old(front.front())) {
      advance(m, shard_id, cursor, front.front().position);
      front.erase(front.begin());
    }
    if (!front.empty()) return front;
    cursor.pending.pop_front();
    cursor.attempts = 0;
  }
  auto filter = EventFilter::parse(m.filter_criteria);
  auto limit = static_cast<std::size_t>(m.batch_size);
  std::vector<SourceRecord> batch;
  std::size_t payload = 0;
  auto position = cursor.checkpoint;
  // Records the filter rejects or that are too old are skipped, and the checkpoint moves past
  // them (AWS: not delivered, not retried).
  auto skipped_to = cursor.checkpoint;
  while (batch.size() < limit) {
    auto records = source.read(m.event_source_arn, shard_id, position, limit - batch.size());
    if (records.empty()) break;
    for (auto& r : records) {
      position = r.position;
      if (too_old(r) || !filter.matches(r.record)) {
        if (batch.empty()) skipped_to = r.position;
        continue;
      }
      if (!batch.empty() && payload + r.size_bytes > kMaxPayloadBytes) return batch;
      payload += r.size_bytes;
      batch.push_back(std::move(r));
      if (batch.size() == limit) break;
    }
  }
  if (skipped_to != cursor.checkpoint) advance(m, shard_id, cursor, skipped_to);
  return batch;
}

void Dispatcher::process(EventSourceMapping m, std::string shard_id, std::vector<SourceRecord> batch) {
  InvokeOutcome outcome;
  try {
    outcome = invoker_(m, event_of(batch));
  } catch (const std::exception& e) {
    outcome.function_error = true;
    outcome.payload = {{"errorMessage", e.what()}, {"errorType", "ServiceException"}};
  }
  // The cursor is this worker's alone while in_flight is set; the dispatcher thread skips it.
  Cursor* cursor_ptr;
  {
    std::lock_guard lock(mutex_);
    cursor_ptr = &cursors_[{m.uuid, shard_id}];
  }
  auto& cursor = *cursor_ptr;
  try {
    if (outcome.throttled) {
      on_throttled(m, cursor, std::move(batch));
    } else if (outcome.function_error) {
      on_failure(m, shard_id, cursor, std::move(batch), 0, true);
    } else if (m.report_batch_item_failures) {
      auto failed = first_reported_failure(outcome.payload, batch);
      if (failed) on_failure(m, shard_id, cursor, std::move(batch), *failed, false);
      else on_success(m, shard_id, cursor, batch);
    } else {
      on_success(m, shard_id, cursor, batch);
    }
  } catch (const std::exception& e) {
    spdlog::error("dispatcher: {} {}: {}", m.function_name, shard_id, e.what());
  }
  // Notified under the lock: once running_ drops, stop() may return and this object go away.
  std::lock_guard lock(mutex_);
  cursor.in_flight = false;
  --running_;
  dirty_ = true;
  wake_.notify_one();
  quiet_.notify_all();
}

void Dispatcher::advance(const EventSourceMapping& m, const std::string& shard_id, Cursor& c, std::int64_t position) {
  if (position <= c.checkpoint) return;
  {
    std::lock_guard lock(mutex_);
    // A mapping deleted while its batch ran keeps no checkpoint.
    if (std::none_of(active_.begin(), active_.end(), [&](const auto& a) { return a.uuid == m.uuid; })) return;
  }
  mappings_.set_checkpoint(m.uuid, shard_id, position);
  c.checkpoint = position;
}

void Dispatcher::set_result(const EventSourceMapping& m, const std::string& result) {
  {
    std::lock_guard lock(mutex_);
    auto& last = last_result_[m.uuid];
    if (last == result) return;
    last = result;
  }
  // Outside the lock: the commit calls notify(), which takes it.
  mappings_.set_last_processing_result(m.uuid, result);
}

void Dispatcher::on_success(const EventSourceMapping& m, const std::string& shard_id, Cursor& c,
                            const std::vector<SourceRecord>& batch) {
  if (!c.pending.empty()) c.pending.pop_front();
  c.attempts = 0;
  c.throttles = 0;
  c.retry_at = {};
  advance(m, shard_id, c, batch.back().position);
  set_result(m, "OK");
}

void Dispatcher::on_throttled(const EventSourceMapping& m, Cursor& c, std::vector<SourceRecord> batch) {
  spdlog::info("{}: batch of {} record(s) throttled (TooManyRequestsException), tried again", m.function_name,
               batch.size());
  // The same batch again, at the front; next_batch drops what grew too old meanwhile.
  if (!c.pending.empty()) c.pending.pop_front();
  c.pending.push_front(std::move(batch));
  ++c.throttles;
  auto backoff = std::min<std::chrono::milliseconds>(kMaxBackoff, kFirstBackoff * (1 << std::min(c.throttles - 1, 7)));
  c.retry_at = Clock::now() + backoff;
}

void Dispatcher::on_failure(const EventSourceMapping& m, const std::string& shard_id, Cursor& c,
                            std::vector<SourceRecord> batch, std::size_t failed_from, bool function_error) {
  set_result(m, "PROBLEM: Function call failed");
  c.throttles = 0;
  if (!c.pending.empty()) c.pending.pop_front();
  // A partial batch response: what came before the lowest failed record is done.
  if (failed_from > 0) {
    advance(m, shard_id, c, batch[failed_from - 1].position);
    batch.erase(batch.begin(), batch.begin() + static_cast<std::ptrdiff_t>(failed_from));
  }
  // Bisecting does not use up retries (AWS): split until the bad record stands alone.
  if (function_error && m.bisect_batch_on_function_error && batch.size() > 1) {
    auto half = batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2);
    std::vector<SourceRecord> first(batch.begin(), half), second(half, batch.end());
    c.pending.push_front(std::move(second));
    c.pending.push_front(std::move(first));
    return;
  }
  ++c.attempts;
  bool exhausted = m.maximum_retry_attempts >= 0 && c.attempts > m.maximum_retry_attempts;
  if (exhausted) {
    spdlog::warn("{}: discarding {} record(s) of {} after {} attempt(s) (RetryAttemptsExhausted)",
                 m.function_name, batch.size(), shard_id, c.attempts);
    c.attempts = 0;
    c.retry_at = {};
    advance(m, shard_id, c, batch.back().position);
    return;
  }
  c.pending.push_front(std::move(batch));
  auto backoff = std::min<std::chrono::milliseconds>(kMaxBackoff, kFirstBackoff * (1 << std::min(c.attempts - 1, 7)));
  c.retry_at = Clock::now() + backoff;
}

}  // namespace streamstack::lambda
