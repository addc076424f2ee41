#pragma once
// The clock invocations time out by: one thread that sleeps until the earliest deadline, so a
// pending invocation costs a timer, never a waiting thread. Callbacks run on that thread and
// must be short (they end an invocation and hand its result on).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace streamstack::lambda {

class Deadlines {
 public:
  using Clock = std::chrono::steady_clock;
  using Timer = std::shared_ptr<boost::asio::steady_timer>;

  Deadlines();
  // Pending callbacks are dropped, never run.
  ~Deadlines();
  Deadlines(const Deadlines&) = delete;
  Deadlines& operator=(const Deadlines&) = delete;

  // Calls `expired` at `at` (on the deadline thread) unless `cancel` comes first. From any thread.
  Timer schedule(Clock::time_point at, std::function<void()> expired);
  void cancel(const Timer& timer);

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace streamstack::lambda
