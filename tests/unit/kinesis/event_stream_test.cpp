// The event-stream framing of SubscribeToShard. The expected bytes are the encoding test vectors
// of AWS's event-stream specification (aws-c-event-stream's empty_message and
// payload_no_headers) and messages that botocore's EventStreamBuffer decodes, CRCs checked.
#include "kinesis/event_stream.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace streamstack::kinesis {
namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::uint32_t u32_at(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

TEST(EventStreamTest, EmptyMessageIsTheSpecificationsVector) {
  EXPECT_EQ(hex(encode_event_message({}, "")),
            "0000001000000000"
            "05c248eb"
            "7d98c8ff");
}

TEST(EventStreamTest, PayloadWithoutHeadersIsTheSpecificationsVector) {
  EXPECT_EQ(hex(encode_event_message({}, "{'foo':'bar'}")),
            "0000001d00000000"
            "fd528c5a"
            "7b27666f6f273a27626172277d"
            "c3653936");
}

TEST(EventStreamTest, InitialResponseIsWhatBotocoreDecodes) {
  // botocore: {':event-type': 'initial-response', ':content-type': 'application/x-amz-json-1.1',
  // ':message-type': 'event'} b'{}'
  std::string message = event_message("initial-response", "{}");
  EXPECT_EQ(hex(message),
            "0000007200000060ab820d9e"
            "0b3a6576656e742d74797065070010696e697469616c2d726573706f6e7365"
            "0d3a636f6e74656e742d7479706507001a6170706c69636174696f6e2f782d616d7a2d6a736f6e2d312e31"
            "0d3a6d6573736167652d747970650700056576656e74"
            "7b7d"
            "acae6b7d");
  EXPECT_EQ(u32_at(message, 0), message.size());
  EXPECT_EQ(u32_at(message, 4), 0x60u);
  EXPECT_EQ(u32_at(message, 8), 0xab820d9eu);                   // prelude CRC
  EXPECT_EQ(u32_at(message, message.size() - 4), 0xacae6b7du);  // message CRC
}

TEST(EventStreamTest, ExceptionCarriesItsTypeAndMessage) {
  // botocore reads it as an error (status 400) of type ResourceNotFoundException, text "gone".
  EXPECT_EQ(hex(exception_message("ResourceNotFoundException", "gone")),
            "0000009300000071d486c303"
            "0f3a657863657074696f6e2d747970650700195265736f757263654e6f74466f756e64457863657074696f6e"
            "0d3a636f6e74656e742d7479706507001a6170706c69636174696f6e2f782d616d7a2d6a736f6e2d312e31"
            "0d3a6d6573736167652d74797065070009657863657074696f6e"
            "7b226d657373616765223a22676f6e65227d"
            "253db42a");
}

TEST(EventStreamTest, ExceptionMessageIsEscapedAsJson) {
  std::string message = exception_message("InternalFailureException", "a \"quoted\" text");
  EXPECT_NE(message.find(R"({"message":"a \"quoted\" text"})"), std::string::npos);
}

TEST(EventStreamTest, OverlongHeaderValueIsRefused) {
  EXPECT_THROW(encode_event_message({{"x", std::string(32768, 'a')}}, ""), std::length_error);
}

}  // namespace
}  // namespace streamstack::kinesis
