#pragma once
// DynamoDB's request validation, in AWS's order:
//  1. JSON types (SerializationException) — `expect_*` helpers below;
//  2. constraints from the model, all collected then thrown together:
//     "2 validation errors detected: Value 'x' at 'tableName' failed to satisfy constraint:
//      Member must have length greater than or equal to 3; Value ..."
//  3. semantic checks ("One or more parameter values were invalid: ...") by each operation.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb {

class ConstraintErrors {
 public:
  // `value` is the offending value as AWS prints it (strings bare, null as "null");
  // `member` is the member path ("tableName", "keySchema.1.member.attributeName").
  void add(std::string_view value, std::string_view member, std::string_view constraint);
  bool empty() const { return errors_.empty(); }
  // Throws the ValidationException when any error was added.
  void throw_if_any() const;

 private:
  std::vector<std::string> errors_;
};

// Checks the common TableName constraints (length 3..255 — 1..1024 when an ARN is accepted —
// and pattern [a-zA-Z0-9_.-]+) and adds the errors AWS reports.
void check_table_name(ConstraintErrors& errors, const nlohmann::json* value,
                      std::string_view member = "tableName");

}  // namespace streamstack::dynamodb
