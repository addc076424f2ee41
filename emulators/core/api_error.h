#pragma once
// The one error type of every emulated service. It is thrown where the fault is found and
// rendered once per protocol at the edge (server/): `__type` + `message` for JSON 1.0/1.1,
// `x-amzn-ErrorType` + `{"message"}` for REST JSON.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace streamstack::core {

class ApiError : public std::runtime_error {
 public:
  // `type_prefix` is what AWS puts before the code in `__type`
  // (e.g. "com.amazonaws.dynamodb.v20120810#"); empty for services that send the bare code.
  ApiError(int http_status, std::string type_prefix, std::string code, std::string message,
           nlohmann::json extra = nlohmann::json::object());

  int http_status() const { return http_status_; }
  const std::string& code() const { return code_; }
  const std::string& type_prefix() const { return type_prefix_; }
  // Empty when AWS sends no message (e.g. SerializationException for unparseable JSON).
  const std::string& message() const { return message_; }
  // Members AWS sends beside `message` (CancellationReasons, Item, ...).
  const nlohmann::json& extra() const { return extra_; }
  // The key AWS uses for the text: most models say "message", a few "Message".
  const std::string& message_key() const { return message_key_; }
  ApiError& with_message_key(std::string key) {
    message_key_ = std::move(key);
    return *this;
  }

  std::string wire_type() const { return type_prefix_ + code_; }

  // Errors of the AWS request layer ("coral"), shared by every JSON service.
  static constexpr const char* kCoralService = "com.amazon.coral.service#";
  static constexpr const char* kCoralValidate = "com.amazon.coral.validate#";
  static ApiError serialization(std::string message);
  static ApiError unknown_operation(std::string message = "");
  static ApiError missing_authentication_token(std::string message);
  static ApiError incomplete_signature(std::string message);
  static ApiError internal(std::string message = "Internal server error");

 private:
  int http_status_;
  std::string type_prefix_;
  std::string code_;
  std::string message_;
  nlohmann::json extra_;
  std::string message_key_ = "message";
};

}  // namespace streamstack::core
