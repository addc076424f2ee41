#pragma once
// Evaluates a validated condition against one item, with DynamoDB's semantics: an operand that
// is a missing attribute, or of a type the operator does not take, makes the comparison or
// function false (and size() of such a value missing) rather than an error.
#include "dynamodb/expressions/ast.h"

#include <deque>
#include <optional>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

class Evaluator {
 public:
  explicit Evaluator(const json& item) : item_(item) {}

  bool condition(const Node& node);
  // The operand's value, or nullptr when it is missing. Points into the item, the request's
  // values, or values this evaluator computed (size()).
  const json* operand(const Node& node);

 private:
  bool comparison(const Node& node);
  bool function(const Node& node);
  const json* size(const json* value);
  // Evaluates the operands of `node`; false when one is present but of a type `node` refuses.
  bool operands(const Node& node, std::vector<const json*>& values);

  const json& item_;
  std::deque<json> computed_;
};

// size() as DynamoDB counts: characters of a string (UTF-16 units, as Java counts them), bytes
// of a binary, elements of a set or list, members of a map; nullopt for other types.
std::optional<std::size_t> value_size(const json& value);

// contains(): substring of a string or binary, element of a set of the operand's type, or
// element of a list.
bool value_contains(const json& haystack, const json& needle);

// begins_with(): prefix of a string or binary of the same type.
bool value_begins_with(const json& value, const json& prefix);

}  // namespace streamstack::dynamodb::expr::detail
