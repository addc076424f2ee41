#include "apigateway/lambda_backend.h"

#include "lambda/function_registry.h"

namespace streamstack::apigateway {

std::optional<LambdaOutcome> RegistryLambdaBackend::invoke(const std::string& function_arn, const nlohmann::json& event,
                                                           std::chrono::milliseconds integration_timeout) {
  auto function = registry_.find(function_arn);
  if (!function) return std::nullopt;
  auto function_timeout = std::chrono::milliseconds(std::int64_t{function->config.timeout_seconds} * 1000);
  lambda::InvocationOptions options;
  options.timeout = std::min(function_timeout, integration_timeout);
  LambdaOutcome outcome;
  outcome.result = registry_.invoke(function->config.name, event, options);
  outcome.integration_timed_out = outcome.result.timed_out && integration_timeout <= function_timeout;
  return outcome;
}

}  // namespace streamstack::apigateway
