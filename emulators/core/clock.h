#pragma once
// The one source of wall-clock time for emulated services, so tests can move it.
#include <chrono>
#include <cstdint>

namespace streamstack::core {

class Clock {
 public:
  static std::int64_t now_millis();
  static std::int64_t now_micros();
  static double now_epoch_seconds();
  // Shifts every later reading; used by tests of expiry (iterators, retention, TTL).
  static void advance_for_tests(std::chrono::milliseconds by);

 private:
  static std::chrono::milliseconds offset_;
};

}  // namespace streamstack::core
