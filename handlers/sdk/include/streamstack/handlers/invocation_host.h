#pragma once
// The emulator's side of one invocation, as a handler sees it. The emulator implements it; the
// SDK's Context and clients call it. Every member is noexcept, so no exception ever crosses the
// boundary between the emulator and a separately built handler library.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace streamstack::handlers {

// The answer to one in-process AWS call: the operation's output, or AWS's error.
struct ServiceOutcome {
  nlohmann::json output;
  std::string error_code;  // e.g. "AccessDeniedException"; empty on success
  std::string error_message;
  int http_status = 200;

  bool ok() const { return error_code.empty(); }
};

class InvocationHost {
 public:
  // A line of the function's log.
  virtual void log(std::string_view line) noexcept = 0;
  // Runs `operation` of `service` ("dynamodb") under the function's role.
  virtual ServiceOutcome call(std::string_view service, std::string_view operation,
                              const nlohmann::json& input) noexcept = 0;

 protected:
  ~InvocationHost() = default;
};

}  // namespace streamstack::handlers
