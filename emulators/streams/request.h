#pragma once
// Reading and validating a Streams API request, in the order DynamoDB's front end does it: the
// JSON types of the members (SerializationException, at the first wrong one), then the model's
// constraints, all collected into one ValidationException
// ("2 validation errors detected: Value '...' at 'streamArn' failed to satisfy constraint: ...;
// Value ..."), then each operation's own checks.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::streams {

// Members of a request after their JSON types were checked. A member sent as null is absent, as
// AWS's parser reads it.
class Request {
 public:
  explicit Request(const nlohmann::json& input) : input_(input) {}

  // Throw SerializationException with AWS's words when the member has the wrong JSON type.
  const std::string* string(std::string_view member) const;
  std::optional<std::int64_t> integer(std::string_view member) const;
  const nlohmann::json* structure(std::string_view member) const;

 private:
  const nlohmann::json& input_;
};

class ConstraintErrors {
 public:
  // "Value null at '<member>' failed to satisfy constraint: Member must not be null"
  void required(const std::string* value, std::string_view member);
  // The model's length bounds of a string member (absent: no error).
  void length(const std::string* value, std::string_view member, std::size_t min,
              std::size_t max);
  // The model's lower bound of an integer member (PositiveIntegerObject: 1).
  void at_least(std::optional<std::int64_t> value, std::string_view member, std::int64_t min);
  // "Member must satisfy enum value set: [A, B]"
  void one_of(const std::string* value, std::string_view member,
              const std::vector<std::string_view>& values);
  // TableName's pattern [a-zA-Z0-9_.-]+
  void table_name(const std::string* value, std::string_view member);

  // Throws the ValidationException when any error was added.
  void throw_if_any() const;

 private:
  void add(std::string_view value, std::string_view member, std::string_view constraint,
           bool null_value = false);
  std::vector<std::string> errors_;
};

}  // namespace streamstack::streams
