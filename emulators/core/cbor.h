#pragma once
// AWS's CBOR 1.1 protocol (application/x-amz-cbor-1.1), the default of the Java SDKs and the KCL
// for Kinesis. A body is one CBOR map with the same member names as the JSON protocol; blobs are
// byte strings (not base64 text) and timestamps are tag 1 around an integer count of epoch
// *milliseconds* (AWS deviates from RFC 8949 here; SDK v2 refuses a float after the tag).
#include <nlohmann/json.hpp>

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamstack::core::cbor {

// The bytes are not one well-formed CBOR item (or hold a map with non-text keys).
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Decodes a request body. Definite and indefinite maps, arrays, byte and text strings are
// accepted; byte strings become json binary values; a tag is dropped and its item kept (so a
// tag-1 timestamp arrives as its epoch-millisecond number); floats of every width are read.
// Items nested more than 32 deep are refused (no Kinesis shape comes near), so no body can
// exhaust the stack.
nlohmann::json decode(std::string_view bytes);

// The output members that are timestamps in AWS's models (Kinesis: records, streams and
// consumers). In the JSON form they are epoch seconds; `encode` writes them as tag 1 + ms.
inline constexpr std::string_view kTimestampMembers[] = {
    "ApproximateArrivalTimestamp", "StreamCreationTimestamp", "ConsumerCreationTimestamp"};

// Encodes an output (or error) document: json binary as byte strings, maps and arrays with
// definite lengths, and every member named in `timestamp_members` whose value is a number as
// tag 1 (0xC1) + the integer epoch milliseconds it denotes in seconds.
std::string encode(const nlohmann::json& value,
                   std::span<const std::string_view> timestamp_members = kTimestampMembers);

}  // namespace streamstack::core::cbor
