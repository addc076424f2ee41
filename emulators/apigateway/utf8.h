#pragma once
// UTF-8 as JSON needs it (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
// A proxy event is JSON, so what a client sends as bytes must become text before it goes in.
#include <string>
#include <string_view>

namespace streamstack::apigateway {

bool is_valid_utf8(std::string_view text);
// `text` with every byte that is not part of a valid sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

}  // namespace streamstack::apigateway
