// UpdateExpression grammar: one or more sections (SET, REMOVE, ADD, DELETE, in any order) of
// comma-separated actions. A SET value is an operand or a single "+" / "-" of two operands,
// optionally in parentheses; "a + b + c" is a syntax error in DynamoDB.
#include "dynamodb/expressions/parser.h"

namespace streamstack::dynamodb::expr::detail {

bool Parser::at_section() const {
  switch (peek().type) {
    case TokenType::kSet:
    case TokenType::kRemove:
    case TokenType::kAdd:
    case TokenType::kDelete: return true;
    default: return false;
  }
}

std::vector<UpdateSection> Parser::parse_update() {
  std::vector<UpdateSection> sections;
  do {
    if (!at_section()) fail();
    sections.push_back(parse_section());
  } while (!at(TokenType::kEof));
  return sections;
}

UpdateSection Parser::parse_section() {
  TokenType type = peek().type;
  UpdateSection section;
  switch (type) {
    case TokenType::kSet: section.keyword = "SET"; break;
    case TokenType::kRemove: section.keyword = "REMOVE"; break;
    case TokenType::kAdd: section.keyword = "ADD"; break;
    default: section.keyword = "DELETE"; break;
  }
  take();
  section.actions.push_back(parse_action(type));
  while (at(TokenType::kComma)) {
    take();
    section.actions.push_back(parse_action(type));
  }
  return section;
}

UpdateAction Parser::parse_action(TokenType section) {
  UpdateAction action{};
  action.path = parse_path();
  switch (section) {
    case TokenType::kSet: {
      action.type = UpdateAction::Type::kSet;
      expect(TokenType::kEq);
      action.value = parse_set_value().node;
      break;
    }
    case TokenType::kRemove: action.type = UpdateAction::Type::kRemove; break;
    default: {
      action.type = section == TokenType::kAdd ? UpdateAction::Type::kAdd
                                               : UpdateAction::Type::kDelete;
      if (!at(TokenType::kValueSub)) fail();
      action.value = parse_value();
      break;
    }
  }
  if (!at(TokenType::kComma) && !at(TokenType::kEof) && !at_section()) fail();
  return action;
}

Parser::Parsed Parser::parse_set_value() {
  Parsed first;
  if (at(TokenType::kLParen)) {
    take();
    first = parse_set_value();
    close_parentheses(*first.node);
  } else {
    first = {parse_operand_atom(), Category::kOperand};
  }
  if (first.category == Category::kOperand &&
      (at(TokenType::kPlus) || at(TokenType::kMinus))) {
    auto node = std::make_unique<Node>(Node::Kind::kArithmetic, std::string(take().text));
    node->children.push_back(std::move(first.node));
    node->children.push_back(parse_operand());
    return {std::move(node), Category::kArithmetic};
  }
  return first;
}

}  // namespace streamstack::dynamodb::expr::detail
