#include "dynamodb/expressions/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace streamstack::dynamodb::expr::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_id_char(char c) { return is_letter(c) || is_digit(c) || c == '_'; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A word that spells a keyword in any case is the keyword: the lexer prefers the keyword rule
// over ID for a match of the same length, so an attribute named "set" needs a #placeholder.
TokenType word_type(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, TokenType>, 9> kKeywords = {{
      {"IN", TokenType::kIn},
      {"BETWEEN", TokenType::kBetween},
      {"NOT", TokenType::kNot},
      {"AND", TokenType::kAnd},
      {"OR", TokenType::kOr},
      {"SET", TokenType::kSet},
      {"ADD", TokenType::kAdd},
      {"DELETE", TokenType::kDelete},
      {"REMOVE", TokenType::kRemove},
  }};
  for (const auto& [keyword, type] : kKeywords) {
    if (equals_ignore_case(word, keyword)) return type;
  }
  return TokenType::kId;
}

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Length of a quoted literal starting at `pos`, or 0 when it is never closed (the quote is then
// an unknown character of its own).
std::size_t quoted_length(std::string_view text, std::size_t pos) {
  char quote = text[pos];
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == quote) {
      ++i;
    } else if (text[i] == quote) {
      return i - pos + 1;
    }
  }
  return 0;
}

std::size_t run_length(std::string_view text, std::size_t pos, bool (*pred)(char)) {
  std::size_t end = pos;
  while (end < text.size() && pred(text[end])) ++end;
  return end - pos;
}

// The type and length of the token starting at `pos` (not whitespace).
std::pair<TokenType, std::size_t> next_token(std::string_view text, std::size_t pos) {
  char c = text[pos];
  char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
  switch (c) {
    case '(': return {TokenType::kLParen, 1};
    case ')': return {TokenType::kRParen, 1};
    case ',': return {TokenType::kComma, 1};
    case '.': return {TokenType::kDot, 1};
    case '[': return {TokenType::kLBracket, 1};
    case ']': return {TokenType::kRBracket, 1};
    case '=': return {TokenType::kEq, 1};
    case '+': return {TokenType::kPlus, 1};
    case '-': return {TokenType::kMinus, 1};
    case '<':
      if (next == '>') return {TokenType::kNe, 2};
      if (next == '=') return {TokenType::kLe, 2};
      return {TokenType::kLt, 1};
    case '>':
      if (next == '=') return {TokenType::kGe, 2};
      return {TokenType::kGt, 1};
    default: break;
  }
  if (is_letter(c)) {
    std::size_t length = run_length(text, pos, is_id_char);
    return {word_type(text.substr(pos, length)), length};
  }
  if (c == '0') return {TokenType::kIndex, 1};
  if (is_digit(c)) return {TokenType::kIndex, run_length(text, pos, is_digit)};
  if (c == '#' || c == ':') {
    std::size_t length = run_length(text, pos + 1, is_id_char);
    if (length > 0) return {c == '#' ? TokenType::kNameSub : TokenType::kValueSub, length + 1};
  }
  if (c == '"' || c == '\'') {
    if (std::size_t length = quoted_length(text, pos); length > 0) return {TokenType::kString, length};
  }
  std::size_t length = utf8_length(static_cast<unsigned char>(c));
  return {TokenType::kUnknown, std::min(length, text.size() - pos)};
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (true) {
    std::size_t space = run_length(text, pos, is_space);
    std::string_view space_before = text.substr(pos, space);
    pos += space;
    if (pos >= text.size()) {
      tokens.push_back({TokenType::kEof, {}, space_before});
      return tokens;
    }
    auto [type, length] = next_token(text, pos);
    tokens.push_back({type, text.substr(pos, length), space_before});
    pos += length;
  }
}

std::string syntax_error_message(const std::vector<Token>& tokens, std::size_t index) {
  // DynamoDB quotes the offending token between its neighbours, whitespace included:
  // previous token, hidden text left of it, the token, hidden text right of it, next token.
  const Token& current = tokens[index];
  bool eof = current.type == TokenType::kEof;
  std::string near;
  if (index > 0) near += tokens[index - 1].text;
  near += current.space_before;
  if (!eof) {
    const Token& following = tokens[index + 1];
    near += current.text;
    near += following.space_before;
    near += following.text;
  }
  std::string token = eof ? "<EOF>" : std::string(current.text);
  return "Syntax error; token: \"" + token + "\", near: \"" + near + "\"";
}

}  // namespace streamstack::dynamodb::expr::detail
