#include "streams/shard_iterator.h"

#include <charconv>

namespace streamstack::streams {
namespace {

constexpr std::string_view kVersion = "|1|";
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  std::uint32_t chunk = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (char c : text) {
    std::uint32_t value;
    if (c == '=') {
      ++padding;
      value = 0;
    } else {
      if (padding > 0) return std::nullopt;
      const char* at = std::char_traits<char>::find(kAlphabet, 64, c);
      if (at == nullptr) return std::nullopt;
      value = static_cast<std::uint32_t>(at - kAlphabet);
    }
    chunk = (chunk << 6) | value;
    bits += 6;
    if (bits == 24) {
      out += static_cast<char>((chunk >> 16) & 0xFF);
      out += static_cast<char>((chunk >> 8) & 0xFF);
      out += static_cast<char>(chunk & 0xFF);
      chunk = 0;
      bits = 0;
    }
  }
  if (padding > 2) return std::nullopt;
  out.resize(out.size() - padding);
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_shard_iterator(const ShardIteratorState& state) {
  std::string payload = state.shard_id + "/" + std::to_string(state.position) + "/" +
                        std::to_string(state.created_ms);
  return state.stream_arn + std::string(kVersion) + base64_encode(payload);
}

std::optional<ShardIteratorState> decode_shard_iterator(std::string_view text) {
  std::size_t version = text.rfind(kVersion);
  if (version == std::string_view::npos || version == 0) return std::nullopt;
  auto payload = base64_decode(text.substr(version + kVersion.size()));
  if (!payload) return std::nullopt;
  std::size_t first = payload->find('/');
  std::size_t second = payload->find('/', first == std::string::npos ? first : first + 1);
  if (first == std::string::npos || second == std::string::npos) return std::nullopt;
  auto position = parse_int(std::string_view(*payload).substr(first + 1, second - first - 1));
  auto created = parse_int(std::string_view(*payload).substr(second + 1));
  if (!position || !created || first == 0) return std::nullopt;
  return ShardIteratorState{std::string(text.substr(0, version)), payload->substr(0, first),
                            *position, *created};
}

}  // namespace streamstack::streams
