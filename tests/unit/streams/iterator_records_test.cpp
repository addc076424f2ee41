#include "fixture.h"

#include "streams/ids.h"

#include <chrono>

namespace streamstack::streams::testing {
namespace {

constexpr const char* kValidation = "com.amazon.coral.validate#ValidationException|";
constexpr const char* kDynamo = "com.amazonaws.dynamodb.v20120810#";

json item(int id, const std::string& text = "x") {
  return {{"Id", {{"N", std::to_string(id)}}}, {"Text", {{"S", text}}}};
}

// The Ids of the records of a GetRecords answer, in order.
std::vector<std::string> ids_of(const json& answer) {
  std::vector<std::string> ids;
  for (const json& record : answer["Records"]) ids.push_back(record["dynamodb"]["Keys"]["Id"]["N"]);
  return ids;
}

class ShardReads : public StreamsTest {
 protected:
  void SetUp() override {
    stream_ = open("Music", "NEW_IMAGE");
    for (int i = 1; i <= 3; ++i) {
      json next = item(i);
      sequence_.push_back(*capture(stream_.arn, nullptr, &next));
    }
  }
  json read(const std::string& iterator, std::optional<int> limit = std::nullopt) {
    json input = {{"ShardIterator", iterator}};
    if (limit) input["Limit"] = *limit;
    return call("GetRecords", input);
  }

  OpenedStream stream_;
  std::vector<std::string> sequence_;
};

TEST_F(ShardReads, TrimHorizonReadsEveryRecordInOrder) {
  json answer = read(iterator(stream_.arn, "TRIM_HORIZON"));
  EXPECT_EQ(ids_of(answer), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(answer["Records"][0]["dynamodb"]["SequenceNumber"], sequence_[0]);
  // An open shard always hands out a next iterator, and it reads nothing yet.
  json next = read(answer["NextShardIterator"]);
  EXPECT_EQ(next["Records"], json::array());
  EXPECT_TRUE(next.contains("NextShardIterator"));
}

TEST_F(ShardReads, LatestReadsOnlyLaterRecords) {
  std::string latest = iterator(stream_.arn, "LATEST");
  EXPECT_EQ(read(latest)["Records"], json::array());
  json four = item(4);
  capture(stream_.arn, nullptr, &four);
  EXPECT_EQ(ids_of(read(latest)), (std::vector<std::string>{"4"}));
}

TEST_F(ShardReads, AtAndAfterSequenceNumber) {
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "AT_SEQUENCE_NUMBER", sequence_[1]))),
            (std::vector<std::string>{"2", "3"}));
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "AFTER_SEQUENCE_NUMBER", sequence_[1]))),
            (std::vector<std::string>{"3"}));
  EXPECT_EQ(read(iterator(stream_.arn, "AFTER_SEQUENCE_NUMBER", sequence_[2]))["Records"],
            json::array());
  // The shard's StartingSequenceNumber reads the whole shard (Alternator's test, run on AWS).
  std::string start = call("DescribeStream", {{"StreamArn", stream_.arn}})["StreamDescription"]
      ["Shards"][0]["SequenceNumberRange"]["StartingSequenceNumber"];
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "AT_SEQUENCE_NUMBER", start))),
            (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(ShardReads, LimitPagesThroughTheShard) {
  json first = read(iterator(stream_.arn, "TRIM_HORIZON"), 2);
  EXPECT_EQ(ids_of(first), (std::vector<std::string>{"1", "2"}));
  json second = read(first["NextShardIterator"], 2);
  EXPECT_EQ(ids_of(second), (std::vector<std::string>{"3"}));
}

TEST_F(ShardReads, ClosedShardReadToItsEndHasNoNextIterator) {
  std::string from_start = iterator(stream_.arn, "TRIM_HORIZON");
  close(stream_.arn);
  json first = read(from_start, 2);
  EXPECT_EQ(ids_of(first), (std::vector<std::string>{"1", "2"}));
  ASSERT_TRUE(first.contains("NextShardIterator"));
  json last = read(first["NextShardIterator"]);
  EXPECT_EQ(ids_of(last), (std::vector<std::string>{"3"}));
  EXPECT_FALSE(last.contains("NextShardIterator"));
  json latest = read(iterator(stream_.arn, "LATEST"));
  EXPECT_EQ(latest, json({{"Records", json::array()}}));
}

TEST_F(ShardReads, IteratorExpiresAfterFifteenMinutes) {
  std::string it = iterator(stream_.arn, "TRIM_HORIZON");
  // A second either side of the 15 minutes: the test's own running time (the clock is real
  // time plus the advance) must not decide which side a read falls on.
  core::Clock::advance_for_tests(std::chrono::minutes(15) - std::chrono::seconds(1));
  json answer = read(it, 1);
  EXPECT_EQ(ids_of(answer), (std::vector<std::string>{"1"}));
  core::Clock::advance_for_tests(std::chrono::seconds(2));
  EXPECT_EQ(error_of("GetRecords", {{"ShardIterator", it}}),
            std::string(kDynamo) +
                "ExpiredIteratorException|The provided iterator exceeds the maximum age allowed.");
  // The next iterator was handed out later, so it is still good.
  EXPECT_EQ(ids_of(read(answer["NextShardIterator"])), (std::vector<std::string>{"2", "3"}));
}

TEST_F(ShardReads, RecordsOlderThanADayAreTrimmed) {
  const std::string trimmed =
      std::string(kDynamo) + "TrimmedDataAccessException|The data you are trying to access has "
                             "been trimmed";
  core::Clock::advance_for_tests(std::chrono::hours(24) - std::chrono::minutes(1));
  json later = item(4);
  std::string fourth = *capture(stream_.arn, nullptr, &later);
  std::string horizon = iterator(stream_.arn, "TRIM_HORIZON");
  core::Clock::advance_for_tests(std::chrono::minutes(2));
  // The iterator pointed at a record that has since been trimmed.
  EXPECT_EQ(error_of("GetRecords", {{"ShardIterator", horizon}}), trimmed);
  EXPECT_EQ(error_of("GetShardIterator", {{"StreamArn", stream_.arn},
                                          {"ShardId", shard_of(stream_.arn)},
                                          {"ShardIteratorType", "AT_SEQUENCE_NUMBER"},
                                          {"SequenceNumber", sequence_[2]}}),
            trimmed);
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "TRIM_HORIZON"))), (std::vector<std::string>{"4"}));
  // A later write deletes the old records; reads answer as before.
  json fifth = item(5);
  capture(stream_.arn, nullptr, &fifth);
  EXPECT_EQ(error_of("GetShardIterator", {{"StreamArn", stream_.arn},
                                          {"ShardId", shard_of(stream_.arn)},
                                          {"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"},
                                          {"SequenceNumber", sequence_[0]}}),
            trimmed);
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "AT_SEQUENCE_NUMBER", fourth))),
            (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(ids_of(read(iterator(stream_.arn, "TRIM_HORIZON"))),
            (std::vector<std::string>{"4", "5"}));
}

