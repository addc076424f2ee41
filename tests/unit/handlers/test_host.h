#pragma once
// An InvocationHost for running handlers directly in tests: logs are kept in `lines`, AWS
// calls go to a FakeDynamoDb with no role in the way.
#include "core/api_error.h"
#include "streamstack/handlers/sdk.h"
#include "support/fake_dynamodb.h"

#include <chrono>
#include <string>
#include <vector>

namespace streamstack::testing {

class TestHost : public handlers::InvocationHost {
 public:
  explicit TestHost(FakeDynamoDb& dynamodb) : dynamodb_(dynamodb) {}

  std::vector<std::string> lines;

  void log(std::string_view line) noexcept override { lines.emplace_back(line); }

  handlers::ServiceOutcome call(std::string_view, std::string_view operation,
                                const nlohmann::json& input) noexcept override {
    handlers::ServiceOutcome outcome;
    try {
      auto request = input;
      outcome.output = dynamodb_.invoke(core::RequestContext{}, operation, request);
    } catch (const core::ApiError& e) {
      outcome.error_code = e.code();
      outcome.error_message = e.message();
      outcome.http_status = e.http_status();
    }
    return outcome;
  }

 private:
  FakeDynamoDb& dynamodb_;
};

// A Context as Lambda fills it for a function with TABLE=stream-demo-table.
inline void fill_test_context(handlers::Context& context) {
  context.aws_request_id = "8f5a1c2e-0000-4000-8000-000000000001";
  context.function_name = "test_function";
  context.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:test_function";
  context.deadline = std::chrono::system_clock::now() + std::chrono::seconds(3);
  context.environment = {{"TABLE", "stream-demo-table"}};
}

}  // namespace streamstack::testing
