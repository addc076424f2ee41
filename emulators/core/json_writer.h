#pragma once
// JSON text of a nlohmann::json, byte for byte what `dump()` writes (compact, members in the
// object's order, non-ASCII kept as UTF-8, invalid UTF-8 replaced by U+FFFD as with
// error_handler_t::replace), several times faster: nlohmann's serializer decodes every byte of
// every string through its UTF-8 state machine, which was most of the cost of a large answer
// (a GetRecords of 10,000 records spent 13k instructions per record there).
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace streamstack::core {

// Appends the JSON text of `value` to `out`.
void write_json(const nlohmann::json& value, std::string& out);

// Appends `text` as a JSON string (quoted and escaped).
void write_json_string(std::string_view text, std::string& out);

inline std::string to_json_text(const nlohmann::json& value) {
  std::string out;
  write_json(value, out);
  return out;
}

}  // namespace streamstack::core
