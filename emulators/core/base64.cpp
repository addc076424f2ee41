#include "core/base64.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace streamstack::core {
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

// Decodes up to the first character outside the alphabet; returns where it stopped.
std::size_t decode_into(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size() / 4 * 3 + 2);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int value = sextet(text[i]);
    if (value == kNotBase64) return i;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return text.size();
}

// The whole UTF-8 sequence that starts at text[i], for the error text.
std::string character_at(std::string_view text, std::size_t i) {
  auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return std::string(text.substr(i, length));
}

constexpr std::string_view kInvalidLast = "Invalid last non-pad Base64 character dectected";

}  // namespace

void base64_encode_to(std::string_view bytes, std::string& out) {
  // EVP_EncodeBlock takes an int length and writes a terminating NUL: encode in pieces of a
  // whole number of 3-byte groups.
  constexpr std::size_t kPiece = 3 << 20;
  std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4 + 1);
  auto* to = reinterpret_cast<unsigned char*>(out.data() + start);
  for (std::size_t done = 0; done < bytes.size(); done += kPiece) {
    std::size_t n = std::min(kPiece, bytes.size() - done);
    to += EVP_EncodeBlock(to, reinterpret_cast<const unsigned char*>(bytes.data() + done),
                          static_cast<int>(n));
  }
  out.pop_back();  // the NUL
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_encode_to(bytes, out);
  return out;
}

std::string base64_problem(std::string_view text, PaddingInData wording) {
  if (text.size() % 4 != 0) {
    return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
           std::to_string(text.size());
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      if (sextet(text[i]) == kNotBase64) {
        return "Invalid Base64 character: '" + character_at(text, i) + "'";
      }
      continue;
    }
    auto data_after = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(),
                                   [](char c) { return c != '='; });
    if (data_after == text.end()) break;  // the padding
    if (wording == PaddingInData::kInvalidLastCharacter) return std::string(kInvalidLast);
    return "Invalid Base64 character: '='";
  }
  // Every character is in the alphabet and any '=' ends the text: only the last quantum can
  // still fail, when it does not come back from a round trip (bits set after the last byte,
  // more than two '=', a '=' quantum of its own).
  std::string_view last = text.substr(text.size() - std::min<std::size_t>(4, text.size()));
  if (base64_encode(base64_decode(last)) != last) return std::string(kInvalidLast);
  return "";
}

std::string base64_decode(std::string_view text) {
  std::string out;
  decode_into(text, out);
  return out;
}

std::optional<std::string> base64_decode_lenient(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  if (decode_into(text, out) != text.size()) return std::nullopt;
  return out;
}

}  // namespace streamstack::core
