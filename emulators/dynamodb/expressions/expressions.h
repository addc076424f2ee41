#pragma once
// DynamoDB's expression language: a lexer and parser produce an AST per expression kind, which is
// then evaluated against items. Parse errors are ValidationExceptions worded as DynamoDB words
// them ("Invalid ConditionExpression: Syntax error; token: \"...\", near: \"...\"",
// "Invalid UpdateExpression: An expression attribute value used in expression is not defined;
// attribute value: :v", ...).
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::expr {

using json = nlohmann::json;

// The ExpressionAttributeNames / ExpressionAttributeValues of one request, and which of them the
// request's expressions used. Values are assumed already validated (validate_attribute_value).
class Substitutions {
 public:
  // Either pointer may be null (parameter absent).
  Substitutions(const json* names, const json* values);

  const json* names() const { return names_; }
  const json* values() const { return values_; }
  // Looks up "#n" / ":v", marking it used; throws ValidationException for an undefined one,
  // worded for the expression `kind` being parsed ("ConditionExpression", "UpdateExpression", ...).
  const std::string& name(const std::string& placeholder, std::string_view kind);
  const json& value(const std::string& placeholder, std::string_view kind);

  // After every expression of the request is parsed: throws ValidationException
  // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}" (and the
  // same for values), as DynamoDB does.
  void check_all_used() const;

 private:
  const json* names_;
  const json* values_;
  std::set<std::string> used_names_;
  std::set<std::string> used_values_;
};

// One element of a document path: an attribute/map member name, or a list index.
struct PathElement {
  std::string name;
  std::optional<std::size_t> index;
};
using Path = std::vector<PathElement>;

// ConditionExpression and FilterExpression.
class Condition {
 public:
  virtual ~Condition() = default;
  // `item` is the whole item (an empty object when the item does not exist).
  virtual bool evaluate(const json& item) const = 0;
};
std::unique_ptr<Condition> parse_condition(std::string_view text, Substitutions& subs,
                                           std::string_view kind = "ConditionExpression");

// UpdateExpression: SET (with + / -, if_not_exists, list_append), REMOVE, ADD, DELETE.
class Update {
 public:
  virtual ~Update() = default;
  // Returns the updated copy of `item` (empty object for a new item). Throws ValidationException
  // for operand type mismatches ("An operand in the update expression has an incorrect data type"),
  // paths through missing maps ("The document path provided in the update expression is invalid
  // for update"), ...
  virtual json apply(const json& item) const = 0;
  // Top-level attribute names every action writes or removes, to refuse key updates.
  virtual std::vector<std::string> updated_attributes() const = 0;
};
std::unique_ptr<Update> parse_update(std::string_view text, Substitutions& subs);

// ProjectionExpression (nested paths, list indexes).
class Projection {
 public:
  virtual ~Projection() = default;
  virtual json apply(const json& item) const = 0;
  virtual const std::vector<Path>& paths() const = 0;
};
std::unique_ptr<Projection> parse_projection(std::string_view text, Substitutions& subs);

// KeyConditionExpression: `hash = :v` optionally AND one range condition.
struct KeyCondition {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  std::string attribute;
  Op op = Op::kEq;
  json value;   // the operand (lower bound for BETWEEN)
  json value2;  // upper bound for BETWEEN
};
// Returns the conditions in the order written (one or two); the caller checks them against the
// key schema. Syntax errors: "Invalid KeyConditionExpression: ...".
std::vector<KeyCondition> parse_key_condition(std::string_view text, Substitutions& subs);

// Resolves `path` in `item`; nullptr when absent.
const json* resolve_path(const json& item, const Path& path);

}  // namespace streamstack::dynamodb::expr
