#pragma once
// A handler is a C++ callable from the event to a JSON result; throwing is Lambda's
// "Unhandled" function error. Handlers are registered by the name a function's configuration
// gives (`handler.handler`, `put_handler.handler`, ...) through a Registrar, the same way
// whether they are linked into the emulator or loaded from a library (abi.h).
#include "streamstack/handlers/client_error.h"
#include "streamstack/handlers/context.h"
#include "streamstack/handlers/lambda_runtime.h"

#include <nlohmann/json.hpp>

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace streamstack::handlers {

using Handler = std::function<nlohmann::json(const nlohmann::json& event, Context& context)>;
using RuntimeHandler =
    std::function<lambda_runtime::invocation_response(const lambda_runtime::invocation_request&)>;
using RuntimeHandlerWithContext = std::function<lambda_runtime::invocation_response(
    const lambda_runtime::invocation_request&, Context&)>;

// What one invocation produced: a result, or the error Lambda reports as "Unhandled".
struct HandlerOutcome {
  bool ok = true;
  nlohmann::json result;
  // The payload's exact bytes when the handler produced text rather than JSON (runtime
  // handlers); when set it is what Invoke returns.
  std::optional<std::string> payload;
  std::string error_type;
  std::string error_message;
};

// A registered handler as the emulator calls it. Never throws: the wrapper built by
// Registrar (compiled into the handler's own library) turns exceptions into the outcome.
using Invoker = std::function<HandlerOutcome(const nlohmann::json& event, Context& context)>;

namespace detail {

// The thrown type's name as errorType: "std::runtime_error", "ClientError", ...
inline std::string current_exception_type() {
  auto* type = abi::__cxa_current_exception_type();
  if (!type) return "Unknown";
  int status = 0;
  char* demangled = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : type->name();
  std::free(demangled);
  constexpr std::string_view kOwn = "streamstack::handlers::";
  if (name.compare(0, kOwn.size(), kOwn) == 0) name.erase(0, kOwn.size());
  return name;
}

template <typename Body>
HandlerOutcome guarded(Body&& body) noexcept {
  HandlerOutcome outcome;
  try {
    body(outcome);
  } catch (const std::exception& e) {
    outcome = HandlerOutcome{false, nullptr, std::nullopt, current_exception_type(), e.what()};
  } catch (...) {
    // Anything thrown is the function's error, whatever its type; it must not reach the host.
    outcome = HandlerOutcome{false, nullptr, std::nullopt, current_exception_type(), ""};
  }
  return outcome;
}

inline lambda_runtime::invocation_request runtime_request(const nlohmann::json& event,
                                                          const Context& context) {
  lambda_runtime::invocation_request request;
  request.payload = event.dump();
  request.request_id = context.aws_request_id;
  request.xray_trace_id = context.xray_trace_id;
  request.client_context = context.client_context;
  request.function_arn = context.function_arn;
  request.deadline = context.deadline;
  return request;
}

inline void take_runtime_response(const lambda_runtime::invocation_response& response,
                                  HandlerOutcome& outcome) {
  outcome.payload = response.get_payload();
  if (response.is_success()) return;
  outcome.ok = false;
  auto error = nlohmann::json::parse(response.get_payload(), nullptr, false);
  if (error.is_object()) {
    outcome.error_type = error.value("errorType", "");
    outcome.error_message = error.value("errorMessage", "");
  }
}

}  // namespace detail

class Registrar {
 public:
  void register_handler(std::string name, Handler handler) {
    add(std::move(name), [handler = std::move(handler)](const nlohmann::json& event, Context& context) {
      return detail::guarded([&](HandlerOutcome& outcome) { outcome.result = handler(event, context); });
    });
  }

  // An aws-lambda-cpp handler: it gets the event as text and answers
  // invocation_response::success(...) or ::failure(...).
  void register_runtime_handler(std::string name, RuntimeHandler handler) {
    add(std::move(name), [handler = std::move(handler)](const nlohmann::json& event, Context& context) {
      return detail::guarded([&](HandlerOutcome& outcome) {
        detail::take_runtime_response(handler(detail::runtime_request(event, context)), outcome);
      });
    });
  }

  // The same, for a handler that also wants the Context (logger, DynamoDB client).
  void register_runtime_handler(std::string name, RuntimeHandlerWithContext handler) {
    add(std::move(name), [handler = std::move(handler)](const nlohmann::json& event, Context& context) {
      return detail::guarded([&](HandlerOutcome& outcome) {
        detail::take_runtime_response(handler(detail::runtime_request(event, context), context),
                                      outcome);
      });
    });
  }

  // Reports why registration failed (the emulator names the library and this message).
  virtual void report_error(std::string_view message) noexcept = 0;

 protected:
  ~Registrar() = default;
  virtual void add(std::string name, Invoker invoker) noexcept = 0;
};

}  // namespace streamstack::handlers