TEST_F(ShardReads, PageStopsAtOneMegabyte) {
  auto big_stream = open("Big", "NEW_IMAGE", 2);
  for (int i = 1; i <= 5; ++i) {
    json big = item(i, std::string(300 * 1024, 'a'));
    capture(big_stream.arn, nullptr, &big);
  }
  json first = read(iterator(big_stream.arn, "TRIM_HORIZON"));
  EXPECT_EQ(ids_of(first), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(ids_of(read(first["NextShardIterator"])), (std::vector<std::string>{"4", "5"}));
}

TEST_F(ShardReads, GetShardIteratorErrors) {
  std::string shard = shard_of(stream_.arn);
  auto request = [&](const std::string& type, const char* sequence) {
    json input = {{"StreamArn", stream_.arn}, {"ShardId", shard}, {"ShardIteratorType", type}};
    if (sequence != nullptr) input["SequenceNumber"] = sequence;
    return error_of("GetShardIterator", input);
  };
  EXPECT_EQ(request("AT_SEQUENCE_NUMBER", nullptr),
            std::string(kValidation) +
                "One or more parameter values were invalid: SequenceNumber is required for "
                "ShardIteratorType AT_SEQUENCE_NUMBER");
  EXPECT_EQ(request("LATEST", sequence_[0].c_str()),
            std::string(kValidation) +
                "One or more parameter values were invalid: SequenceNumber cannot be specified "
                "for ShardIteratorType LATEST");
  EXPECT_EQ(request("bulle", nullptr),
            std::string(kValidation) +
                "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to "
                "satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, "
                "LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  EXPECT_EQ(request("AT_SEQUENCE_NUMBER", "12"),
            std::string(kValidation) +
                "1 validation error detected: Value '12' at 'sequenceNumber' failed to satisfy "
                "constraint: Member must have length greater than or equal to 21");
  EXPECT_EQ(request("AT_SEQUENCE_NUMBER", "800000000003126276362"),
            std::string(kValidation) + "Invalid SequenceNumber for the shard");
  EXPECT_EQ(request("AT_SEQUENCE_NUMBER", "sdfsafglldfngjdafnasdflg"),
            std::string(kValidation) + "Invalid SequenceNumber for the shard");
  EXPECT_EQ(error_of("GetShardIterator", {{"StreamArn", stream_.arn},
                                          {"ShardId", "semprinidfaasdasfsdvacsdcfsdsvsdvsd"},
                                          {"ShardIteratorType", "LATEST"}}),
            std::string(kDynamo) +
                "ResourceNotFoundException|Requested resource not found: Shard does not exist");
  EXPECT_EQ(error_of("GetShardIterator", json::object()),
            std::string(kValidation) +
                "3 validation errors detected: Value null at 'streamArn' failed to satisfy "
                "constraint: Member must not be null; Value null at 'shardId' failed to satisfy "
                "constraint: Member must not be null; Value null at 'shardIteratorType' failed "
                "to satisfy constraint: Member must not be null");
}

TEST_F(ShardReads, GetRecordsErrors) {
  std::string it = iterator(stream_.arn, "TRIM_HORIZON");
  EXPECT_EQ(error_of("GetRecords", {{"ShardIterator", it}, {"Limit", 1001}}),
            std::string(kValidation) +
                "One or more parameter values were invalid: Limit should be less than or equal "
                "to 1000");
  EXPECT_EQ(error_of("GetRecords", {{"ShardIterator", it}, {"Limit", 0}}),
            std::string(kValidation) +
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1");
  EXPECT_EQ(error_of("GetRecords", {{"ShardIterator", "sdfsdfsgagaddafgagasgasgasdfasdfasdfas"}}),
            std::string(kValidation) + "Invalid ShardIterator");
  EXPECT_EQ(error_of("GetRecords", json::object()),
            std::string(kValidation) +
                "1 validation error detected: Value null at 'shardIterator' failed to satisfy "
                "constraint: Member must not be null");
  EXPECT_EQ(read(it, 1000)["Records"].size(), 3u);
}

}  // namespace
}  // namespace streamstack::streams::testing
