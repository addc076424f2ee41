// The hash key space: MD5 of the partition key as a 128-bit number, CreateStream's even split.
#include "kinesis/hash_key.h"

#include <gtest/gtest.h>

namespace streamstack::kinesis {
namespace {

constexpr const char* kMax = "340282366920938463463374607431768211455";

TEST(HashKey, PartitionKeyHashIsTheMd5AsAnUnsignedBigEndianNumber) {
  // kinesis.md §2.1, as kinesalite computes them.
  EXPECT_EQ(to_decimal(partition_key_hash("a")), "16955237001963240173058271559858726497");
  EXPECT_EQ(to_decimal(partition_key_hash("1")), "261578874264819908609102035485573088411");
  // MD5("") = d41d8cd98f00b204e9800998ecf8427e.
  EXPECT_EQ(to_decimal(partition_key_hash("")), "281949768489412648962353822266799178366");
}

TEST(HashKey, DecimalTextRoundTripsAcrossTheWholeRange) {
  EXPECT_EQ(to_decimal(kMaxHashKey), kMax);
  EXPECT_EQ(parse_hash_key(kMax), kMaxHashKey);
  EXPECT_EQ(parse_hash_key("0"), HashKey{0});
  EXPECT_EQ(to_decimal(*parse_hash_key("170141183460469231731687303715884105728")),
            "170141183460469231731687303715884105728");
}

TEST(HashKey, ParseRefusesWhatIsNotA128BitDecimal) {
  EXPECT_FALSE(parse_hash_key("340282366920938463463374607431768211456"));  // 2^128
  EXPECT_FALSE(parse_hash_key("1000000000000000000000000000000000000000"));
  EXPECT_FALSE(parse_hash_key(""));
  EXPECT_FALSE(parse_hash_key("-1"));
  EXPECT_FALSE(parse_hash_key("1e5"));
}

struct Split {
  int count;
  int index;
  const char* start;
  const char* end;
};

class EvenRange : public ::testing::TestWithParam<Split> {};

// kinesis.md §2.1's table; the 3-shard values were checked against AWS by kinesalite.
TEST_P(EvenRange, CreateStreamSplitsTheKeySpaceAsAwsDoes) {
  auto [count, index, start, end] = GetParam();
  auto [from, to] = even_range(index, count);
  EXPECT_EQ(to_decimal(from), start);
  EXPECT_EQ(to_decimal(to), end);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EvenRange,
    ::testing::Values(Split{1, 0, "0", kMax},
                      Split{2, 0, "0", "170141183460469231731687303715884105727"},
                      Split{2, 1, "170141183460469231731687303715884105728", kMax},
                      Split{3, 0, "0", "113427455640312821154458202477256070484"},
                      Split{3, 1, "113427455640312821154458202477256070485",
                            "226854911280625642308916404954512140969"},
                      Split{3, 2, "226854911280625642308916404954512140970", kMax},
                      Split{4, 1, "85070591730234615865843651857942052864",
                            "170141183460469231731687303715884105727"},
                      Split{4, 3, "255211775190703847597530955573826158592", kMax}));

}  // namespace
}  // namespace streamstack::kinesis
