#pragma once
// A recursive-descent parser for DynamoDB's expression grammar (the grammar DynamoDB and its
// clients share: condition, update and projection rules over one token set). It reports the
// first token it cannot accept as DynamoDB does, and "The expression has redundant
// parentheses;" as soon as a second pair of parentheses closes around the same thing.
#include "dynamodb/expressions/ast.h"
#include "dynamodb/expressions/lexer.h"

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

class Parser {
 public:
  // `kind` names the expression in error messages ("ConditionExpression", ...).
  Parser(std::string_view text, std::string_view kind);

  NodePtr parse_condition();
  std::vector<UpdateSection> parse_update();
  std::vector<NodePtr> parse_projection();

 private:
  // What a parsed fragment can stand for: an operand, a condition, or both (a function call).
  enum class Category { kOperand, kCondition, kEither, kArithmetic };
  struct Parsed {
    NodePtr node;
    Category category;
  };

  const Token& peek(std::size_t ahead = 0) const;
  bool at(TokenType type) const { return peek().type == type; }
  const Token& take();
  void expect(TokenType type);
  [[noreturn]] void fail() const;
  void close_parentheses(Node& inner);

  // Shared by every grammar.
  NodePtr parse_path();
  NodePtr parse_operand();       // path | :value | function | "(" operand ")"
  NodePtr parse_operand_atom();  // path | :value | function
  NodePtr parse_function();
  NodePtr parse_value();

  // ConditionExpression (parse_condition.cpp).
  Parsed parse_or();
  Parsed parse_and();
  Parsed parse_not();
  Parsed parse_primary();
  NodePtr parse_comparison_tail(NodePtr left);
  void require_condition(const Parsed& parsed) const;
  bool at_comparison() const;

  // UpdateExpression (parse_update.cpp).
  UpdateSection parse_section();
  UpdateAction parse_action(TokenType section);
  Parsed parse_set_value();
  bool at_section() const;

  std::string_view kind_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace streamstack::dynamodb::expr::detail
