#pragma once
// The functions of the emulator and the one way to run them. Invoke (HTTP), the stream
// dispatcher and API Gateway all call `invoke`: the handler runs on the worker pool, never on
// the caller's thread, and the caller waits at most the function's Timeout.
#include "core/json_service.h"
#include "handlers/sdk/host/handler_registry.h"
#include "lambda/function.h"
#include "lambda/invocation.h"
#include "lambda/log_sink.h"
#include "lambda/worker_pool.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::lambda {

namespace detail {
struct Gate;
}

class FunctionRegistry {
 public:
  // `dynamodb` serves the handlers' in-process DynamoDB calls; both must outlive the registry.
  FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb,
                   WorkerPool::Options pool = {});
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
  // Deletes every function (reset).
  void clear();

  // By name, full ARN (qualified with $LATEST or not) or partial ARN; nullptr when absent.
  std::shared_ptr<const Function> find(std::string_view name_or_arn) const;
  // The same, throwing Lambda's ResourceNotFoundException ("Function not found: <arn>").
  std::shared_ptr<const Function> get(std::string_view name_or_arn) const;
  // In name order.
  std::vector<std::shared_ptr<const Function>> list() const;

  // Runs the function and waits for its result, at most its Timeout (or options.timeout).
  // Throws ResourceNotFoundException for an unknown function; every failure of the function
  // itself (throwing, timing out) is in the result.
  InvokeResult invoke(const std::string& function_name, const nlohmann::json& event,
                      InvocationOptions options = {});
  // Invoke's Event type: queues the invocation and returns its request id at once. The result
  // only reaches the log.
  std::string invoke_async(const std::string& function_name, nlohmann::json event,
                           InvocationOptions options = {});

  // Receives every log line of every invocation from now on (CloudWatch Logs).
  void set_log_sink(std::shared_ptr<InvocationLogSink> sink);

  handlers::HandlerRegistry& handlers() { return handlers_; }

 private:
  std::shared_ptr<const Function> make_function(FunctionConfig config) const;

  handlers::HandlerRegistry& handlers_;
  std::shared_ptr<detail::Gate> gate_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const Function>, std::less<>> functions_;
  // Last: destroyed first, so it stops before what its tasks would reach.
  WorkerPool pool_;
};

// Splits a FunctionName as Lambda accepts it (name, name:qualifier, full or partial ARN) into
// the function's name and qualifier.
std::pair<std::string, std::string> parse_function_name(std::string_view name_or_arn);

}  // namespace streamstack::lambda
