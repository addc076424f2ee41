#pragma once
// The checks DynamoDB makes on a parsed expression after its parse-tree walk, in its order:
// operands before their operator (so the leftmost innermost fault is reported), document paths
// resolved (#placeholders, nesting depth), :placeholders resolved, then each operator's operand
// count, operand types, distinct operands and its own rules, and the operator count.
#include "dynamodb/expressions/ast.h"

#include <string_view>

namespace streamstack::dynamodb::expr::detail {

class Validator {
 public:
  Validator(Substitutions& subs, std::string_view kind) : subs_(subs), kind_(kind) {}

  // Fills `path_node.path` from its raw elements.
  void resolve_path(Node& path_node);
  // Validates and resolves `node` and everything under it.
  void validate(Node& node);

 private:
  void validate_operator(const Node& node);
  void validate_between(const Node& node);
  void validate_attribute_type(const Node& node);
  [[noreturn]] void fail(const std::string& message) const;

  Substitutions& subs_;
  std::string_view kind_;
  int operators_ = 0;
};

}  // namespace streamstack::dynamodb::expr::detail
