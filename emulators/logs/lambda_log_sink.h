#pragma once
// Lambda's log lines into CloudWatch Logs: every START, handler and END/REPORT line of every
// invocation lands in the log group /aws/lambda/<function> (created on the first line, as
// Lambda does), in the function's log stream of this server run. Lines are queued by the
// invoking thread and written by one writer thread in batches, so logging never slows a handler
// down; readers call `flush()` first to see every line written before their request.
#include "lambda/log_sink.h"
#include "logs/log_store.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace streamstack::logs {

class LambdaLogSink : public lambda::InvocationLogSink {
 public:
  // `scope_of` gives a function's "<account>/<region>"; the store must outlive the sink.
  using ScopeOf = std::function<std::string(const std::string& function_name)>;
  LambdaLogSink(LogStore& store, ScopeOf scope_of);
  ~LambdaLogSink() override;
  LambdaLogSink(const LambdaLogSink&) = delete;
  LambdaLogSink& operator=(const LambdaLogSink&) = delete;

  void write(const lambda::InvocationLogEvent& event) noexcept override;
  // Returns once every line written before the call is stored.
  void flush();

 private:
  struct Line {
    std::string scope;
    lambda::InvocationLogEvent event;
  };
  void run();
  void store_batch(std::vector<Line>& batch);

  LogStore& store_;
  ScopeOf scope_of_;
  std::mutex mutex_;
  static constexpr std::chrono::milliseconds kLinger{5};
  int flush_waiters_ = 0;  // readers in flush(), guarded by mutex_
  std::condition_variable wake_;
  std::condition_variable stored_;
  std::vector<Line> queue_;
  std::uint64_t queued_ = 0;  // lines ever queued
  std::uint64_t done_ = 0;    // lines ever stored (or given up on)
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace streamstack::logs
