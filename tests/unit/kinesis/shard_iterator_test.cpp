// Shard iterators: AWS's shape (8 header bytes, 16-byte blocks, >= 152 bytes), a fresh text for
// every call, and nothing accepted that we did not issue.
#include "core/base64.h"
#include "kinesis/shard_iterator.h"

#include <gtest/gtest.h>

namespace streamstack::kinesis {
namespace {

const IteratorState kState{1767225600123, "my-stream", 1767225000000, 7, 12345};

TEST(ShardIterator, RoundTripsItsPosition) {
  auto decoded = decode_shard_iterator(encode_shard_iterator(kState));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->created_ms, kState.created_ms);
  EXPECT_EQ(decoded->stream_name, kState.stream_name);
  EXPECT_EQ(decoded->stream_created_ms, kState.stream_created_ms);
  EXPECT_EQ(decoded->shard_index, kState.shard_index);
  EXPECT_EQ(decoded->after_seq_ix, kState.after_seq_ix);
}

TEST(ShardIterator, HasTheShapeOfAwsIterators) {
  // kinesalite test/helpers.js assertShardIterator, checked against AWS.
  auto bytes = core::base64_decode(encode_shard_iterator(kState));
  EXPECT_GE(bytes.size(), 152u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\0\0\0\0\0\0\0\1", 8));
  EXPECT_EQ((bytes.size() - 8) % 16, 0u);
}

TEST(ShardIterator, EachCallGivesADifferentText) {
  EXPECT_NE(encode_shard_iterator(kState), encode_shard_iterator(kState));
}

TEST(ShardIterator, SurroundingQuotesAreTolerated) {
  // LocalStack test_get_records_shard_iterator_with_surrounding_quotes (against AWS).
  auto quoted = "\"" + encode_shard_iterator(kState) + "\"";
  ASSERT_TRUE(decode_shard_iterator(quoted));
  EXPECT_EQ(decode_shard_iterator(quoted)->after_seq_ix, 12345);
}

TEST(ShardIterator, AnythingElseIsRefused) {
  auto good = encode_shard_iterator(kState);
  std::string flipped = core::base64_decode(good);
  flipped[20] = static_cast<char>(flipped[20] ^ 0x55);
  EXPECT_FALSE(decode_shard_iterator(""));
  EXPECT_FALSE(decode_shard_iterator("abc"));
  EXPECT_FALSE(decode_shard_iterator("AAAAAAAAAAE="));
  EXPECT_FALSE(decode_shard_iterator(core::base64_encode(flipped)));
  EXPECT_FALSE(decode_shard_iterator(good.substr(0, good.size() - 24)));
}

}  // namespace
}  // namespace streamstack::kinesis
