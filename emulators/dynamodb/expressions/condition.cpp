#include "dynamodb/expressions/evaluator.h"
#include "dynamodb/expressions/expression_error.h"
#include "dynamodb/expressions/parse_entry.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/expressions/tree_checks.h"
#include "dynamodb/expressions/validator.h"

#include <string>

namespace streamstack::dynamodb::expr {
namespace detail {
namespace {

constexpr std::size_t kMaxExpressionSize = 4096;

class ParsedCondition : public Condition {
 public:
  explicit ParsedCondition(NodePtr root) : root_(std::move(root)) {}
  bool evaluate(const json& item) const override { return Evaluator(item).condition(*root_); }

 private:
  NodePtr root_;
};

}  // namespace

void check_expression_length(std::string_view text, std::string_view kind) {
  if (text.empty()) throw expression_error(kind, "The expression can not be empty;");
  if (text.size() > kMaxExpressionSize) {
    // Only conditions name the size; DynamoDB words the others without it.
    bool condition = kind != "UpdateExpression" && kind != "ProjectionExpression";
    throw expression_error(kind, "Expression size has exceeded the maximum allowed size;" +
                                     (condition ? " expression size: " + std::to_string(text.size())
                                                : std::string()));
  }
}

NodePtr parse_condition_tree(std::string_view text, Substitutions& subs, std::string_view kind) {
  check_expression_length(text, kind);
  NodePtr root = Parser(text, kind).parse_condition();
  check_condition_tree(*root, kind);
  Validator(subs, kind).validate(*root);
  return root;
}

}  // namespace detail

std::unique_ptr<Condition> parse_condition(std::string_view text, Substitutions& subs,
                                           std::string_view kind) {
  return std::make_unique<detail::ParsedCondition>(detail::parse_condition_tree(text, subs, kind));
}

}  // namespace streamstack::dynamodb::expr
