#include "kinesis/lifecycle.h"

#include "core/clock.h"
#include "kinesis/consumer_rows.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace streamstack::kinesis {
// core::Clock can be moved forward (tests, POST /_streamstack/clock), which a wait on the steady
// clock would not notice: a move wakes the thread to look again.
Lifecycle::Lifecycle(StreamCatalog& catalog)
    : catalog_(catalog), clock_listener_(core::Clock::on_change([this] { wake_.notify_all(); })) {}

Lifecycle::~Lifecycle() {
  core::Clock::off_change(clock_listener_);
  stop();
}

void Lifecycle::start(bool timer) {
  auto pending = catalog_.db().read([](store::Connection& c) {
    std::vector<Entry> entries;
    auto& streams = c.prepare("SELECT stream_key, status_until_ms FROM kinesis_streams WHERE status != 'ACTIVE'");
    while (streams.step()) entries.push_back({streams.column_int(1), false, streams.column_int(0)});
    streams.reset();
    auto& consumers =
        c.prepare("SELECT consumer_key, status_until_ms FROM kinesis_consumers WHERE status != 'ACTIVE'");
    while (consumers.step()) entries.push_back({consumers.column_int(1), true, consumers.column_int(0)});
    consumers.reset();
    return entries;
  });
  for (const auto& entry : pending) schedule(entry);
  std::lock_guard lock(mutex_);
  if (!timer || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Lifecycle::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Lifecycle::schedule_stream(std::int64_t stream_key, std::int64_t due_ms) {
  schedule({due_ms, false, stream_key});
}

void Lifecycle::schedule_consumer(std::int64_t consumer_key, std::int64_t due_ms) {
  schedule({due_ms, true, consumer_key});
}

void Lifecycle::schedule(Entry entry) {
  {
    std::lock_guard lock(mutex_);
    due_.push(entry);
  }
  wake_.notify_all();
}

void Lifecycle::forget() {
  std::lock_guard lock(mutex_);
  due_ = {};
}

int Lifecycle::settle_due(std::int64_t now_ms) {
  std::vector<Entry> ready;
  {
    std::lock_guard lock(mutex_);
    while (!due_.empty() && due_.top().due_ms <= now_ms) {
      ready.push_back(due_.top());
      due_.pop();
    }
  }
  for (const auto& entry : ready) {
    try {
      settle(entry, now_ms);
    } catch (const std::exception& e) {
      // The row stays transient; a restart schedules it again.
      spdlog::error("kinesis: settling {} {} failed: {}", entry.consumer ? "consumer" : "stream", entry.key, e.what());
    }
  }
  return static_cast<int>(ready.size());
}

void Lifecycle::settle(const Entry& entry, std::int64_t now_ms) {
  catalog_.write([&](store::Connection& c) {
    if (entry.consumer) {
      settle_consumer_row(c, entry.key, now_ms);
      return;
    }
    if (auto stream = load_stream_by_key(c, entry.key)) kinesis::settle(c, std::move(*stream), now_ms);
  });
}

void Lifecycle::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    std::int64_t now = core::Clock::now_millis();
    if (!due_.empty() && due_.top().due_ms <= now) {
      lock.unlock();
      settle_due(now);
      lock.lock();
      continue;
    }
    if (due_.empty()) {
      wake_.wait(lock);
      continue;
    }
    wake_.wait_for(lock, std::chrono::milliseconds(due_.top().due_ms - now));
  }
}

}  // namespace streamstack::kinesis
