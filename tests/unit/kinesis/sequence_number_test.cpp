// Sequence numbers: kinesalite's "version 2" layout, 56 decimal digits, parsed back as AWS
// parses what clients send.
#include "kinesis/sequence_number.h"

#include <gtest/gtest.h>

namespace streamstack::kinesis {
namespace {

const SequenceFields kFields{1767225600, 3, 42, 1767225601};

TEST(SequenceNumber, IsFiftySixDecimalDigitsAndParsesBack) {
  auto text = format_sequence_number(kFields);
  EXPECT_EQ(text.size(), 56u);
  auto parsed = parse_sequence_number(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, ParsedSequence::Kind::kCurrent);
  EXPECT_EQ(parsed->fields.shard_created_s, 1767225600);
  EXPECT_EQ(parsed->fields.shard_index, 3);
  EXPECT_EQ(parsed->fields.seq_ix, 42u);
  EXPECT_EQ(parsed->fields.arrival_s, 1767225601);
  EXPECT_EQ(parsed->text, text);
}

TEST(SequenceNumber, OrdersByCounterWithinAShard) {
  auto first = format_sequence_number({1767225600, 0, 1, 1767225700});
  auto second = format_sequence_number({1767225600, 0, 2, 1767225600});  // earlier arrival
  ASSERT_EQ(first.size(), second.size());
  EXPECT_LT(first, second);
}

TEST(SequenceNumber, ConsecutiveShardsStartTheDistanceApartAwsShowed) {
  // kinesalite test/createStream.js (against AWS): StartingSequenceNumbers of consecutive shards
  // differ by 22300745198530623141535718272648361505980432 (16^36 + 16).
  auto a = format_sequence_number({1767225600, 0, 0, 1767225600});
  auto b = format_sequence_number({1767225600, 1, 0, 1767225600});
  // b - a by long subtraction of equal-length decimals.
  ASSERT_EQ(a.size(), b.size());
  std::string diff(a.size(), '0');
  int borrow = 0;
  for (int i = static_cast<int>(a.size()) - 1; i >= 0; --i) {
    int d = (b[i] - '0') - (a[i] - '0') - borrow;
    borrow = d < 0;
    diff[i] = static_cast<char>('0' + (d + 10) % 10);
  }
  EXPECT_EQ(diff.substr(diff.find_first_not_of('0')), "22300745198530623141535718272648361505980432");
}

TEST(SequenceNumber, AnOldLayoutNumberReadsWithItsLeadingOne) {
  // kinesalite test/getShardIterator.js: AWS reports "0" as 21267647932558653966460912964485513216.
  auto zero = parse_sequence_number("0");
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->kind, ParsedSequence::Kind::kLegacy);
  EXPECT_EQ(zero->text, "21267647932558653966460912964485513216");
  auto small = parse_sequence_number("5");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->fields.shard_index, 5);
}

TEST(SequenceNumber, NumbersKinesisNeverIssuedDoNotParse) {
  // kinesalite test/putRecord.js: a creation time from 2477 on, a bad version, an 8 in the index.
  EXPECT_FALSE(parse_sequence_number("26227199374822427428162556223570313216"));
  EXPECT_FALSE(parse_sequence_number("49039857307708443467467104868809893875799651909875269632"));
  EXPECT_FALSE(parse_sequence_number("49039857307719593840066370180380661734935976090628259842"));
  EXPECT_FALSE(parse_sequence_number(""));
  EXPECT_FALSE(parse_sequence_number("12a"));
  EXPECT_FALSE(parse_sequence_number(std::string(200, '9')));
}

}  // namespace
}  // namespace streamstack::kinesis

namespace streamstack::kinesis {
namespace {

TEST(SequenceNumber, AllZerosOfVersionOneIsOneKinesisCouldHaveIssued) {
  // kinesalite test/putRecord.js, against AWS: hex 2000...0001 works as SequenceNumberForOrdering.
  auto parsed = parse_sequence_number("49039857307708443467467104868809893875799651909875269633");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, ParsedSequence::Kind::kVersion1);
  EXPECT_EQ(parsed->fields.shard_index, 0);
  // Versions other than 1 and 2 are not: hex 2000...0004.
  EXPECT_FALSE(parse_sequence_number("49039857307708443467467104868809893875799651909875269636"));
}

TEST(SequenceNumber, AnEightInTheShardIndexParsesButIsNotAValidShard) {
  // hex 2000...0008000000 2: PutRecord takes it, GetShardIterator does not (kinesalite tests).
  auto parsed = parse_sequence_number("49039857307708443467467104868809893875799651944235008002");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(shard_index_valid(*parsed));
  auto all_f = parse_sequence_number("73559785961551514828601391991642864028743539089244946418");
  ASSERT_TRUE(all_f);
  EXPECT_EQ(all_f->fields.shard_index, 2147483647);
  EXPECT_TRUE(shard_index_valid(*all_f));
}

}  // namespace
}  // namespace streamstack::kinesis
