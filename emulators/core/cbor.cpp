#include "core/cbor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace streamstack::core::cbor {
namespace {

using nlohmann::json;

// The CBOR major types (RFC 8949 §3.1), already shifted into the high three bits.
constexpr std::uint8_t kUnsigned = 0x00;
constexpr std::uint8_t kNegative = 0x20;
constexpr std::uint8_t kBytes = 0x40;
constexpr std::uint8_t kText = 0x60;
constexpr std::uint8_t kArray = 0x80;
constexpr std::uint8_t kMap = 0xA0;
constexpr std::uint8_t kEpochTimeTag = 0xC1;
constexpr std::uint8_t kFalse = 0xF4;
constexpr std::uint8_t kTrue = 0xF5;
constexpr std::uint8_t kNull = 0xF6;
constexpr std::uint8_t kFloat64 = 0xFB;

class Writer {
 public:
  Writer(std::string& out, std::span<const std::string_view> timestamps)
      : out_(out), timestamps_(timestamps) {}

  void value(const json& v) {
    switch (v.type()) {
      case json::value_t::null:
      case json::value_t::discarded:
        out_.push_back(static_cast<char>(kNull));
        break;
      case json::value_t::boolean:
        out_.push_back(static_cast<char>(v.get<bool>() ? kTrue : kFalse));
        break;
      case json::value_t::number_unsigned:
        head(kUnsigned, v.get<std::uint64_t>());
        break;
      case json::value_t::number_integer:
        integer(v.get<std::int64_t>());
        break;
      case json::value_t::number_float:
        float64(v.get<double>());
        break;
      case json::value_t::string:
        string(kText, v.get_ref<const std::string&>());
        break;
      case json::value_t::binary: {
        const auto& bytes = v.get_binary();
        head(kBytes, bytes.size());
        out_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        break;
      }
      case json::value_t::array:
        head(kArray, v.size());
        for (const auto& element : v) value(element);
        break;
      case json::value_t::object:
        head(kMap, v.size());
        for (const auto& [key, member] : v.items()) {
          string(kText, key);
          if (member.is_number() && is_timestamp(key)) {
            timestamp(member.get<double>());
          } else {
            value(member);
          }
        }
        break;
    }
  }

 private:
  bool is_timestamp(std::string_view key) const {
    return std::find(timestamps_.begin(), timestamps_.end(), key) != timestamps_.end();
  }

  // Seconds (with a millisecond fraction) as tag 1 + integer milliseconds, as AWS sends them.
  void timestamp(double seconds) {
    out_.push_back(static_cast<char>(kEpochTimeTag));
    integer(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
  }

  void integer(std::int64_t n) {
    if (n >= 0) {
      head(kUnsigned, static_cast<std::uint64_t>(n));
    } else {
      head(kNegative, static_cast<std::uint64_t>(-(n + 1)));
    }
  }

  void float64(double d) {
    std::uint64_t bits;
    static_assert(sizeof bits == sizeof d);
    std::memcpy(&bits, &d, sizeof d);
    out_.push_back(static_cast<char>(kFloat64));
    big_endian(bits, 8);
  }

  void string(std::uint8_t major, std::string_view s) {
    head(major, s.size());
    out_.append(s);
  }

  // The initial byte and argument in the shortest form (RFC 8949 §3, preferred serialization).
  void head(std::uint8_t major, std::uint64_t argument) {
    if (argument < 24) {
      out_.push_back(static_cast<char>(major | argument));
    } else if (argument <= 0xFF) {
      out_.push_back(static_cast<char>(major | 24));
      big_endian(argument, 1);
    } else if (argument <= 0xFFFF) {
      out_.push_back(static_cast<char>(major | 25));
      big_endian(argument, 2);
    } else if (argument <= 0xFFFFFFFF) {
      out_.push_back(static_cast<char>(major | 26));
      big_endian(argument, 4);
    } else {
      out_.push_back(static_cast<char>(major | 27));
      big_endian(argument, 8);
    }
  }

  void big_endian(std::uint64_t n, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
      out_.push_back(static_cast<char>((n >> shift) & 0xFF));
  }

  std::string& out_;
  std::span<const std::string_view> timestamps_;
};

}  // namespace

json decode(std::string_view bytes) {
  json value = json::from_cbor(bytes.begin(), bytes.end(), /*strict=*/true,
                               /*allow_exceptions=*/false, json::cbor_tag_handler_t::ignore);
  if (value.is_discarded()) throw DecodeError("malformed CBOR");
  return value;
}

std::string encode(const json& value, std::span<const std::string_view> timestamp_members) {
  std::string out;
  out.reserve(256);
  Writer(out, timestamp_members).value(value);
  return out;
}

}  // namespace streamstack::core::cbor
