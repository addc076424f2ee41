#include "lambda/encoding.h"

#include "core/base64.h"

#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <ctime>

namespace streamstack::lambda {
namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> sha256(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  return digest;
}

std::tm utc(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

// "2026-01-01T00:00:03.123" then `zone`.
std::string iso8601(std::int64_t epoch_ms, const char* zone) {
  auto tm = utc(epoch_ms);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epoch_ms % 1000), zone);
  return buf;
}

}  // namespace

std::string sha256_base64(std::string_view bytes) {
  auto digest = sha256(bytes);
  return core::base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string sha256_hex(std::string_view bytes) {
  auto digest = sha256(bytes);
  std::string out;
  char buf[3];
  for (unsigned char b : digest) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string iso8601_with_offset(std::int64_t epoch_ms) { return iso8601(epoch_ms, "+0000"); }

std::string iso8601_utc(std::int64_t epoch_ms) { return iso8601(epoch_ms, "Z"); }

std::string log_stream_date(std::int64_t epoch_ms) {
  auto tm = utc(epoch_ms);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

}  // namespace streamstack::lambda
