#include "dynamodb/expressions/parser.h"

#include "dynamodb/expressions/expression_error.h"

#include <algorithm>

namespace streamstack::dynamodb::expr::detail {

Parser::Parser(std::string_view text, std::string_view kind)
    : kind_(kind), tokens_(tokenize(text)) {}

const Token& Parser::peek(std::size_t ahead) const {
  return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
}

const Token& Parser::take() {
  const Token& token = tokens_[pos_];
  if (token.type != TokenType::kEof) ++pos_;
  return token;
}

void Parser::expect(TokenType type) {
  if (!at(type)) fail();
  take();
}

void Parser::fail() const { throw expression_error(kind_, syntax_error_message(tokens_, pos_)); }

// DynamoDB refuses "((x))" as soon as the outer pair closes, before looking further.
void Parser::close_parentheses(Node& inner) {
  expect(TokenType::kRParen);
  if (inner.parenthesized) {
    throw expression_error(kind_, "The expression has redundant parentheses;");
  }
  inner.parenthesized = true;
}

NodePtr Parser::parse_path() {
  auto node = std::make_unique<Node>(Node::Kind::kPath);
  auto add_name = [&] {
    if (at(TokenType::kId)) {
      node->raw_path.push_back({RawElement::Kind::kName, std::string(take().text)});
    } else if (at(TokenType::kNameSub)) {
      node->raw_path.push_back({RawElement::Kind::kPlaceholder, std::string(take().text)});
    } else {
      fail();
    }
  };
  add_name();
  while (true) {
    if (at(TokenType::kDot)) {
      take();
      add_name();
    } else if (at(TokenType::kLBracket)) {
      take();
      if (!at(TokenType::kIndex)) fail();
      node->raw_path.push_back({RawElement::Kind::kIndex, std::string(take().text)});
      expect(TokenType::kRBracket);
    } else {
      return node;
    }
  }
}

NodePtr Parser::parse_value() {
  auto node = std::make_unique<Node>(Node::Kind::kValue);
  node->placeholder = std::string(take().text);
  return node;
}

NodePtr Parser::parse_function() {
  auto node = std::make_unique<Node>(Node::Kind::kFunction, std::string(take().text));
  expect(TokenType::kLParen);
  node->children.push_back(parse_operand());
  while (at(TokenType::kComma)) {
    take();
    node->children.push_back(parse_operand());
  }
  expect(TokenType::kRParen);
  return node;
}

NodePtr Parser::parse_operand_atom() {
  if (at(TokenType::kId) && peek(1).type == TokenType::kLParen) return parse_function();
  if (at(TokenType::kId) || at(TokenType::kNameSub)) return parse_path();
  if (at(TokenType::kValueSub)) return parse_value();
  fail();
}

NodePtr Parser::parse_operand() {
  if (!at(TokenType::kLParen)) return parse_operand_atom();
  take();
  NodePtr inner = parse_operand();
  close_parentheses(*inner);
  return inner;
}

std::vector<NodePtr> Parser::parse_projection() {
  std::vector<NodePtr> paths;
  paths.push_back(parse_path());
  while (at(TokenType::kComma)) {
    take();
    paths.push_back(parse_path());
  }
  if (!at(TokenType::kEof)) fail();
  return paths;
}

}  // namespace streamstack::dynamodb::expr::detail
