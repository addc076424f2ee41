#include "clock.h"

namespace streamstack::core {

std::chrono::milliseconds Clock::offset_{0};

std::int64_t Clock::now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch() + offset_).count();
}

std::int64_t Clock::now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch() + offset_).count();
}

double Clock::now_epoch_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch() + offset_).count();
}

void Clock::advance_for_tests(std::chrono::milliseconds by) { offset_ += by; }

}  // namespace streamstack::core
