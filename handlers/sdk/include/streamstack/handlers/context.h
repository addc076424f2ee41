#pragma once
// What a handler gets besides its event: Lambda's context object (request id, function name
// and ARN, memory, deadline, environment), a logger, and AWS clients that call the emulator
// in-process under the function's execution role.
//
// Everything here is header-only: a handler library built on its own (see abi.h) needs no
// symbol from the emulator. The emulator reaches the handler only through InvocationHost.
#include "streamstack/handlers/dynamodb_client.h"
#include "streamstack/handlers/invocation_host.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamstack::handlers {

class Context {
 public:
  explicit Context(InvocationHost& host) : dynamodb(host), host_(&host) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  std::string aws_request_id;
  std::string function_name;
  std::string function_version = "$LATEST";
  // The ARN the caller invoked (Lambda's invoked_function_arn).
  std::string function_arn;
  int memory_limit_in_mb = 128;
  std::string log_group_name;
  std::string log_stream_name;
  std::string xray_trace_id;
  // The caller's X-Amz-Client-Context, decoded from base64; empty when none was sent.
  std::string client_context;
  // When Lambda stops waiting for the handler (its Timeout after the start).
  std::chrono::system_clock::time_point deadline;
  // The function's variables plus those Lambda itself sets (AWS_REGION,
  // AWS_LAMBDA_FUNCTION_NAME, ...).
  std::map<std::string, std::string, std::less<>> environment;

  // Calls DynamoDB under the function's role; an action the role does not allow throws
  // ClientError with AccessDeniedException, as on AWS.
  DynamoDbClient dynamodb;

  std::int64_t get_remaining_time_in_millis() const {
    using namespace std::chrono;
    auto left = duration_cast<milliseconds>(deadline - system_clock::now()).count();
    return left > 0 ? left : 0;
  }

  // os.environ[name]: throws std::out_of_range when the variable is not set.
  std::string env(std::string_view name) const {
    auto it = environment.find(name);
    if (it == environment.end())
      throw std::out_of_range("environment variable " + std::string(name) + " is not set");
    return it->second;
  }
  // os.environ.get(name, fallback).
  std::string env(std::string_view name, std::string_view fallback) const {
    auto it = environment.find(name);
    return it == environment.end() ? std::string(fallback) : it->second;
  }

  // One line of the function's log: the server log and the function's log group.
  void log(std::string_view line) const { host_->log(line); }

 private:
  InvocationHost* host_;
};

}  // namespace streamstack::handlers
