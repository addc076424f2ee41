#pragma once
// The text forms Lambda uses on the wire: CodeSha256 and ISO 8601 times.
#include <cstdint>
#include <string>
#include <string_view>

namespace streamstack::lambda {

// CodeSha256: base64 of the SHA-256 digest.
std::string sha256_base64(std::string_view bytes);
// Lower-case hex of the SHA-256 digest.
std::string sha256_hex(std::string_view bytes);

// LastModified: "2026-01-01T00:00:00.000+0000".
std::string iso8601_with_offset(std::int64_t epoch_ms);
// As in Lambda's timeout message: "2026-01-01T00:00:03.123Z".
std::string iso8601_utc(std::int64_t epoch_ms);
// The date part of a log stream name: "2026/01/01".
std::string log_stream_date(std::int64_t epoch_ms);

}  // namespace streamstack::lambda
