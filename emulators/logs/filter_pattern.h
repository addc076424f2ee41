#pragma once
// CloudWatch Logs' filter patterns for unstructured text: terms that must all appear
// (`ERROR Exception`), "quoted phrases" (kept whole, may hold spaces and punctuation),
// `?term` alternatives (any one of them), `-term` exclusions. Matching is case-sensitive.
// An empty pattern matches every event.
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::logs {

class FilterPattern {
 public:
  // Throws InvalidParameterException for JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`)
  // patterns, which are not supported.
  explicit FilterPattern(std::string_view pattern);
  bool matches(std::string_view message) const;

 private:
  std::vector<std::string> required_;
  std::vector<std::string> any_of_;
  std::vector<std::string> excluded_;
};

}  // namespace streamstack::logs
