#include "fixture.h"

#include <chrono>

namespace streamstack::streams::testing {
namespace {

constexpr const char* kValidation = "com.amazon.coral.validate#ValidationException|";
constexpr const char* kNotFound = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException|";

TEST_F(StreamsTest, OpenStreamNamesItByTableAndLabel) {
  std::int64_t now = 1767225600000;
  json key_schema = json::array({{{"AttributeName", "Id"}, {"KeyType", "HASH"}}});
  auto [first, second] = db_.write([&](store::Connection& c) {
    auto a = open_stream(c, context_.scope(), "Music", 1, key_schema, "KEYS_ONLY", now);
    close_stream(c, a.arn, now);
    // Enabled again in the same millisecond: the label moves on by one, as labels are unique per
    // table.
    auto b = open_stream(c, context_.scope(), "Music", 1, key_schema, "KEYS_ONLY", now);
    return std::make_pair(a, b);
  });
  EXPECT_EQ(first.label, "2026-01-01T00:00:00.000");
  EXPECT_EQ(first.arn,
            "arn:aws:dynamodb:us-east-1:123456789012:table/Music/stream/2026-01-01T00:00:00.000");
  EXPECT_EQ(second.label, "2026-01-01T00:00:00.001");
}

TEST_F(StreamsTest, DescribeStreamOfAnOpenStream) {
  auto stream = open("Music", "NEW_AND_OLD_IMAGES");
  json description = call("DescribeStream", {{"StreamArn", stream.arn}})["StreamDescription"];
  json shard = description["Shards"][0];
  EXPECT_GE(shard["ShardId"].get<std::string>().size(), 28u);
  EXPECT_EQ(shard["SequenceNumberRange"],
            json({{"StartingSequenceNumber", "100000000000000000001"}}));
  description.erase("Shards");
  EXPECT_GT(description["CreationRequestDateTime"].get<double>(), 1.7e9);
  description.erase("CreationRequestDateTime");
  EXPECT_EQ(description, json({{"StreamArn", stream.arn},
                               {"StreamLabel", stream.label},
                               {"StreamStatus", "ENABLED"},
                               {"StreamViewType", "NEW_AND_OLD_IMAGES"},
                               {"TableName", "Music"},
                               {"KeySchema", json::array({{{"AttributeName", "Id"},
                                                           {"KeyType", "HASH"}}})}}));
}

TEST_F(StreamsTest, DisabledStreamHasAClosedShardAndStaysReadableForADay) {
  auto stream = open("Music", "KEYS_ONLY");
  json item = {{"Id", {{"N", "1"}}}};
  std::string seq = *capture(stream.arn, nullptr, &item);
  close(stream.arn);
  json description = call("DescribeStream", {{"StreamArn", stream.arn}})["StreamDescription"];
  EXPECT_EQ(description["StreamStatus"], "DISABLED");
  EXPECT_EQ(description["Shards"][0]["SequenceNumberRange"],
            json({{"StartingSequenceNumber", "100000000000000000001"},
                  {"EndingSequenceNumber", seq}}));
  core::Clock::advance_for_tests(std::chrono::hours(24) - std::chrono::minutes(1));
  EXPECT_EQ(call("ListStreams", {{"TableName", "Music"}})["Streams"].size(), 1u);
  core::Clock::advance_for_tests(std::chrono::minutes(2));
  EXPECT_EQ(error_of("DescribeStream", {{"StreamArn", stream.arn}}),
            std::string(kNotFound) + "Requested resource not found: Stream: " + stream.arn +
                " not found");
  EXPECT_EQ(call("ListStreams", {{"TableName", "Music"}}), json({{"Streams", json::array()}}));
}

TEST_F(StreamsTest, DescribeStreamErrors) {
  EXPECT_EQ(error_of("DescribeStream", json::object()),
            std::string(kValidation) +
                "1 validation error detected: Value null at 'streamArn' failed to satisfy "
                "constraint: Member must not be null");
  EXPECT_EQ(error_of("DescribeStream", {{"StreamArn", "abc"}, {"Limit", 0}}),
            std::string(kValidation) +
                "2 validation errors detected: Value 'abc' at 'streamArn' failed to satisfy "
                "constraint: Member must have length greater than or equal to 37; Value '0' at "
                "'limit' failed to satisfy constraint: Member must have value greater than or "
                "equal to 1");
  EXPECT_EQ(error_of("DescribeStream",
                     {{"StreamArn", "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"}}),
            std::string(kValidation) + "Invalid StreamArn");
  std::string unknown =
      "arn:aws:dynamodb:us-east-1:123456789012:table/Nope/stream/2026-01-01T00:00:00.000";
  EXPECT_EQ(error_of("DescribeStream", {{"StreamArn", unknown}}),
            std::string(kNotFound) + "Requested resource not found: Stream: " + unknown +
                " not found");
  EXPECT_EQ(error_of("DescribeStream", {{"StreamArn", 5}}),
            "com.amazon.coral.service#SerializationException|NUMBER_VALUE cannot be converted "
            "to String");
}

TEST_F(StreamsTest, DescribeStreamShardPaging) {
  auto stream = open("Music", "KEYS_ONLY");
  std::string shard = shard_of(stream.arn);
  json after_last =
      call("DescribeStream", {{"StreamArn", stream.arn}, {"ExclusiveStartShardId", shard}});
  EXPECT_EQ(after_last["StreamDescription"]["Shards"], json::array());
  EXPECT_FALSE(after_last["StreamDescription"].contains("LastEvaluatedShardId"));
  // An unknown shard id is an empty page, not an error (AWS).
  json unknown = call("DescribeStream",
                      {{"StreamArn", stream.arn},
                       {"ExclusiveStartShardId", "zzzzzzzzzzzzzzzzzzzzzzzzsfasdgagadfadfgag"}});
  EXPECT_EQ(unknown["StreamDescription"]["Shards"], json::array());
  json one = call("DescribeStream", {{"StreamArn", stream.arn}, {"Limit", 1}});
  EXPECT_EQ(one["StreamDescription"]["Shards"].size(), 1u);
  EXPECT_FALSE(one["StreamDescription"].contains("LastEvaluatedShardId"));
  json children = call("DescribeStream",
                       {{"StreamArn", stream.arn},
                        {"ShardFilter", {{"Type", "CHILD_SHARDS"}, {"ShardId", shard}}}});
  EXPECT_EQ(children["StreamDescription"]["Shards"], json::array());
}

TEST_F(StreamsTest, ListStreamsNewestFirstWithPaging) {
  auto a = open("Alpha", "KEYS_ONLY", 1);
  core::Clock::advance_for_tests(std::chrono::milliseconds(5));
  auto b = open("Beta", "KEYS_ONLY", 2);
  core::Clock::advance_for_tests(std::chrono::milliseconds(5));
  auto c = open("Gamma", "KEYS_ONLY", 3);
  json page1 = call("ListStreams", {{"Limit", 2}});
  EXPECT_EQ(page1, json({{"Streams", json::array({{{"StreamArn", c.arn},
                                                   {"TableName", "Gamma"},
                                                   {"StreamLabel", c.label}},
                                                  {{"StreamArn", b.arn},
                                                   {"TableName", "Beta"},
                                                   {"StreamLabel", b.label}}})},
                         {"LastEvaluatedStreamArn", b.arn}}));
  json page2 = call("ListStreams", {{"Limit", 2}, {"ExclusiveStartStreamArn", b.arn}});
  EXPECT_EQ(page2, json({{"Streams", json::array({{{"StreamArn", a.arn},
                                                   {"TableName", "Alpha"},
                                                   {"StreamLabel", a.label}}})}}));
  json exact = call("ListStreams", {{"Limit", 3}});
  EXPECT_EQ(exact["Streams"].size(), 3u);
  EXPECT_FALSE(exact.contains("LastEvaluatedStreamArn"));
  json beta = call("ListStreams", {{"TableName", "Beta"}});
  EXPECT_EQ(beta["Streams"].size(), 1u);
  EXPECT_EQ(beta["Streams"][0]["StreamArn"], b.arn);
  EXPECT_EQ(call("ListStreams", {{"TableName", "NoStreams"}}), json({{"Streams", json::array()}}));
}

TEST_F(StreamsTest, ListStreamsIsPerAccountAndRegion) {
  open("Music", "KEYS_ONLY");
  context_.region = "eu-west-1";
  EXPECT_EQ(call("ListStreams", json::object()), json({{"Streams", json::array()}}));
}

TEST_F(StreamsTest, ListStreamsErrors) {
  EXPECT_EQ(error_of("ListStreams", {{"Limit", 0}}),
            std::string(kValidation) +
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1");
  EXPECT_EQ(error_of("ListStreams", {{"Limit", 101}}),
            std::string(kValidation) +
                "One or more parameter values were invalid: Limit should be less than or equal "
                "to 100");
  EXPECT_EQ(error_of("ListStreams",
                     {{"ExclusiveStartStreamArn", "kossaapaaasdafsdaasdasdasdasasdasfadfadfasd"}}),
            std::string(kValidation) + "Invalid StreamArn");
  EXPECT_EQ(error_of("ListStreams", {{"TableName", "a!"}}),
            std::string(kValidation) +
                "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
                "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length "
                "greater than or equal to 3");
  EXPECT_EQ(error_of("ListStreams", {{"Limit", "5"}}),
            "com.amazon.coral.service#SerializationException|STRING_VALUE cannot be converted "
            "to Integer");
  EXPECT_EQ(error_of("Nonsense", json::object()),
            "com.amazon.coral.service#UnknownOperationException|");
}

}  // namespace
}  // namespace streamstack::streams::testing
