#pragma once
// The tokens of DynamoDB's expression grammar. Keywords are case-insensitive, identifiers start
// with a letter, list indexes are INDEX tokens without leading zeros, and any other character is
// a token of its own, so that a syntax error can name it as DynamoDB does.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::expr::detail {

enum class TokenType {
  kEof,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kLBracket,
  kRBracket,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kIn,
  kBetween,
  kNot,
  kAnd,
  kOr,
  kSet,
  kAdd,
  kDelete,
  kRemove,
  kIndex,     // 0 or [1-9][0-9]*
  kId,        // [a-zA-Z][a-zA-Z0-9_]*
  kNameSub,   // #[a-zA-Z0-9_]+
  kValueSub,  // :[a-zA-Z0-9_]+
  kString,    // "..." or '...', never valid, but one token in an error message
  kUnknown,   // any other character
};

struct Token {
  TokenType type;
  std::string_view text;          // empty for kEof
  std::string_view space_before;  // the whitespace between the previous token and this one
};

// The tokens of `text`, always ending with one kEof token. Views point into `text`.
std::vector<Token> tokenize(std::string_view text);

// "Syntax error; token: \"<tok>\", near: \"<prev><space><tok><space><next>\"", the words
// DynamoDB uses for the token at `index` that the grammar cannot accept.
std::string syntax_error_message(const std::vector<Token>& tokens, std::size_t index);

}  // namespace streamstack::dynamodb::expr::detail
