#include "kinesis/base64.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace streamstack::kinesis {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int kNotBase64 = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  for (int& entry : table) entry = kNotBase64;
  for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kAlphabet[i])] = i;
  return table;
}
constexpr std::array<int, 256> kDecode = make_decode_table();

int sextet(char c) { return kDecode[static_cast<unsigned char>(c)]; }

// The whole UTF-8 sequence that starts at text[i], for the error text.
std::string character_at(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::string(text.substr(i, length));
}

}  // namespace

void base64_encode_to(std::string_view bytes, std::string& out) {
  std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out.data() + start;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    *p++ = kAlphabet[(n >> 18) & 63];
    *p++ = kAlphabet[(n >> 12) & 63];
    *p++ = kAlphabet[(n >> 6) & 63];
    *p++ = kAlphabet[n & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = in[i] << 16;
    if (rest == 2) n |= in[i + 1] << 8;
    *p++ = kAlphabet[(n >> 18) & 63];
    *p++ = kAlphabet[(n >> 12) & 63];
    *p++ = rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    *p++ = '=';
  }
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_encode_to(bytes, out);
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = sextet(c);
    if (value == kNotBase64) break;  // the padding
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string base64_problem(std::string_view text) {
  if (text.size() % 4 != 0) {
    return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
           std::to_string(text.size());
  }
  // The first character outside the alphabet, or a '=' that more data follows.
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool padding_inside = text[i] == '=' && i + 1 < text.size() && text[i + 1] != '=';
    if ((text[i] != '=' && sextet(text[i]) == kNotBase64) || padding_inside) {
      return "Invalid Base64 character: '" + character_at(text, i) + "'";
    }
  }
  // Text that does not come back from a round trip: set bits after the last byte, or padding
  // where no data is missing (AWS's spelling of "detected" kept).
  // Only the last quantum can fail once every character is in the alphabet.
  std::string_view last = text.substr(text.size() - std::min<std::size_t>(4, text.size()));
  if (base64_encode(base64_decode(last)) != last) {
    return "Invalid last non-pad Base64 character dectected";
  }
  return "";
}

}  // namespace streamstack::kinesis
