#include "logs/lambda_log_sink.h"

#include "core/clock.h"

#include <spdlog/spdlog.h>

#include <map>
#include <tuple>

namespace streamstack::logs {

LambdaLogSink::LambdaLogSink(LogStore& store, ScopeOf scope_of)
    : store_(store), scope_of_(std::move(scope_of)), writer_([this] { run(); }) {}

LambdaLogSink::~LambdaLogSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  writer_.join();
}

void LambdaLogSink::write(const lambda::InvocationLogEvent& event) noexcept {
  try {
    auto scope = scope_of_ ? scope_of_(event.function_name) : std::string("000000000000/us-east-1");
    bool was_empty;
    {
      std::lock_guard lock(mutex_);
      was_empty = queue_.empty();
      queue_.push_back({std::move(scope), event});
      ++queued_;
    }
    // The writer takes the whole queue each time it wakes: only the first line of a batch
    // needs to wake it (three wake-ups per invocation cost more than the invocation).
    if (was_empty) wake_.notify_one();
  } catch (...) {
    // Losing a log line must never fail the invocation that wrote it.
  }
}

void LambdaLogSink::flush() {
  std::unique_lock lock(mutex_);
  auto target = queued_;
  if (done_ >= target) return;
  ++flush_waiters_;
  wake_.notify_one();
  stored_.wait(lock, [&] { return done_ >= target; });
  --flush_waiters_;
}

void LambdaLogSink::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    // Lines come three or more per invocation, invocations thousands a second: gathering them
    // for a few milliseconds makes one transaction of many (each line alone cost a commit).
    // A reader waiting in flush() or a stop ends the wait at once.
    wake_.wait_for(lock, kLinger, [&] { return stopping_ || flush_waiters_ > 0; });
    if (queue_.empty() && stopping_) return;
    std::vector<Line> batch;
    batch.swap(queue_);
    lock.unlock();
    store_batch(batch);
    lock.lock();
    done_ += batch.size();
    stored_.notify_all();
  }
}

void LambdaLogSink::store_batch(std::vector<Line>& batch) {
  // One append per stream, events in the order they were written.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::pair<std::int64_t, std::string>>> streams;
  for (auto& line : batch) {
    // An event holds the line as the runtime wrote it to stdout, newline included: Lambda's
    // events read "START RequestId: ... Version: $LATEST\n".
    auto message = std::move(line.event.message);
    message.push_back('\n');
    streams[{line.scope, line.event.log_group_name, line.event.log_stream_name}].emplace_back(
        line.event.timestamp_ms, std::move(message));
  }
  auto now = core::Clock::now_millis();
  for (const auto& [key, events] : streams) {
    try {
      store_.append_to(std::get<0>(key), std::get<1>(key), std::get<2>(key), events, now);
    } catch (const std::exception& e) {
      spdlog::error("logs: could not store {} lines of {}: {}", events.size(), std::get<1>(key), e.what());
    }
  }
}

}  // namespace streamstack::logs
