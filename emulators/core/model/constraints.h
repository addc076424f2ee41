#pragma once
// The checks behind the models' constraints that do not depend on the service; how each
// service words and orders its constraint errors stays with the service.
#include <cstddef>
#include <string>
#include <string_view>

namespace streamstack::core::model {

// Length as Java counts it (UTF-16 code units), which the length constraints use.
std::size_t java_length(std::string_view utf8);

// Whether all of `text` matches a model's pattern (an ECMAScript regex). The patterns that
// nearly every request meets are matched by hand: compiled std::regex cost as much as the rest
// of a GetItem's validation.
bool matches_pattern(std::string_view pattern, const std::string& text);

}  // namespace streamstack::core::model
