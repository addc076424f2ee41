#include "kinesis/event_stream.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

#include "core/cbor.h"
#include "core/json_writer.h"

namespace streamstack::kinesis {
namespace {

constexpr std::uint8_t kStringHeader = 7;
constexpr std::size_t kPreludeBytes = 12;  // total length, headers length, prelude CRC
constexpr std::size_t kCrcBytes = 4;

void put_u32(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value >> 24);
  out += static_cast<char>(value >> 16);
  out += static_cast<char>(value >> 8);
  out += static_cast<char>(value);
}

std::uint32_t crc32_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace

std::string encode_event_message(const EventHeaders& headers, std::string_view payload) {
  std::string encoded_headers;
  for (const auto& [name, value] : headers) {
    // A header name is at most 255 bytes, a string value at most 32767 (the framing's limits).
    if (name.size() > 255 || value.size() > 32767) throw std::length_error("event header too long");
    encoded_headers += static_cast<char>(name.size());
    encoded_headers += name;
    encoded_headers += static_cast<char>(kStringHeader);
    encoded_headers += static_cast<char>(value.size() >> 8);
    encoded_headers += static_cast<char>(value.size());
    encoded_headers += value;
  }
  std::size_t total = kPreludeBytes + encoded_headers.size() + payload.size() + kCrcBytes;
  std::string out;
  out.reserve(total);
  put_u32(out, static_cast<std::uint32_t>(total));
  put_u32(out, static_cast<std::uint32_t>(encoded_headers.size()));
  put_u32(out, crc32_of(out));
  out += encoded_headers;
  out += payload;
  put_u32(out, crc32_of(out));
  return out;
}

namespace {

const char* content_type_of(EventPayload protocol) {
  return protocol == EventPayload::kCbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1";
}

}  // namespace

std::string event_message(std::string_view event_type, std::string_view payload, EventPayload protocol) {
  return encode_event_message({{":event-type", std::string(event_type)},
                               {":content-type", content_type_of(protocol)},
                               {":message-type", "event"}},
                              payload);
}

std::string exception_message(std::string_view exception_type, std::string_view message, EventPayload protocol) {
  std::string payload;
  if (protocol == EventPayload::kCbor) {
    payload = core::cbor::encode(nlohmann::json{{"message", message}});
  } else {
    payload = R"({"message":)";
    core::write_json_string(message, payload);
    payload += "}";
  }
  return encode_event_message({{":exception-type", std::string(exception_type)},
                               {":content-type", content_type_of(protocol)},
                               {":message-type", "exception"}},
                              payload);
}

}  // namespace streamstack::kinesis
