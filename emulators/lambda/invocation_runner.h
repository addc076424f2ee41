#pragma once
// The machinery of one invocation, shared between the pool thread running the handler and the
// thread waiting for its result. The waiter gives up at the deadline (a handler thread cannot
// be killed); from then on the handler's log lines are dropped and its AWS calls refused, as if
// Lambda had stopped its sandbox. Whichever side ends the invocation first (the handler
// returning, or the deadline) writes END and REPORT, exactly once.
#include "core/json_service.h"
#include "lambda/function.h"
#include "lambda/invocation.h"
#include "lambda/log_sink.h"
#include "streamstack/handlers/context.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace streamstack::lambda::detail {

// What invocations reach outside themselves. Closed when the registry goes away, so a handler
// still running then touches nothing that is gone.
struct Gate {
  std::shared_mutex mutex;
  bool open = true;
  core::JsonService* dynamodb = nullptr;
  std::shared_ptr<InvocationLogSink> sink;
};

class Invocation final : public handlers::InvocationHost {
 public:
  Invocation(std::shared_ptr<const Function> function, std::shared_ptr<Gate> gate, nlohmann::json event,
             InvocationOptions options);

  // On a pool thread.
  void run();
  // On the caller's thread: the result, or Lambda's timeout error at the deadline.
  InvokeResult wait();

  const std::string& request_id() const { return request_id_; }
  const std::string& function_name() const { return function_->config.name; }

  void log(std::string_view line) noexcept override;
  handlers::ServiceOutcome call(std::string_view service, std::string_view operation,
                                const nlohmann::json& input) noexcept override;

 private:
  // Writes one log line; `handler_line`s are dropped once the invocation has ended.
  void emit(std::string_view line, bool handler_line);
  void report(std::chrono::microseconds duration, bool timed_out);
  void fill_context(handlers::Context& context) const;
  InvokeResult result_of_outcome();
  InvokeResult timeout_result();
  bool ended() const;

  std::shared_ptr<const Function> function_;
  std::shared_ptr<Gate> gate_;
  nlohmann::json event_;
  InvocationOptions options_;
  std::string request_id_;
  std::chrono::milliseconds timeout_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::chrono::steady_clock::time_point submitted_;
  std::chrono::steady_clock::time_point started_at_;
  bool started_ = false;
  bool returned_ = false;   // the handler returned before the deadline
  bool abandoned_ = false;  // the deadline passed first
  bool reported_ = false;   // END and REPORT written after the handler returned
  handlers::HandlerOutcome outcome_;
  std::chrono::microseconds duration_{0};
  std::string log_;  // for the tail
};

}  // namespace streamstack::lambda::detail
