#pragma once
// The request and response types of awslabs/aws-lambda-cpp (include/aws/lambda-runtime/
// runtime.h), member for member, header-only. A function written for that runtime compiles
// unchanged against them (include <aws/lambda-runtime/runtime.h> from this SDK) and is
// registered with Registrar::register_runtime_handler instead of being passed to run_handler.
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace streamstack::handlers::lambda_runtime {

struct invocation_request {
  // The event as UTF-8 JSON text.
  std::string payload;
  std::string request_id;
  std::string xray_trace_id;
  std::string client_context;
  std::string cognito_identity;
  std::string function_arn;
  std::chrono::time_point<std::chrono::system_clock> deadline;

  std::chrono::milliseconds get_time_remaining() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(deadline - system_clock::now());
  }
};

class invocation_response {
 public:
  static invocation_response success(std::string const& payload, std::string const& content_type) {
    invocation_response r;
    r.m_success = true;
    r.m_content_type = content_type;
    r.m_payload = payload;
    return r;
  }

  // The error document aws-lambda-cpp posts, byte for byte (its space before "stackTrace"
  // included), which Lambda returns to the caller as the payload.
  static invocation_response failure(std::string const& error_message, std::string const& error_type) {
    invocation_response r;
    r.m_success = false;
    r.m_content_type = "application/json";
    r.m_payload = "{\"errorMessage\":" + nlohmann::json(error_message).dump() +
                  ",\"errorType\":" + nlohmann::json(error_type).dump() + ", \"stackTrace\":[]}";
    return r;
  }

  std::string const& get_content_type() const { return m_content_type; }
  std::string const& get_payload() const { return m_payload; }
  bool is_success() const { return m_success; }

 private:
  invocation_response() = default;

  std::string m_payload;
  std::string m_content_type;
  bool m_success = false;
};

}  // namespace streamstack::handlers::lambda_runtime
