#pragma once
// Where a function's code runs. An invocation is an event in and a result out, asynchronously,
// with a deadline; the split of work is:
//
//   FunctionRegistry   admits it (concurrency), keeps its deadline on a timer, writes START /
//                      END / REPORT, and hands the result to whoever invoked
//   FunctionBackend    runs the code: start() returns at once; later the backend calls
//                      invocation->begin() when the code starts (and runs nothing if it answers
//                      false: the deadline has passed) and invocation->end(outcome) when it
//                      returns. Log lines go to invocation->log(). Calls after the deadline are
//                      ignored, so a backend never has to know about timeouts.
//
// Nothing here blocks the caller: an HTTP session hands an invocation off and writes the answer
// when the result arrives. The in-process backend runs C++ handlers on a worker pool; a backend
// for function processes (the Lambda Runtime API) would begin() when a runtime fetches the
// event and end() when it posts the response or error.
#include "lambda/invocation_runner.h"
#include "lambda/worker_pool.h"

#include <memory>

namespace streamstack::lambda {

class FunctionBackend {
 public:
  virtual ~FunctionBackend() = default;
  virtual void start(std::shared_ptr<Invocation> invocation) = 0;
};

// C++ handlers (linked in or loaded from a handler library) called on the worker pool, each
// with the invocation as its host: its log lines and in-process AWS calls go through it.
class InProcessBackend : public FunctionBackend {
 public:
  explicit InProcessBackend(WorkerPool::Options pool = {}) : pool_(pool) {}
  void start(std::shared_ptr<Invocation> invocation) override;

 private:
  WorkerPool pool_;
};

}  // namespace streamstack::lambda
