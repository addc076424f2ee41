#include "logs/filter_pattern.h"

#include "logs/errors.h"

namespace streamstack::logs {

FilterPattern::FilterPattern(std::string_view pattern) {
  std::size_t i = 0;
  while (i < pattern.size() && pattern[i] == ' ') ++i;
  if (i < pattern.size() && (pattern[i] == '{' || pattern[i] == '['))
    throw invalid_parameter("Invalid filter pattern: JSON and space-delimited filter patterns are not supported");
  while (i < pattern.size()) {
    if (pattern[i] == ' ') {
      ++i;
      continue;
    }
    char kind = 0;
    if (pattern[i] == '?' || pattern[i] == '-') kind = pattern[i++];
    std::string term;
    if (i < pattern.size() && pattern[i] == '"') {
      auto close = pattern.find('"', i + 1);
      if (close == std::string_view::npos) throw invalid_parameter("Invalid filter pattern");
      term = std::string(pattern.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      auto end = pattern.find(' ', i);
      term = std::string(pattern.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      i = end == std::string_view::npos ? pattern.size() : end;
    }
    if (term.empty()) continue;
    (kind == '?' ? any_of_ : kind == '-' ? excluded_ : required_).push_back(std::move(term));
  }
}

bool FilterPattern::matches(std::string_view message) const {
  for (const auto& term : required_)
    if (message.find(term) == std::string_view::npos) return false;
  for (const auto& term : excluded_)
    if (message.find(term) != std::string_view::npos) return false;
  if (any_of_.empty()) return true;
  for (const auto& term : any_of_)
    if (message.find(term) != std::string_view::npos) return true;
  return false;
}

}  // namespace streamstack::logs
