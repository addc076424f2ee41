// The base64 of every blob AWS carries as text: what the encoder writes, what each service's
// parser refuses and in which words (dynalite's and kinesalite's tests, recorded against AWS),
// and what Lambda's lenient decoder lets through.
#include "core/base64.h"

#include <gtest/gtest.h>

namespace streamstack::core {
namespace {

constexpr auto kDynamoDB = PaddingInData::kInvalidLastCharacter;
constexpr auto kKinesis = PaddingInData::kInvalidCharacter;

TEST(Base64, EncodesWithStandardAlphabetAndPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("\xFB\xFF"), "+/8=");
}

TEST(Base64, EncodeToAppends) {
  std::string out = "Data:";
  base64_encode_to("fo", out);
  base64_encode_to("", out);
  base64_encode_to("foo", out);
  EXPECT_EQ(out, "Data:Zm8=Zm9v");
}

TEST(Base64, EncodesInputsLongerThanOnePieceWithoutSeams) {
  std::string bytes(3 * (1 << 20) + 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  std::string text = base64_encode(bytes);
  EXPECT_EQ(text.size(), (bytes.size() + 2) / 3 * 4);
  EXPECT_EQ(base64_problem(text, kKinesis), "");
  EXPECT_EQ(base64_decode(text), bytes);
}

TEST(Base64, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    std::string part = bytes.substr(0, n);
    std::string text = base64_encode(part);
    EXPECT_EQ(base64_problem(text, kDynamoDB), "");
    EXPECT_EQ(base64_decode(text), part);
    EXPECT_EQ(base64_decode_lenient(text), part);
  }
}

TEST(Base64, RefusesEveryTextThatIsNotCanonical) {
  for (const char* text : {"Zg", "Zg=", "Zh==", "Zm9=", "Z===", "====", "Zm9v\n", "Zm-v",
                           "Zm9v=", "=Zm9", "Zg==Zg==", "Zm9vYh=="}) {
    EXPECT_NE(base64_problem(text, kDynamoDB), "") << text;
    EXPECT_NE(base64_problem(text, kKinesis), "") << text;
  }
  EXPECT_EQ(base64_problem("", kDynamoDB), "");
  EXPECT_EQ(base64_problem("Zm9vYg==", kDynamoDB), "");
}

TEST(Base64, ProblemsInAwsWords) {
  for (auto wording : {kDynamoDB, kKinesis}) {
    EXPECT_EQ(base64_problem("23456", wording),
              "Base64 encoded length is expected a multiple of 4 bytes but found: 5");
    EXPECT_EQ(base64_problem("ab!d", wording), "Invalid Base64 character: '!'");
    EXPECT_EQ(base64_problem("ab\xC3\xA9", wording), "Invalid Base64 character: '\xC3\xA9'");
    EXPECT_EQ(base64_problem("+/+=", wording), "Invalid last non-pad Base64 character dectected");
    EXPECT_EQ(base64_problem("Yh==", wording), "Invalid last non-pad Base64 character dectected");
    EXPECT_EQ(base64_problem("A===", wording), "Invalid last non-pad Base64 character dectected");
    EXPECT_EQ(base64_problem("AAAA====", wording),
              "Invalid last non-pad Base64 character dectected");
  }
}

TEST(Base64, PaddingThatDataFollowsIsWordedPerService) {
  EXPECT_EQ(base64_problem("=+/=", kDynamoDB), "Invalid last non-pad Base64 character dectected");
  EXPECT_EQ(base64_problem("=+/=", kKinesis), "Invalid Base64 character: '='");
  EXPECT_EQ(base64_problem("AA==AAAA", kDynamoDB),
            "Invalid last non-pad Base64 character dectected");
  EXPECT_EQ(base64_problem("AA==AAAA", kKinesis), "Invalid Base64 character: '='");
  // The first fault wins.
  EXPECT_EQ(base64_problem("A!=A", kKinesis), "Invalid Base64 character: '!'");
}

TEST(Base64, LenientDecoderTakesMissingPaddingAndStrayBits) {
  EXPECT_EQ(base64_decode_lenient("Zg"), "f");
  EXPECT_EQ(base64_decode_lenient("Zh=="), "f");
  EXPECT_EQ(base64_decode_lenient("Zm9v==="), "foo");
  EXPECT_EQ(base64_decode_lenient(""), "");
  EXPECT_EQ(base64_decode_lenient("Zm-v"), std::nullopt);
  EXPECT_EQ(base64_decode_lenient("Zg==Zg=="), std::nullopt);
  EXPECT_EQ(base64_decode_lenient("Zm9v\n"), std::nullopt);
}

}  // namespace
}  // namespace streamstack::core
