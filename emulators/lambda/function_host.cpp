// A handler's in-process AWS calls: authorized against the function's execution role first,
// as IAM does before the service sees the request, then run by the same operation code an
// HTTP request reaches, as the role's assumed-role principal.
#include "core/ids.h"
#include "lambda/invocation_runner.h"
#include "lambda/policy.h"

#include <spdlog/spdlog.h>

namespace streamstack::lambda {
namespace {

handlers::ServiceOutcome failure(const core::ApiError& error) {
  handlers::ServiceOutcome outcome;
  outcome.output = nullptr;
  outcome.error_code = error.code();
  outcome.error_message = error.message();
  outcome.http_status = error.http_status();
  return outcome;
}

}  // namespace

handlers::ServiceOutcome Invocation::call(std::string_view service, std::string_view operation,
                                          const nlohmann::json& input) noexcept {
  const auto& f = *function_;
  try {
    if (service != "dynamodb")
      return failure(core::ApiError(400, "", "UnknownServiceException",
                                    "No in-process client for service " + std::string(service)));
    // In AWS the sandbox is frozen once the invocation has timed out; nothing it does after
    // that may change state.
    if (ended())
      return failure(core::ApiError(400, "", "TaskTimedOut",
                                    "The invocation " + request_id_ + " has ended; its calls are refused"));
    for (const auto& [action, resource] :
         dynamodb_authorizations(operation, input, f.config.region, f.config.account)) {
      auto decision = evaluate(f.config.role.statements, action, resource);
      if (decision != Decision::kAllow) return failure(access_denied(f.principal_arn, action, resource, decision));
    }
    std::shared_lock gate(gate_->mutex);
    if (!gate_->open || !gate_->dynamodb)
      return failure(core::ApiError(503, "", "ServiceUnavailable", "The emulator is stopping"));
    core::RequestContext context;
    context.account_id = f.config.account;
    context.region = f.config.region;
    context.request_id = core::new_request_id();
    context.principal_arn = f.principal_arn;
    auto request = input;
    handlers::ServiceOutcome outcome;
    outcome.output = gate_->dynamodb->invoke(context, operation, request);
    return outcome;
  } catch (const core::ApiError& error) {
    return failure(error);
  } catch (const std::exception& error) {
    spdlog::error("[{}] {} {} failed: {}", f.config.name, service, operation, error.what());
    return failure(core::ApiError::internal());
  }
}

}  // namespace streamstack::lambda
