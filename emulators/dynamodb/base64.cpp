#include "dynamodb/attribute_value.h"
#include "dynamodb/attribute_value_detail.h"

#include <array>

namespace streamstack::dynamodb {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr int kNotBase64 = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  for (int& entry : table) entry = kNotBase64;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  return table;
}
constexpr std::array<int, 256> kDecode = make_decode_table();

int sextet(char c) { return kDecode[static_cast<unsigned char>(c)]; }

std::size_t padding_of(std::string_view text) {
  std::size_t pad = 0;
  while (pad < text.size() && pad < 2 && text[text.size() - 1 - pad] == '=') ++pad;
  return pad;
}

// The whole UTF-8 sequence that starts at text[i], for the error text.
std::string character_at(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::string(text.substr(i, length));
}

}  // namespace

std::string detail::base64_problem(std::string_view text) {
  if (text.size() % 4 != 0) {
    return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
           std::to_string(text.size());
  }
  std::size_t pad = padding_of(text);
  std::size_t data = text.size() - pad;
  for (std::size_t i = 0; i < data; ++i) {
    if (text[i] == '=') return "Invalid last non-pad Base64 character dectected";
    if (sextet(text[i]) == kNotBase64) {
      return "Invalid Base64 character: '" + character_at(text, i) + "'";
    }
  }
  // A last character whose unused low bits are set would decode to the same bytes as another
  // text; Java's decoder refuses it (AWS's spelling of "detected" kept).
  if (pad > 0) {
    int last = sextet(text[data - 1]);
    int unused_bits_mask = pad == 1 ? 0x3 : 0xF;
    if ((last & unused_bits_mask) != 0) return "Invalid last non-pad Base64 character dectected";
  }
  return "";
}

std::string base64_decode(std::string_view text, bool* ok) {
  bool valid = detail::base64_problem(text).empty();
  if (ok) *ok = valid;
  if (!valid) return "";
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned bits = 0;
  int bit_count = 0;
  for (char c : text.substr(0, text.size() - padding_of(text))) {
    bits = (bits << 6) | static_cast<unsigned>(sextet(c));
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xFF);
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned group = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      group = (group << 8) | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? kAlphabet[(group >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return out;
}

}  // namespace streamstack::dynamodb
