#pragma once
// FilterCriteria of event source mappings: EventBridge's pattern language as Lambda applies it
// to each stream record before batching. Filters are ORed; inside a pattern, fields are ANDed and
// a field's values are ORed; every field the pattern names must be in the record.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace streamstack::lambda {

class EventFilter {
 public:
  // `filter_criteria` is the API's {"Filters":[{"Pattern":"<json text>"}]}. Throws
  // core::ApiError InvalidParameterValueException "Invalid filter pattern definition." for a
  // pattern that is not a JSON object of the language.
  static EventFilter parse(const nlohmann::json& filter_criteria);

  // True when there are no filters or any filter matches.
  bool matches(const nlohmann::json& record) const;
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<nlohmann::json> patterns_;
};

// One pattern against one event (exposed for tests).
bool pattern_matches(const nlohmann::json& pattern, const nlohmann::json& event);
// Throws when `pattern` is not a valid pattern object.
void validate_pattern(const nlohmann::json& pattern);

}  // namespace streamstack::lambda
