#include "clock.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace streamstack::core {
namespace {

// Read on every timestamp, written only by tests and the clock endpoint.
std::atomic<std::int64_t> offset_ms{0};

struct Listeners {
  std::mutex mutex;
  std::uint64_t next = 1;
  std::vector<std::pair<std::uint64_t, std::shared_ptr<std::function<void()>>>> all;
};

Listeners& listeners() {
  static Listeners instance;
  return instance;
}

std::int64_t system_clock_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void notify_changed() {
  std::vector<std::shared_ptr<std::function<void()>>> copy;
  {
    auto& l = listeners();
    std::lock_guard lock(l.mutex);
    for (auto& entry : l.all) copy.push_back(entry.second);
  }
  for (auto& listener : copy) (*listener)();
}

}  // namespace

std::int64_t Clock::now_millis() { return system_clock_millis() + offset_ms.load(); }

std::int64_t Clock::system_millis() { return system_clock_millis(); }

std::int64_t Clock::now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() +
         offset_ms.load() * 1000;
}

double Clock::now_epoch_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count() +
         static_cast<double>(offset_ms.load()) / 1000.0;
}

void Clock::advance_for_tests(std::chrono::milliseconds by) {
  if (by.count() <= 0) return;
  offset_ms += by.count();
  notify_changed();
}

bool Clock::set_for_tests(std::int64_t epoch_millis) {
  std::int64_t now = now_millis();
  if (epoch_millis <= now) return false;
  offset_ms += epoch_millis - now;
  notify_changed();
  return true;
}

std::int64_t Clock::offset_millis() { return offset_ms.load(); }

std::uint64_t Clock::on_change(std::function<void()> listener) {
  auto& l = listeners();
  std::lock_guard lock(l.mutex);
  l.all.emplace_back(l.next, std::make_shared<std::function<void()>>(std::move(listener)));
  return l.next++;
}

void Clock::off_change(std::uint64_t handle) {
  auto& l = listeners();
  std::lock_guard lock(l.mutex);
  std::erase_if(l.all, [&](const auto& entry) { return entry.first == handle; });
}

}  // namespace streamstack::core
