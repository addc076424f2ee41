#pragma once
// The syntax tree the parser builds. Placeholders stay unresolved until validation, because
// DynamoDB reports syntax errors first, then the checks of its parse-tree walk (reserved words,
// function names), and only then undefined placeholders and operand types.
#include "dynamodb/expressions/expressions.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

// One element of a document path as written.
struct RawElement {
  enum class Kind { kName, kPlaceholder, kIndex };
  Kind kind;
  std::string text;  // the identifier, the "#placeholder", or the index digits
};

struct Node {
  enum class Kind {
    kPath,
    kValue,        // a :placeholder
    kFunction,
    kComparison,
    kBetween,      // children: operand, lower bound, upper bound
    kIn,           // children: operand, then the list
    kNot,
    kAnd,
    kOr,
    kArithmetic,
  };

  explicit Node(Kind k, std::string o = {}) : kind(k), op(std::move(o)) {}

  Kind kind;
  // The operator's name in DynamoDB's messages: the function name as written, the comparator
  // symbol, "BETWEEN", "IN", "NOT", "AND", "OR", "+" or "-".
  std::string op;
  std::vector<std::unique_ptr<Node>> children;

  std::vector<RawElement> raw_path;  // kPath, as written
  Path path;                         // kPath, once validation resolved its #placeholders

  std::string placeholder;       // kValue
  const json* value = nullptr;   // kValue, once validation resolved it

  bool parenthesized = false;  // written directly inside "( )"; a second pair is redundant

  bool is_operator() const { return kind != Kind::kPath && kind != Kind::kValue; }
};

using NodePtr = std::unique_ptr<Node>;

struct UpdateAction {
  enum class Type { kSet, kRemove, kAdd, kDelete };
  Type type;
  NodePtr path;   // a kPath node
  NodePtr value;  // SET: the value tree; ADD/DELETE: a kValue node; REMOVE: null
};

struct UpdateSection {
  std::string keyword;  // "SET", "REMOVE", "ADD" or "DELETE"
  std::vector<UpdateAction> actions;
};

// "[a, [1], b]", the way DynamoDB prints a document path in its messages.
std::string path_to_string(const Path& path);

bool same_element(const PathElement& a, const PathElement& b);
bool same_path(const Path& a, const Path& b);

}  // namespace streamstack::dynamodb::expr::detail
