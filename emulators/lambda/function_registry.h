#pragma once
// The functions of the emulator and the one way to run them. Invoke (HTTP), API Gateway and the
// stream dispatcher all go through `invoke`, which never blocks its caller:
//
//   invoke(name, event, options, done)
//     1. looks the function up            (throws ResourceNotFoundException)
//     2. takes one concurrent execution   (throws TooManyRequestsException; see concurrency.h)
//     3. arms the deadline on a timer and hands the invocation to the function's backend
//        (function_backend.h), then returns
//     4. later, on the thread that ends it, `done(result)`: the function's result, its error, or
//        Lambda's timeout error at the deadline. Exactly once.
//
// An HTTP session therefore only parses, routes and writes: it hands the invocation off and
// resumes on its own executor when `done` is called. The synchronous `invoke` is that plus a
// wait, for callers on threads of their own (the dispatcher's batch workers, tests), never for
// an I/O thread.
#include "core/json_service.h"
#include "handlers/sdk/host/handler_registry.h"
#include "lambda/concurrency.h"
#include "lambda/deadlines.h"
#include "lambda/function.h"
#include "lambda/function_backend.h"
#include "lambda/invocation.h"
#include "lambda/log_sink.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::lambda {

class FunctionRegistry {
 public:
  struct Options {
    // The account's concurrent executions (--lambda-concurrency).
    int concurrency_limit = Concurrency::kDefaultAccountLimit;
    // Threads for in-process handlers; 0 = the concurrency limit plus room for handlers still
    // running past their timeout (a C++ handler cannot be stopped).
    std::size_t max_threads = 0;
  };

  // `dynamodb` serves the handlers' in-process DynamoDB calls; both must outlive the registry.
  FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb, Options options);
  FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb);
  ~FunctionRegistry();
  FunctionRegistry(const FunctionRegistry&) = delete;
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // Creates a function whose handler is registered (loading config.code_path first when set).
  // Returns false, changing nothing, when a function of that name exists: applying a stack
  // twice is harmless. Throws std::invalid_argument for an unknown handler and
  // handlers::HandlerLibraryError for a library that cannot be used.
  bool create_function(FunctionConfig config);
  // Creates the function, or replaces the one of that name (a template deploy updating it).
  // Invocations already running finish with the configuration they started with.
  void put_function(FunctionConfig config);
  // Deletes every function and every reservation of concurrency (reset).
  void clear();

  // By name, full ARN (qualified with $LATEST or not) or partial ARN; nullptr when absent.
  std::shared_ptr<const Function> find(std::string_view name_or_arn) const;
  // The same, throwing Lambda's ResourceNotFoundException ("Function not found: <arn>").
  std::shared_ptr<const Function> get(std::string_view name_or_arn) const;
  // In name order.
  std::vector<std::shared_ptr<const Function>> list() const;

  // Starts the function and returns at once; `done` gets the result (see above). Throws
  // ResourceNotFoundException or TooManyRequestsException, and then nothing has started.
  void invoke(const std::string& function_name, nlohmann::json event, InvocationOptions options,
              InvokeCallback done);
  // The same, waiting for the result (at most the function's Timeout, or options.timeout).
  // Never on an I/O thread.
  InvokeResult invoke(const std::string& function_name, const nlohmann::json& event,
                      InvocationOptions options = {});
  // Invoke's Event type: queued, and its request id returned at once; the result only reaches
  // the log. A throttled event waits and is tried again, backing off from 1 s to 5 minutes, for
  // up to 6 hours (Lambda's asynchronous queue).
  std::string invoke_event(const std::string& function_name, nlohmann::json event, InvocationOptions options = {});

  // From now on no result is handed on, no log line written, no AWS call served: what still runs
  // is abandoned (shutdown; the destructor does it too). Waits for results being handed on.
  void close();

  Concurrency& concurrency() { return concurrency_; }

  // Receives every log line of every invocation from now on (CloudWatch Logs).
  void set_log_sink(std::shared_ptr<InvocationLogSink> sink);

  handlers::HandlerRegistry& handlers() { return handlers_; }

 private:
  std::shared_ptr<const Function> make_function(FunctionConfig config) const;
  FunctionBackend& backend_for(const Function& function);
  void arm(const std::shared_ptr<Invocation>& invocation, Deadlines::Clock::time_point at);
  void queue_event(std::string function_name, nlohmann::json event, InvocationOptions options,
                   Deadlines::Clock::time_point queued_at, std::chrono::milliseconds backoff);
  void retry_event(std::string function_name, nlohmann::json event, InvocationOptions options,
                   Deadlines::Clock::time_point queued_at, std::chrono::milliseconds backoff);

  handlers::HandlerRegistry& handlers_;
  std::shared_ptr<detail::Gate> gate_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const Function>, std::less<>> functions_;
  Concurrency concurrency_;
  InProcessBackend in_process_;
  // Last: destroyed first, so no timer fires into what has gone.
  Deadlines deadlines_;
};

// Splits a FunctionName as Lambda accepts it (name, name:qualifier, full or partial ARN) into
// the function's name and qualifier.
std::pair<std::string, std::string> parse_function_name(std::string_view name_or_arn);

}  // namespace streamstack::lambda
