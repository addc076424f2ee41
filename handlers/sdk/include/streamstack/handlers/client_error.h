#pragma once
// The error an in-process AWS call throws when the service answers with an error. Shaped like
// botocore's ClientError, so a handler's failure reads as the seed's Python handlers' would on
// AWS: "An error occurred (AccessDeniedException) when calling the GetItem operation: ...".
#include <stdexcept>
#include <string>
#include <utility>

namespace streamstack::handlers {

class ClientError : public std::runtime_error {
 public:
  ClientError(std::string code, std::string message, std::string operation, int http_status)
      : std::runtime_error("An error occurred (" + code + ") when calling the " + operation +
                           " operation: " + message),
        code_(std::move(code)),
        message_(std::move(message)),
        operation_(std::move(operation)),
        http_status_(http_status) {}

  // AWS's error code, e.g. "ConditionalCheckFailedException".
  const std::string& code() const { return code_; }
  // AWS's message, exactly as the service sent it.
  const std::string& message() const { return message_; }
  const std::string& operation() const { return operation_; }
  int http_status() const { return http_status_; }

 private:
  std::string code_;
  std::string message_;
  std::string operation_;
  int http_status_;
};

}  // namespace streamstack::handlers
