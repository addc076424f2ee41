#pragma once
// The parts of a URL the REST services read (Lambda's /2015-03-31/..., API Gateway's
// /restapis/... and its data plane): percent-decoded path segments and query strings.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::core {

// `%XX` becomes the byte it names; a '%' without two hex digits after it stays as it is, and
// '+' stays a '+' (in a path it is one).
std::string percent_decode(std::string_view text);

// `a=1&a=2&b` -> [(a, 1), (a, 2), (b, "")]: keys and values decoded as a form encodes them ('+'
// a space, `%XX` a byte), repeated keys kept in order, empty keys dropped, everything after '#'
// dropped (a fragment never reaches a server from a browser, but raw clients send it, and AWS
// ignores it).
std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query);

// The first value of `name` in `query`; "" when absent.
std::string query_parameter(std::string_view query, std::string_view name);

// The path's segments, still encoded, without the leading slash; one trailing slash is ignored
// ("/a/b/" -> [a, b]); "/" -> [].
std::vector<std::string_view> path_segments(std::string_view path);

}  // namespace streamstack::core
