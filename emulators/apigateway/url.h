#pragma once
// The URL pieces as API Gateway reads them: the query string decoded (`+` is a space, `%XX` a
// byte, everything after `#` dropped), repeated keys kept in order; paths left encoded.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::apigateway {

std::string url_decode(std::string_view text, bool plus_is_space);

// `a=1&a=2&b` -> [(a, 1), (a, 2), (b, "")]; empty keys are dropped.
std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query);

// The path's segments without the leading slash; one trailing slash is ignored
// ("/a/b/" -> [a, b]); "/" -> [].
std::vector<std::string_view> path_segments(std::string_view path);

}  // namespace streamstack::apigateway
