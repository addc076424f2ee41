#include "streams/ids.h"

#include <cstdio>
#include <ctime>
#include <limits>
#include <random>

namespace streamstack::streams {
namespace {

constexpr std::size_t kSequenceDigits = 20;

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

std::string format_sequence_number(std::int64_t seq) {
  char out[32];
  std::snprintf(out, sizeof out, "1%020lld", static_cast<long long>(seq));
  return out;
}

std::optional<std::int64_t> parse_sequence_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  std::string_view digits = text.substr(first);
  // Every number issued is 10^20 + seq with seq < 10^19 (a SQLite row number).
  if (digits.size() < kSequenceDigits + 1) return 0;
  if (digits.size() > kSequenceDigits + 1 || digits[0] != '1') {
    return std::numeric_limits<std::int64_t>::max();
  }
  std::uint64_t seq = 0;  // 20 digits fit in 64 unsigned bits only below 1.8 x 10^19
  std::string_view rest = digits.substr(1);
  if (rest[0] != '0') return std::numeric_limits<std::int64_t>::max();
  for (char c : rest) seq = seq * 10 + static_cast<std::uint64_t>(c - '0');
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(seq > kMax ? kMax : seq);
}

std::string format_stream_label(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char out[96];  // room for any int the compiler cannot rule out
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return out;
}

std::string make_shard_id(std::int64_t epoch_ms) {
  char out[64];
  std::snprintf(out, sizeof out, "shardId-%020lld-%s", static_cast<long long>(epoch_ms),
                random_hex(8).c_str());
  return out;
}

std::string random_hex(std::size_t chars) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(chars, '0');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < chars; ++i) {
    if (i % 16 == 0) bits = generator()();
    out[i] = kDigits[bits & 0xF];
    bits >>= 4;
  }
  return out;
}

}  // namespace streamstack::streams
