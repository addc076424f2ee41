#pragma once
// Kinesis's request validation, in AWS's order (kinesalite index.js and validations/index.js,
// whose tests ran against AWS):
//  1. types (SerializationException, at the first value of the wrong type, with the Java
//     parser's words: "class java.lang.String can not be converted to an Integer");
//  2. the model's constraints, all collected and thrown together (at most 10):
//     "2 validation errors detected: Value null at 'shardCount' failed to satisfy constraint:
//      Member must not be null; Value ..."
//  3. each operation's own checks (InvalidArgumentException and friends).
// Steps 1 and 2 are driven by the model (model/shapes.h). Afterwards the input holds only known
// members of the right types, normalised for both protocols: blobs are json binary (base64 text
// decoded), timestamps integer epoch milliseconds, integers clamped to their Java range.
#include "core/request_context.h"
#include "kinesis/model/shapes.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::kinesis {

class ConstraintErrors {
 public:
  // `value` as AWS prints it (quoted in the message); `path` lowerCamelCase, list elements
  // 1-based: "records.1.member.partitionKey".
  void add(std::string_view value, std::string_view path, std::string_view constraint);
  void add_null(std::string_view path);
  bool full() const { return errors_.size() >= kMaxErrors; }
  bool empty() const { return errors_.empty(); }
  void throw_if_any() const;

  static constexpr std::size_t kMaxErrors = 10;

 private:
  std::vector<std::string> errors_;
};

// Steps 1 and 2 for `operation`'s input. Throws SerializationException or ValidationException.
void validate_request(std::string_view operation, nlohmann::json& input,
                      core::RequestContext::Protocol protocol);

// Step 1 alone, for a value of `shape`.
void check_types(const model::Shape& shape, nlohmann::json& value,
                 core::RequestContext::Protocol protocol);
// Step 2 alone: the constraint errors of `value` at `path`.
void check_constraints(const model::Shape& shape, const nlohmann::json& value,
                       const std::string& path, ConstraintErrors& errors);

}  // namespace streamstack::kinesis
