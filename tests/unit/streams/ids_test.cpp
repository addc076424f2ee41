#include "streams/ids.h"
#include "streams/shard_iterator.h"
#include "streams/stream_catalog.h"

#include <gtest/gtest.h>

#include <limits>
#include <regex>

namespace streamstack::streams {
namespace {

TEST(SequenceNumber, IsOneThenTwentyZeroPaddedDigits) {
  EXPECT_EQ(format_sequence_number(1), "100000000000000000001");
  EXPECT_EQ(format_sequence_number(4242), "100000000000000004242");
  EXPECT_EQ(format_sequence_number(1).size(), 21u);
  std::string largest = format_sequence_number(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(largest, "109223372036854775807");
  EXPECT_LE(largest.size(), 40u);
}

TEST(SequenceNumber, ComparesAsBigIntegersAndAsStrings) {
  std::string a = format_sequence_number(9);
  std::string b = format_sequence_number(10);
  EXPECT_LT(a, b);
  // Same length, so their order as numbers is their order as strings.
  EXPECT_EQ(a.size(), b.size());
}

TEST(SequenceNumber, ParsesBackAndOrdersForeignNumbers) {
  EXPECT_EQ(parse_sequence_number("100000000000000004242"), 4242);
  // Numbers no row could have: below all of ours, or above.
  EXPECT_EQ(parse_sequence_number("800000000003126276362"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_sequence_number("21258800000000008186106757"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_sequence_number("000000000000000000001"), 0);
  EXPECT_EQ(parse_sequence_number("099999999999999999999"), 0);
  EXPECT_EQ(parse_sequence_number("199999999999999999999"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_sequence_number("12345678901234567890x"), std::nullopt);
  EXPECT_EQ(parse_sequence_number(""), std::nullopt);
}

TEST(StreamLabel, IsIsoMillisecondsWithoutZone) {
  EXPECT_EQ(format_stream_label(1767225600000), "2026-01-01T00:00:00.000");
  EXPECT_EQ(format_stream_label(1431379293291), "2015-05-11T21:21:33.291");
}

TEST(ShardId, HasAwsShapeAndAtLeast28Characters) {
  std::string id = make_shard_id(1573689847184);
  EXPECT_TRUE(std::regex_match(id, std::regex("shardId-00000001573689847184-[0-9a-f]{8}"))) << id;
  EXPECT_EQ(id.size(), 37u);
  EXPECT_GE(id.size(), 28u);
  EXPECT_LE(id.size(), 65u);
}

TEST(EventId, Is32LowercaseHexDigits) {
  std::string id = random_hex(32);
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}"))) << id;
  EXPECT_NE(id, random_hex(32));
}

TEST(StreamArn, ParsesItsParts) {
  auto parts = parse_stream_arn(
      "arn:aws:dynamodb:us-west-2:111122223333:table/TestTable/stream/2015-05-11T21:21:33.291");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->region, "us-west-2");
  EXPECT_EQ(parts->account, "111122223333");
  EXPECT_EQ(parts->table_name, "TestTable");
  EXPECT_EQ(parts->label, "2015-05-11T21:21:33.291");
  EXPECT_FALSE(parse_stream_arn("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"));
  EXPECT_FALSE(parse_stream_arn("arn:aws:dynamodb:us-west-2:111122223333:table/TestTable"));
  EXPECT_FALSE(parse_stream_arn("arn:aws:kinesis:us-west-2:111122223333:table/T/stream/x"));
}

TEST(ShardIterator, RoundTripsAndLooksLikeAws) {
  ShardIteratorState state{"arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000",
                           "shardId-00000001767225600000-1a2b3c4d", 42, 1767225600123};
  std::string text = encode_shard_iterator(state);
  EXPECT_EQ(text.rfind(state.stream_arn + "|1|", 0), 0u) << text;
  auto back = decode_shard_iterator(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stream_arn, state.stream_arn);
  EXPECT_EQ(back->shard_id, state.shard_id);
  EXPECT_EQ(back->position, 42);
  EXPECT_EQ(back->created_ms, 1767225600123);
  EXPECT_FALSE(decode_shard_iterator("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"));
  EXPECT_FALSE(decode_shard_iterator(state.stream_arn + "|1|!!!!"));
  EXPECT_FALSE(decode_shard_iterator("|1|AAAA"));
}

}  // namespace
}  // namespace streamstack::streams
