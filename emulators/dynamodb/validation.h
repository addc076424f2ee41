#pragma once
// DynamoDB's request validation, in AWS's order:
//  1. JSON types (SerializationException): the service's parser reads the request against the
//     operation's input shape and stops at the first value of the wrong JSON type;
//  2. constraints from the model, all collected then thrown together:
//     "2 validation errors detected: Value 'x' at 'tableName' failed to satisfy constraint:
//      Member must have length greater than or equal to 3; Value ..."
//  3. semantic checks ("One or more parameter values were invalid: ...") by each operation.
//
// Steps 1 and 2 are driven by the service model (model/shapes.h); an operation starts with
//   ConstraintErrors errors = check_request("PutItem", input, TableNameRule::kItem);
//   ... add its own constraint errors, if any ...
//   errors.throw_if_any();
// or simply validate_request(...), which does both. After it, `input` holds only members of
// the right JSON types (members sent as null are dropped, as AWS's parser drops them), so the
// operation reads it without further type checks.
#include "dynamodb/model/shapes.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb {

class ConstraintErrors {
 public:
  // `value` is the offending value as AWS prints it (strings bare; see to_constraint_text);
  // it is quoted in the message. `member` is the member path
  // ("tableName", "keySchema.1.member.attributeName").
  void add(std::string_view value, std::string_view member, std::string_view constraint);
  // "Value null at '<member>' failed to satisfy constraint: <constraint>" (null is unquoted).
  void add_null(std::string_view member, std::string_view constraint = "Member must not be null");
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  // Throws the ValidationException when any error was added.
  void throw_if_any() const;

  // AWS reports at most this many.
  static constexpr std::size_t kMaxErrors = 10;

 private:
  std::vector<std::string> errors_;
};

// How an operation's TableName is checked: AWS answers differently per family of operations
// (dynalite test/*.js and dynoxide's captures against AWS). A table ARN is accepted by all.
enum class TableNameRule {
  // CreateTable: missing -> "The parameter 'TableName' is required but was not present in the
  // request"; otherwise pattern, length >= 3 and <= 255 as constraint errors.
  kCreate,
  // DescribeTable, DeleteTable, UpdateTable, ...: missing -> as kCreate; a length outside 3..255
  // -> "TableName must be at least 3 characters long and at most 255 characters long"; a bad
  // pattern -> a constraint error.
  kTable,
  // Item operations: missing -> "Value null at 'tableName' ... Member must not be null"; empty
  // -> length >= 1; otherwise length >= 3, pattern and length <= 255 (an ARN: length <= 1024) as
  // constraint errors, reported with the request's other constraint errors and so before any
  // table is looked up.
  kItem,
};

// Checks JSON types (throwing SerializationException) and collects the model's constraint
// errors of `operation`'s input; TableName (top level) by `rule`. Throws ValidationException
// directly for the TableName errors AWS reports alone (see TableNameRule).
ConstraintErrors check_request(std::string_view operation, nlohmann::json& input,
                               TableNameRule rule);
// check_request + throw_if_any.
void validate_request(std::string_view operation, nlohmann::json& input, TableNameRule rule);

// Step 1 alone, for a value of any shape: throws SerializationException at the first value of
// the wrong JSON type. `nested`: the value is an element of a list or a value of a map (AWS
// words some errors differently there).
void check_types(const model::Shape& shape, nlohmann::json& value, bool nested = false);
// Step 2 alone: the constraint errors of `value` (a member at `path`) against `shape`.
void check_constraints(const model::Shape& shape, const nlohmann::json& value,
                       const std::string& path, ConstraintErrors& errors);

// Checks the common TableName constraints for an item operation (TableNameRule::kItem) and adds
// the errors AWS reports.
void check_table_name(ConstraintErrors& errors, const nlohmann::json* value,
                      std::string_view member = "tableName");

// Members of a request object after step 1, or for callers that check one member by hand. Each
// returns nullptr / nullopt when the member is absent or null, and throws SerializationException
// with AWS's words when it has the wrong JSON type (as a member of a structure).
const std::string* expect_string(const nlohmann::json& object, std::string_view member);
std::optional<bool> expect_bool(const nlohmann::json& object, std::string_view member);
// Java Integer members (Limit, Segment, ...) and Long members (ReadCapacityUnits, ...): the
// type name appears in AWS's message ("STRING_VALUE cannot be converted to Integer").
std::optional<std::int64_t> expect_integer(const nlohmann::json& object, std::string_view member);
std::optional<std::int64_t> expect_long(const nlohmann::json& object, std::string_view member);
const nlohmann::json* expect_list(const nlohmann::json& object, std::string_view member);
// A map member; `value_class` is the Java class of its values as AWS names it in the error for
// a list given instead ("com.amazonaws.dynamodb.v20120810.AttributeValue", "java.lang.String").
const nlohmann::json* expect_map(
    const nlohmann::json& object, std::string_view member,
    std::string_view value_class = "com.amazonaws.dynamodb.v20120810.AttributeValue");
// A structure member whose model shape is `shape_name` ("ProvisionedThroughput").
const nlohmann::json* expect_object(const nlohmann::json& object, std::string_view member,
                                    std::string_view shape_name);

// A value as AWS prints it in a constraint message: strings bare, numbers as sent, lists as
// "[a, b]", structures as "Shape(memberName=value, ...)", maps as "{k=v}".
std::string to_constraint_text(const model::Shape& shape, const nlohmann::json& value);

// "tableName" from "TableName": AWS's member paths start in lower case.
std::string lower_first(std::string_view name);

}  // namespace streamstack::dynamodb
