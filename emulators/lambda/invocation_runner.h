#pragma once
// One invocation from admission to result, shared by the registry (which keeps its deadline),
// the backend running its code, and nobody waiting: the result goes to a callback.
//
//   queued ──begin()──▶ running ──end(outcome)──▶ returned     result: the function's
//      │                   │
//      └──── the deadline passes first ─────────▶ timed out    result: Lambda's timeout error
//
// Whichever side gets there first ends the invocation: it writes END and REPORT and hands the
// result on, exactly once. The deadline counts from admission while the invocation waits for
// the code to start, then a whole Timeout from the start. A handler thread cannot be killed: past
// the deadline its log lines are dropped, its AWS calls refused and its result ignored, as if
// Lambda had stopped its sandbox.
#include "core/json_service.h"
#include "lambda/deadlines.h"
#include "lambda/function.h"
#include "lambda/invocation.h"
#include "lambda/log_sink.h"
#include "streamstack/handlers/context.h"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

namespace streamstack::lambda {

namespace detail {

// What invocations reach outside themselves. Closed when the registry goes away, so a handler
// still running then touches nothing that is gone, and no result is handed on any more.
struct Gate {
  std::shared_mutex mutex;
  bool open = true;
  core::JsonService* dynamodb = nullptr;
  std::shared_ptr<InvocationLogSink> sink;
};

}  // namespace detail

class Invocation final : public handlers::InvocationHost {
 public:
  using Clock = std::chrono::steady_clock;

  Invocation(std::shared_ptr<const Function> function, std::shared_ptr<detail::Gate> gate, nlohmann::json event,
             InvocationOptions options, InvokeCallback done);

  // --- What a FunctionBackend uses.
  const Function& function() const { return *function_; }
  const nlohmann::json& event() const { return event_; }
  const std::string& request_id() const { return request_id_; }
  // The code starts now. False when the invocation timed out before it could: run nothing then.
  bool begin();
  // The code returned `outcome`. Ignored once the invocation has timed out.
  void end(handlers::HandlerOutcome outcome);
  // The Context an in-process handler gets (request id, deadline, environment, ...).
  void fill_context(handlers::Context& context) const;

  // --- What the registry uses.
  // Runs once the invocation has ended, before the result is handed on: the registry gives the
  // concurrency back and cancels the timer.
  void on_ended(std::function<void()> ended) { ended_ = std::move(ended); }
  // The first moment the deadline may have passed.
  Clock::time_point first_deadline() const { return submitted_ + timeout_; }
  // The timer fired at `now`: ends the invocation with Lambda's timeout error if its deadline
  // has passed; else answers when to look again. nullopt once it has ended.
  std::optional<Clock::time_point> expire(Clock::time_point now);
  void set_timer(Deadlines::Timer timer);
  Deadlines::Timer timer() const;

  // --- handlers::InvocationHost: what in-process code calls.
  void log(std::string_view line) noexcept override;
  handlers::ServiceOutcome call(std::string_view service, std::string_view operation,
                                const nlohmann::json& input) noexcept override;

 private:
  enum class Phase { kQueued, kRunning, kReturned, kTimedOut };

  // Writes one log line; `handler_line`s are dropped once the invocation has ended.
  void emit(std::string_view line, bool handler_line);
  void report(std::chrono::microseconds duration, bool timed_out);
  void finish(InvokeResult result);
  InvokeResult result_of_outcome();
  InvokeResult timeout_result();
  std::string log_tail();
  bool ended() const;

  std::shared_ptr<const Function> function_;
  std::shared_ptr<detail::Gate> gate_;
  nlohmann::json event_;
  InvocationOptions options_;
  InvokeCallback done_;
  std::function<void()> ended_;
  std::string request_id_;
  std::chrono::milliseconds timeout_;
  Clock::time_point submitted_;

  mutable std::mutex mutex_;
  Phase phase_ = Phase::kQueued;
  Clock::time_point started_at_;
  handlers::HandlerOutcome outcome_;
  std::chrono::microseconds duration_{0};
  Deadlines::Timer timer_;
  std::string log_;  // for the tail
};

}  // namespace streamstack::lambda
