#pragma once
// How the data plane calls the function of an AWS_PROXY integration: the function registry in
// the emulator, a stand-in in tests. The call never blocks: the answer arrives through a
// callback, so the HTTP session that asked is free until the function is done.
#include "lambda/invocation.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace streamstack::lambda {
class FunctionRegistry;
}

namespace streamstack::apigateway {

struct LambdaOutcome {
  lambda::InvokeResult result;
  // The integration's timeout (29 s at most), not the function's own, ended the call: API
  // Gateway answers 504 then, and 502 when the function timed out first.
  bool integration_timed_out = false;
  // Lambda refused the invocation (TooManyRequestsException): the function never ran, and API
  // Gateway answers 500 Internal server error.
  bool throttled = false;
};

// nullopt when no function has that ARN.
using LambdaCallback = std::function<void(std::optional<LambdaOutcome>)>;

class LambdaBackend {
 public:
  virtual ~LambdaBackend() = default;
  // Calls `done` exactly once: before returning (no such function, throttled) or later, from
  // the thread that ended the invocation.
  virtual void invoke(const std::string& function_arn, nlohmann::json event,
                      std::chrono::milliseconds integration_timeout, LambdaCallback done) = 0;
};

// Invokes through FunctionRegistry, with a deadline of min(function Timeout, integration timeout).
class RegistryLambdaBackend : public LambdaBackend {
 public:
  explicit RegistryLambdaBackend(lambda::FunctionRegistry& registry) : registry_(registry) {}
  void invoke(const std::string& function_arn, nlohmann::json event, std::chrono::milliseconds integration_timeout,
              LambdaCallback done) override;

 private:
  lambda::FunctionRegistry& registry_;
};

}  // namespace streamstack::apigateway
