// ConditionExpression grammar. Precedence as DynamoDB's: comparisons, IN, BETWEEN and
// functions bind tightest, then NOT, then AND, then OR; AND and OR group to the right.
//
// A "(" may open a grouped condition or a parenthesised operand ("(a) = b"); the parser reads
// either and decides by what follows, so the offending token of a syntax error is the one
// DynamoDB names: the first token no reading of the text can accept.
#include "dynamodb/expressions/parser.h"

namespace streamstack::dynamodb::expr::detail {

NodePtr Parser::parse_condition() {
  Parsed parsed = parse_or();
  require_condition(parsed);
  if (!at(TokenType::kEof)) fail();
  return std::move(parsed.node);
}

// An operand cannot stand where a condition is required; the comparator it lacks was expected
// at the current token.
void Parser::require_condition(const Parsed& parsed) const {
  if (parsed.category == Category::kOperand) fail();
}

Parser::Parsed Parser::parse_or() {
  Parsed left = parse_and();
  if (!at(TokenType::kOr)) return left;
  require_condition(left);
  take();
  Parsed right = parse_or();
  require_condition(right);
  auto node = std::make_unique<Node>(Node::Kind::kOr, "OR");
  node->children.push_back(std::move(left.node));
  node->children.push_back(std::move(right.node));
  return {std::move(node), Category::kCondition};
}

Parser::Parsed Parser::parse_and() {
  Parsed left = parse_not();
  if (!at(TokenType::kAnd)) return left;
  require_condition(left);
  take();
  Parsed right = parse_and();
  require_condition(right);
  auto node = std::make_unique<Node>(Node::Kind::kAnd, "AND");
  node->children.push_back(std::move(left.node));
  node->children.push_back(std::move(right.node));
  return {std::move(node), Category::kCondition};
}

Parser::Parsed Parser::parse_not() {
  if (!at(TokenType::kNot)) return parse_primary();
  take();
  Parsed operand = parse_not();
  require_condition(operand);
  auto node = std::make_unique<Node>(Node::Kind::kNot, "NOT");
  node->children.push_back(std::move(operand.node));
  return {std::move(node), Category::kCondition};
}

bool Parser::at_comparison() const {
  switch (peek().type) {
    case TokenType::kEq:
    case TokenType::kNe:
    case TokenType::kLt:
    case TokenType::kLe:
    case TokenType::kGt:
    case TokenType::kGe:
    case TokenType::kIn:
    case TokenType::kBetween: return true;
    default: return false;
  }
}

Parser::Parsed Parser::parse_primary() {
  Parsed first;
  if (at(TokenType::kLParen)) {
    take();
    first = parse_or();
    close_parentheses(*first.node);
  } else {
    NodePtr atom = parse_operand_atom();
    Category category =
        atom->kind == Node::Kind::kFunction ? Category::kEither : Category::kOperand;
    first = {std::move(atom), category};
  }
  if (first.category != Category::kCondition && at_comparison()) {
    return {parse_comparison_tail(std::move(first.node)), Category::kCondition};
  }
  return first;
}

NodePtr Parser::parse_comparison_tail(NodePtr left) {
  NodePtr node;
  if (at(TokenType::kIn)) {
    take();
    node = std::make_unique<Node>(Node::Kind::kIn, "IN");
    node->children.push_back(std::move(left));
    expect(TokenType::kLParen);
    node->children.push_back(parse_operand());
    while (at(TokenType::kComma)) {
      take();
      node->children.push_back(parse_operand());
    }
    expect(TokenType::kRParen);
  } else if (at(TokenType::kBetween)) {
    take();
    node = std::make_unique<Node>(Node::Kind::kBetween, "BETWEEN");
    node->children.push_back(std::move(left));
    node->children.push_back(parse_operand());
    expect(TokenType::kAnd);
    node->children.push_back(parse_operand());
  } else {
    node = std::make_unique<Node>(Node::Kind::kComparison, std::string(take().text));
    node->children.push_back(std::move(left));
    node->children.push_back(parse_operand());
  }
  return node;
}

}  // namespace streamstack::dynamodb::expr::detail
