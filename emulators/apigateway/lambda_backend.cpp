#include "apigateway/lambda_backend.h"

#include "core/api_error.h"
#include "lambda/function_registry.h"

namespace streamstack::apigateway {

void RegistryLambdaBackend::invoke(const std::string& function_arn, nlohmann::json event,
                                   std::chrono::milliseconds integration_timeout, LambdaCallback done) {
  auto function = registry_.find(function_arn);
  if (!function) return done(std::nullopt);
  auto function_timeout = std::chrono::milliseconds(std::int64_t{function->config.timeout_seconds} * 1000);
  lambda::InvocationOptions options;
  options.timeout = std::min(function_timeout, integration_timeout);
  const bool integration_first = integration_timeout <= function_timeout;
  try {
    registry_.invoke(function->config.name, std::move(event), std::move(options),
                     [done, integration_first](lambda::InvokeResult result) {
                       LambdaOutcome outcome;
                       outcome.integration_timed_out = result.timed_out && integration_first;
                       outcome.result = std::move(result);
                       done(std::move(outcome));
                     });
  } catch (const core::ApiError& error) {
    if (error.code() == "ResourceNotFoundException") return done(std::nullopt);  // deleted meanwhile
    if (error.code() != "TooManyRequestsException") throw;
    LambdaOutcome outcome;
    outcome.throttled = true;
    done(std::move(outcome));
  }
}

}  // namespace streamstack::apigateway
