// AWS CBOR 1.1 as Kinesis speaks it (core/cbor.h): what the Java SDKs send is read, what they
// expect is written, and no body can harm the server.
#include "core/cbor.h"

#include <gtest/gtest.h>

#include <string>

namespace streamstack::core::cbor {
namespace {

using nlohmann::json;

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(CborDecode, ReadsIndefiniteMapsByteStringsAndTag1Milliseconds) {
  // {_ "Data": h'00ff', "Timestamp": 1(1787036486712), "Limit": 5} as Jackson writes it
  // (the timestamp is floci-io/floci#2368's wire capture).
  auto body = bytes({0xBF, 0x64, 'D', 'a', 't', 'a', 0x42, 0x00, 0xFF, 0x69, 'T', 'i', 'm', 'e', 's', 't',
                     'a', 'm', 'p', 0xC1, 0x1B, 0x00, 0x00, 0x01, 0xA0, 0x13, 0xAC, 0xCC, 0x38, 0x65, 'L',
                     'i', 'm', 'i', 't', 0x05, 0xFF});
  json decoded = decode(body);
  EXPECT_EQ(decoded["Data"], json::binary({0x00, 0xFF}));
  EXPECT_EQ(decoded["Timestamp"], 1787036486712);
  EXPECT_EQ(decoded["Limit"], 5);
}

TEST(CborDecode, ReadsChunkedStringsArraysFloatsAndSimpleValues) {
  auto body = bytes({0xA5, 0x61, 'a', 0x7F, 0x62, 'h', 'e', 0x63, 'l', 'l', 'o', 0xFF,  // "hello"
                     0x61, 'b', 0x9F, 0x01, 0x20, 0xFF,                                 // [1, -1]
                     0x61, 'c', 0xF9, 0x3E, 0x00,                                       // 1.5 (half)
                     0x61, 'd', 0xF5,                                                   // true
                     0x61, 'e', 0xF7});                                                 // undefined
  EXPECT_EQ(decode(body), (json{{"a", "hello"}, {"b", {1, -1}}, {"c", 1.5}, {"d", true}, {"e", nullptr}}));
}

TEST(CborDecode, RefusesWhatIsNotOneWellFormedItem) {
  EXPECT_THROW(decode(bytes({0xBF, 0x61})), DecodeError);              // truncated
  EXPECT_THROW(decode(bytes({0xA1, 0x01, 0x02})), DecodeError);        // non-text key
  EXPECT_THROW(decode(bytes({0xA0, 0x00})), DecodeError);              // trailing bytes
  EXPECT_THROW(decode(bytes({0x5F, 0x61, 'x', 0xFF})), DecodeError);   // text chunk in bytes
  EXPECT_THROW(decode(bytes({0x1C})), DecodeError);                    // reserved
  EXPECT_THROW(decode(bytes({0xFF})), DecodeError);                    // a stray break
  EXPECT_THROW(decode(bytes({0x5B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})), DecodeError);
}

TEST(CborDecode, RefusesDeepNestingInsteadOfExhaustingTheStack) {
  std::string deep(1000000, static_cast<char>(0x81));
  deep.push_back(0x00);
  EXPECT_THROW(decode(deep), DecodeError);
  std::string ok(30, static_cast<char>(0x81));
  ok.push_back(0x00);
  EXPECT_NO_THROW(decode(ok));
}

TEST(CborEncode, WritesTimestampsAsTag1IntegerMillisecondsAndBlobsAsByteStrings) {
  json output = {{"ApproximateArrivalTimestamp", 1787036486.712}, {"Data", json::binary({0x01})}};
  EXPECT_EQ(encode(output), bytes({0xA2, 0x78, 0x1B, 'A', 'p', 'p', 'r', 'o', 'x', 'i', 'm', 'a', 't', 'e',
                                   'A', 'r', 'r', 'i', 'v', 'a', 'l', 'T', 'i', 'm', 'e', 's', 't', 'a', 'm',
                                   'p', 0xC1, 0x1B, 0x00, 0x00, 0x01, 0xA0, 0x13, 0xAC, 0xCC, 0x38, 0x64,
                                   'D', 'a', 't', 'a', 0x41, 0x01}));
}

}  // namespace
}  // namespace streamstack::core::cbor
