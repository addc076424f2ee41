#pragma once
// The one source of wall-clock time for emulated services, so tests can move it: stream and
// Kinesis retention and iterator expiry, TTL expiry and idempotency windows all read it, and
// POST /_streamstack/clock moves it for a running server. It only moves forward, so nothing
// that was already expired becomes live again.
#include <chrono>
#include <cstdint>
#include <functional>

namespace streamstack::core {

class Clock {
 public:
  static std::int64_t now_millis();
  static std::int64_t now_micros();
  static double now_epoch_seconds();
  // The machine's own time, unmoved: for times the caller's clock stamped (a SigV4 signing
  // time), which a moved clock must not make look stale.
  static std::int64_t system_millis();

  // Shifts every later reading forward by `by` (a negative shift is ignored).
  static void advance_for_tests(std::chrono::milliseconds by);
  // Moves the clock to `epoch_millis` when that is later than now; returns whether it moved.
  static bool set_for_tests(std::int64_t epoch_millis);
  // How far the clock is ahead of the system's.
  static std::int64_t offset_millis();

  // Called, on the thread that moved the clock, after each move (a TTL sweeper wakes up on it).
  // Returns a handle for `off_change`.
  static std::uint64_t on_change(std::function<void()> listener);
  static void off_change(std::uint64_t handle);
};

}  // namespace streamstack::core
