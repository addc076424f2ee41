#pragma once
// One invocation as its caller (Invoke, API Gateway, the stream dispatcher) sees it: what to
// pass, and what comes back.
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace streamstack::lambda {

struct InvocationOptions {
  // Overrides the function's Timeout; unset for Lambda's behaviour.
  std::optional<std::chrono::milliseconds> timeout;
  // Collects the last 4 KB of the invocation's log (Invoke's X-Amz-Log-Type: Tail).
  bool tail_log = false;
  // X-Amz-Client-Context, decoded.
  std::string client_context;
  // The invocation's request id; empty for a new UUID.
  std::string request_id;
};

struct InvokeResult {
  // The handler returned normally.
  bool ok = false;
  // The function's response; on a function error, Lambda's error document
  // ({"errorMessage", "errorType", "stackTrace"}).
  nlohmann::json payload;
  // The same as Invoke returns it, byte for byte.
  std::string payload_text;
  // "Unhandled" when the handler threw or timed out (X-Amz-Function-Error); else empty.
  std::string function_error;
  std::string error_type;
  std::string error_message;
  bool timed_out = false;
  // Only with InvocationOptions::tail_log: raw text, not base64.
  std::string log_tail;
  std::chrono::microseconds duration{0};
  std::string request_id;
};

// Receives an invocation's result exactly once, on the thread that ended it (a function worker
// when the code returned, the deadline thread when it timed out). It must return quickly: an
// HTTP session posts the answer to its own executor and writes it there.
using InvokeCallback = std::function<void(InvokeResult)>;

}  // namespace streamstack::lambda
