#pragma once
// How the data plane calls the function of an AWS_PROXY integration: the function registry in
// the emulator, a stand-in in tests.
#include "lambda/invocation.h"

#include <nlohmann/json.hpp>

#include <chrono>
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
};

class LambdaBackend {
 public:
  virtual ~LambdaBackend() = default;
  // nullopt when no function has that ARN.
  virtual std::optional<LambdaOutcome> invoke(const std::string& function_arn, const nlohmann::json& event,
                                              std::chrono::milliseconds integration_timeout) = 0;
};

// Invokes through FunctionRegistry, waiting at most min(function Timeout, integration timeout).
class RegistryLambdaBackend : public LambdaBackend {
 public:
  explicit RegistryLambdaBackend(lambda::FunctionRegistry& registry) : registry_(registry) {}
  std::optional<LambdaOutcome> invoke(const std::string& function_arn, const nlohmann::json& event,
                                      std::chrono::milliseconds integration_timeout) override;

 private:
  lambda::FunctionRegistry& registry_;
};

}  // namespace streamstack::apigateway
