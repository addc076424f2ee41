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


// Reads one CBOR item. Written out rather than nlohmann's from_cbor, which refuses tags 0-5
// (the SDKs send every Timestamp as tag 1) and recurses without a bound (a body of nested
// arrays overflowed the stack). Nesting deeper than any Kinesis shape is refused.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool at_end() const { return pos_ == in_.size(); }

  json item(int depth) {
    if (depth > kMaxDepth) throw DecodeError("CBOR nested too deeply");
    std::uint8_t initial = byte();
    std::uint8_t major = initial & 0xE0, info = initial & 0x1F;
    if (major == kSimple) return simple(info);
    if (info == kIndefinite) return indefinite(major, depth);
    std::uint64_t n = argument(info);
    switch (major) {
      case kUnsigned:
        return n;
      case kNegative:
        // Below -2^63 only a double can hold it, as Jackson reads it into a BigInteger anyway.
        if (n > static_cast<std::uint64_t>(INT64_MAX)) return -1.0 - static_cast<double>(n);
        return -1 - static_cast<std::int64_t>(n);
      case kBytes: {
        auto raw = take(n);
        return json::binary(std::vector<std::uint8_t>(raw.begin(), raw.end()));
      }
      case kText:
        return std::string(take(n));
      case kArray: {
        json out = json::array();
        for (std::uint64_t i = 0; i < n; ++i) out.push_back(item(depth + 1));
        return out;
      }
      case kMap: {
        json out = json::object();
        for (std::uint64_t i = 0; i < n; ++i) member(out, depth);
        return out;
      }
      default:  // a tag: its item stands for itself (tag 1's epoch milliseconds stay a number)
        return item(depth + 1);
    }
  }

 private:
  static constexpr int kMaxDepth = 32;
  static constexpr std::uint8_t kSimple = 0xE0;
  static constexpr std::uint8_t kIndefinite = 31;
  static constexpr std::uint8_t kBreak = 0xFF;

  std::uint8_t byte() {
    if (pos_ >= in_.size()) throw DecodeError("truncated CBOR");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }

  std::string_view take(std::uint64_t n) {
    if (n > in_.size() - pos_) throw DecodeError("truncated CBOR");
    auto out = in_.substr(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }

  std::uint64_t big_endian(int bytes) {
    std::uint64_t n = 0;
    for (int i = 0; i < bytes; ++i) n = (n << 8) | byte();
    return n;
  }

  std::uint64_t argument(std::uint8_t info) {
    if (info < 24) return info;
    if (info <= 27) return big_endian(1 << (info - 24));
    throw DecodeError("reserved CBOR additional information");
  }

  bool at_break() {
    if (pos_ < in_.size() && static_cast<std::uint8_t>(in_[pos_]) == kBreak) {
      ++pos_;
      return true;
    }
    return false;
  }

  void member(json& object, int depth) {
    json key = item(depth + 1);
    if (!key.is_string()) throw DecodeError("CBOR map key is not a text string");
    object[key.get<std::string>()] = item(depth + 1);
  }

  json indefinite(std::uint8_t major, int depth) {
    switch (major) {
      case kBytes:
      case kText: {
        // Chunks are definite strings of the same major type.
        std::string joined;
        while (!at_break()) {
          std::uint8_t chunk = byte();
          if ((chunk & 0xE0) != major || (chunk & 0x1F) == kIndefinite) {
            throw DecodeError("bad CBOR string chunk");
          }
          joined += take(argument(chunk & 0x1F));
        }
        if (major == kText) return joined;
        return json::binary(std::vector<std::uint8_t>(joined.begin(), joined.end()));
      }
      case kArray: {
        json out = json::array();
        while (!at_break()) out.push_back(item(depth + 1));
        return out;
      }
      case kMap: {
        json out = json::object();
        while (!at_break()) member(out, depth);
        return out;
      }
      default:
        throw DecodeError("indefinite length on a CBOR integer or tag");
    }
  }

  json simple(std::uint8_t info) {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:  // undefined reads as null, as Jackson reads it
        return nullptr;
      case 25:
        return half(static_cast<std::uint16_t>(big_endian(2)));
      case 26: {
        auto bits = static_cast<std::uint32_t>(big_endian(4));
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return static_cast<double>(f);
      }
      case 27: {
        std::uint64_t bits = big_endian(8);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      default:
        throw DecodeError("unsupported CBOR simple value");
    }
  }

  static double half(std::uint16_t bits) {
    int exponent = (bits >> 10) & 0x1F;
    double fraction = bits & 0x3FF;
    double magnitude = exponent == 0    ? std::ldexp(fraction, -24)
                       : exponent == 31 ? (fraction == 0 ? INFINITY : NAN)
                                        : std::ldexp(fraction + 1024, exponent - 25);
    return (bits & 0x8000) ? -magnitude : magnitude;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

json decode(std::string_view bytes) {
  Reader reader(bytes);
  json value = reader.item(0);
  if (!reader.at_end()) throw DecodeError("bytes after the CBOR item");
  return value;
}

std::string encode(const json& value, std::span<const std::string_view> timestamp_members) {
  std::string out;
  out.reserve(256);
  Writer(out, timestamp_members).value(value);
  return out;
}

}  // namespace streamstack::core::cbor
