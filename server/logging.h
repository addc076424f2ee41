#pragma once
#include <string>

namespace streamstack::server {

// The server's own log (stderr): `text` for people, `json` (one object per line) for machines.
void setup_logging(const std::string& level, const std::string& format);

}  // namespace streamstack::server
