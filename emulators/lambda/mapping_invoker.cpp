#include "lambda/mapping_invoker.h"

namespace streamstack::lambda {

Invoker mapping_invoker(FunctionRegistry& functions) {
  return [&functions](const EventSourceMapping& mapping, const nlohmann::json& event) {
    try {
      // Kinesis records name the function's execution role, which only the function knows.
      auto function = functions.find(mapping.function_name);
      if (function && mapping.is_kinesis()) {
        auto stamped = event;
        for (auto& record : stamped["Records"]) record["invokeIdentityArn"] = function->role_arn;
        auto result = functions.invoke(mapping.function_name, stamped);
        return InvokeOutcome{!result.ok, std::move(result.payload)};
      }
      auto result = functions.invoke(mapping.function_name, event);
      return InvokeOutcome{!result.ok, std::move(result.payload)};
    } catch (const core::ApiError& error) {
      // Throttled: the batch never reached the function (retried, not counted as an attempt).
      if (error.code() == "TooManyRequestsException")
        return InvokeOutcome{.payload = {{"errorMessage", error.message()}, {"errorType", error.code()}},
                             .throttled = true};
      // The function is gone (or never was): a failed invocation, retried as AWS retries one.
      return InvokeOutcome{true, {{"errorMessage", error.message()}, {"errorType", error.code()}}};
    }
  };
}

}  // namespace streamstack::lambda
