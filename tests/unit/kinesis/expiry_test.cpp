// What only a moved clock can show: iterators expire after 5 minutes with AWS's message,
// NextTokens after 300 s, records past retention are gone; and with a stream delay the
// transient statuses behave as AWS's do.
#include "fixture.h"

#include <chrono>
#include <ctime>

namespace streamstack::kinesis::testing {
namespace {

using namespace std::chrono_literals;

// Java's Date.toString() in UTC, as the ExpiredIteratorException text prints times.
std::string java_utc(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buffer;
}

class ExpiryTest : public KinesisTest {
 protected:
  void SetUp() override { call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}}); }
};

TEST_F(ExpiryTest, AnIteratorOlderThanFiveMinutesIsExpired) {
  auto created = core::Clock::now_millis();
  auto first = iterator("s");
  core::Clock::advance_for_tests(299s);
  EXPECT_EQ(call("GetRecords", {{"ShardIterator", first}})["Records"], json::array());
  core::Clock::advance_for_tests(2s);
  auto now = core::Clock::now_millis();
  auto error = error_of("GetRecords", {{"ShardIterator", first}});
  // kinesalite test/getRecords.js, against AWS. The times are whole seconds apart.
  ASSERT_LE(now / 1000 - created / 1000, 302);
  EXPECT_EQ(error["__type"], "ExpiredIteratorException");
  EXPECT_EQ(error["message"], "Iterator expired. The iterator was created at time " + java_utc(created) +
                                  " while right now it is " + java_utc(now) +
                                  " which is further in the future than the tolerated delay of 300000 "
                                  "milliseconds.");
}

TEST_F(ExpiryTest, EachGetRecordsAnswerCarriesAFreshIterator) {
  auto next = call("GetRecords", {{"ShardIterator", iterator("s")}})["NextShardIterator"];
  core::Clock::advance_for_tests(200s);
  next = call("GetRecords", {{"ShardIterator", next}})["NextShardIterator"];
  core::Clock::advance_for_tests(200s);
  EXPECT_TRUE(call("GetRecords", {{"ShardIterator", next}}).contains("NextShardIterator"));
}

TEST_F(ExpiryTest, ANextTokenOlderThan300SecondsIsExpired) {
  call("CreateStream", {{"StreamName", "s2"}, {"ShardCount", 2}});
  auto token = call("ListShards", {{"StreamName", "s2"}, {"MaxResults", 1}})["NextToken"];
  core::Clock::advance_for_tests(301s);
  auto error = error_of("ListShards", {{"NextToken", token}});
  EXPECT_EQ(error["__type"], "ExpiredNextTokenException");
}

TEST_F(ExpiryTest, RecordsPastTheRetentionPeriodAreNotReturned) {
  put("s", "b2xk");  // "old"
  core::Clock::advance_for_tests(23h);
  put("s", "bmV3");  // "new"
  core::Clock::advance_for_tests(1h + 1s);
  auto records = call("GetRecords", {{"ShardIterator", iterator("s")}})["Records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["Data"], "bmV3");
  // A longer retention brings nothing back that was already past it... but keeps the rest.
  call("IncreaseStreamRetentionPeriod", {{"StreamName", "s"}, {"RetentionPeriodHours", 48}});
  core::Clock::advance_for_tests(2h);
  EXPECT_EQ(call("GetRecords", {{"ShardIterator", iterator("s")}})["Records"].size(), 1u);
  // A shorter one trims at once.
  call("DecreaseStreamRetentionPeriod", {{"StreamName", "s"}, {"RetentionPeriodHours", 24}});
  core::Clock::advance_for_tests(22h);
  EXPECT_EQ(call("GetRecords", {{"ShardIterator", iterator("s")}})["Records"], json::array());
}

class DelayedStreamTest : public KinesisTest {
 protected:
  DelayedStreamTest() : KinesisTest(Options{.stream_delay_ms = 500, .settle_on_timer = false}) {}
};

TEST_F(DelayedStreamTest, ACreatingStreamHasNoShardsToWriteOrRead) {
  // kinesalite test/createStream.js, against AWS.
  call("CreateStream", {{"StreamName", "slow"}, {"ShardCount", 1}});
  auto description = call("DescribeStream", {{"StreamName", "slow"}})["StreamDescription"];
  EXPECT_EQ(description["StreamStatus"], "CREATING");
  EXPECT_EQ(description["Shards"], json::array());
  EXPECT_EQ(error_of("PutRecord", {{"StreamName", "slow"}, {"PartitionKey", "k"}, {"Data", ""}}),
            (json{{"__type", "ResourceNotFoundException"},
                  {"message", "Stream slow under account 123456789012 not found."}}));
  EXPECT_EQ(error_of("GetShardIterator", {{"StreamName", "slow"},
                                          {"ShardId", "shardId-000000000000"},
                                          {"ShardIteratorType", "LATEST"}}),
            (json{{"__type", "ResourceNotFoundException"},
                  {"message", "Shard shardId-000000000000 in stream slow under account 123456789012 does not exist"}}));
  EXPECT_EQ(error_of("SplitShard", {{"StreamName", "slow"},
                                    {"ShardToSplit", "shardId-000000000000"},
                                    {"NewStartingHashKey", "12345"}}),
            (json{{"__type", "ResourceInUseException"},
                  {"message", "Stream slow under account 123456789012 not ACTIVE, instead in state CREATING"}}));
  advance(501ms);
  EXPECT_EQ(call("DescribeStreamSummary", {{"StreamName", "slow"}})["StreamDescriptionSummary"]["StreamStatus"],
            "ACTIVE");
  put("slow", "AAAA");
}

TEST_F(DelayedStreamTest, AReshardAppliesWhenUpdatingEnds) {
  call("CreateStream", {{"StreamName", "r"}, {"ShardCount", 1}});
  advance(501ms);
  call("SplitShard", {{"StreamName", "r"}, {"ShardToSplit", "shardId-000000000000"}, {"NewStartingHashKey", "12345"}});
  auto updating = call("DescribeStream", {{"StreamName", "r"}})["StreamDescription"];
  EXPECT_EQ(updating["StreamStatus"], "UPDATING");
  EXPECT_EQ(updating["Shards"].size(), 1u);
  put("r", "AAAA");  // writes continue while UPDATING
  advance(501ms);
  auto active = call("DescribeStream", {{"StreamName", "r"}})["StreamDescription"];
  EXPECT_EQ(active["StreamStatus"], "ACTIVE");
  EXPECT_EQ(active["Shards"].size(), 3u);
}

TEST_F(DelayedStreamTest, ADeletingStreamIsGoneWhenItsTimeIsUp) {
  call("CreateStream", {{"StreamName", "d"}, {"ShardCount", 1}});
  advance(501ms);
  call("DeleteStream", {{"StreamName", "d"}});
  EXPECT_EQ(call("DescribeStreamSummary", {{"StreamName", "d"}})["StreamDescriptionSummary"]["StreamStatus"],
            "DELETING");
  advance(501ms);
  EXPECT_EQ(error_of("DescribeStreamSummary", {{"StreamName", "d"}})["__type"], "ResourceNotFoundException");
}

}  // namespace
}  // namespace streamstack::kinesis::testing
