// SubscribeToShard's event stream as the edge drives it: poll() after poll(), with the messages
// decoded from the bytes each poll yields.
#include <chrono>
#include <cstdint>
#include <thread>

#include "fixture.h"

namespace streamstack::kinesis::testing {
namespace {

using namespace std::chrono_literals;

struct Message {
  std::map<std::string, std::string> headers;
  json payload;
};

// The messages in `bytes` (framing and CRCs are event_stream_test's subject).
std::vector<Message> decode(const std::string& bytes) {
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(bytes[at + i]);
    return v;
  };
  std::vector<Message> out;
  for (std::size_t at = 0; at < bytes.size();) {
    std::uint32_t total = u32(at), headers_length = u32(at + 4);
    Message m;
    for (std::size_t h = at + 12; h < at + 12 + headers_length;) {
      std::size_t name_length = static_cast<unsigned char>(bytes[h]);
      std::string name = bytes.substr(h + 1, name_length);
      h += 1 + name_length + 1;  // the type byte: 7, a string
      std::size_t value_length =
          static_cast<unsigned char>(bytes[h]) << 8 | static_cast<unsigned char>(bytes[h + 1]);
      m.headers[name] = bytes.substr(h + 2, value_length);
      h += 2 + value_length;
    }
    std::size_t payload_at = at + 12 + headers_length;
    m.payload = json::parse(bytes.substr(payload_at, at + total - 4 - payload_at));
    out.push_back(std::move(m));
    at += total;
  }
  return out;
}

class SubscriptionTest : public KinesisTest {
 protected:
  SubscriptionTest() : KinesisTest(Options{.subscription_ms = 400, .subscription_heartbeat_ms = 100}) {
    call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
    consumer_ = call("RegisterStreamConsumer",
                     {{"StreamARN", stream_arn}, {"ConsumerName", "c"}})["Consumer"]["ConsumerARN"];
  }

  std::unique_ptr<core::ResponseStream> subscribe(json position = {{"Type", "TRIM_HORIZON"}}) {
    json input = {
        {"ConsumerARN", consumer_}, {"ShardId", "shardId-000000000000"}, {"StartingPosition", position}};
    auto stream = service_->open_stream(context_, "SubscribeToShard", input);
    stream->set_wake([this] { ++wakes_; });
    return stream;
  }

  std::string put_record(const std::string& base64_data) {
    return call("PutRecord",
                {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", base64_data}})["SequenceNumber"];
  }

  static constexpr const char* stream_arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
  std::string consumer_;
  int wakes_ = 0;
};

TEST_F(SubscriptionTest, FirstPollIsTheInitialResponseThenTheRecordsAfterTheStart) {
  auto first = put_record("b25l");   // "one"
  auto second = put_record("dHdv");  // "two"
  auto stream = subscribe({{"Type", "AFTER_SEQUENCE_NUMBER"}, {"SequenceNumber", first}});
  EXPECT_EQ(stream->content_type(), "application/vnd.amazon.eventstream");
  auto chunk = stream->poll();
  EXPECT_FALSE(chunk.last);
  auto messages = decode(chunk.bytes);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].headers,
            (std::map<std::string, std::string>{{":event-type", "initial-response"},
                                                {":content-type", "application/x-amz-json-1.1"},
                                                {":message-type", "event"}}));
  EXPECT_EQ(messages[0].payload, json::object());
  EXPECT_EQ(messages[1].headers.at(":event-type"), "SubscribeToShardEvent");
  auto event = messages[1].payload;
  ASSERT_EQ(event["Records"].size(), 1u);
  event["Records"][0].erase("ApproximateArrivalTimestamp");
  EXPECT_EQ(event, (json{{"ContinuationSequenceNumber", second},
                         {"MillisBehindLatest", 0},
                         {"Records",
                          {{{"Data", "dHdv"},
                            {"PartitionKey", "k"},
                            {"SequenceNumber", second}}}}}));
}

TEST_F(SubscriptionTest, NothingNewWaitsForTheHeartbeatThenSendsAnEmptyEvent) {
  auto stream = subscribe();
  stream->poll();
  auto quiet = stream->poll();
  EXPECT_EQ(quiet.bytes, "");
  EXPECT_FALSE(quiet.last);
  EXPECT_GT(quiet.wait, 0ms);
  EXPECT_LE(quiet.wait, 100ms);
  std::this_thread::sleep_for(quiet.wait + 5ms);
  auto heartbeat = decode(stream->poll().bytes);
  ASSERT_EQ(heartbeat.size(), 1u);
  EXPECT_EQ(heartbeat[0].payload["Records"], json::array());
  EXPECT_EQ(heartbeat[0].payload["MillisBehindLatest"], 0);
}

TEST_F(SubscriptionTest, ARecordPutLaterWakesTheStreamAndGoesOutAtTheNextPoll) {
  auto stream = subscribe({{"Type", "LATEST"}});
  stream->poll();
  int before = wakes_;
  auto sequence_number = put_record("bmV3");  // "new"
  EXPECT_GT(wakes_, before);
  auto messages = decode(stream->poll().bytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].payload["Records"][0]["SequenceNumber"], sequence_number);
  EXPECT_EQ(messages[0].payload["ContinuationSequenceNumber"], sequence_number);
}

TEST_F(SubscriptionTest, AClosedShardEndsWithItsChildShardsAndNoContinuation) {
  auto stream = subscribe();
  stream->poll();
  call("SplitShard", {{"StreamName", "s"},
                      {"ShardToSplit", "shardId-000000000000"},
                      {"NewStartingHashKey", "170141183460469231731687303715884105728"}});
  auto chunk = stream->poll();
  EXPECT_TRUE(chunk.last);
  auto messages = decode(chunk.bytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(
      messages[0].payload,
      (json{{"ChildShards",
             {{{"ShardId", "shardId-000000000001"},
               {"ParentShards", {"shardId-000000000000"}},
               {"HashKeyRange",
                {{"StartingHashKey", "0"}, {"EndingHashKey", "170141183460469231731687303715884105727"}}}},
              {{"ShardId", "shardId-000000000002"},
               {"ParentShards", {"shardId-000000000000"}},
               {"HashKeyRange",
                {{"StartingHashKey", "170141183460469231731687303715884105728"},
                 {"EndingHashKey", "340282366920938463463374607431768211455"}}}}}},
            {"MillisBehindLatest", 0},
            {"Records", json::array()}}));
}

TEST_F(SubscriptionTest, TheSubscriptionEndsAfterItsTime) {
  auto stream = subscribe();
  stream->poll();
  std::this_thread::sleep_for(410ms);
  auto chunk = stream->poll();
  EXPECT_TRUE(chunk.last);
  EXPECT_EQ(chunk.bytes, "");
}

TEST_F(SubscriptionTest, ASecondSubscriptionOfTheConsumerToTheShardIsRefusedUntilTheFirstEnds) {
  auto stream = subscribe();
  json input = {{"ConsumerARN", consumer_},
                {"ShardId", "shardId-000000000000"},
                {"StartingPosition", {{"Type", "LATEST"}}}};
  try {
    service_->open_stream(context_, "SubscribeToShard", input);
    ADD_FAILURE() << "a second subscription opened";
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.code(), "ResourceInUseException");
    EXPECT_EQ(e.message(),
              "Another active subscription exists for this consumer: 123456789012:s:shardId-000000000000:" +
                  consumer_);
  }
  stream.reset();
  EXPECT_NE(subscribe(), nullptr);
}

TEST_F(SubscriptionTest, ADeletedStreamEndsTheSubscriptionWithResourceNotFound) {
  auto stream = subscribe();
  stream->poll();
  call("DeleteStream", {{"StreamName", "s"}, {"EnforceConsumerDeletion", true}});
  auto chunk = stream->poll();
  EXPECT_TRUE(chunk.last);
  auto messages = decode(chunk.bytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers,
            (std::map<std::string, std::string>{{":exception-type", "ResourceNotFoundException"},
                                                {":content-type", "application/x-amz-json-1.1"},
                                                {":message-type", "exception"}}));
  EXPECT_EQ(messages[0].payload,
            (json{{"message",
                   "Shard shardId-000000000000 in stream s under account 123456789012 does not exist"}}));
}

TEST_F(SubscriptionTest, SubscribeToShardOutsideTheHttpEdgeIsRefused) {
  context_.protocol = core::RequestContext::Protocol::kCbor;
  EXPECT_EQ(
      error_of("SubscribeToShard", {{"ConsumerARN", consumer_},
                                    {"ShardId", "shardId-000000000000"},
                                    {"StartingPosition", {{"Type", "LATEST"}}}}),
      (json{{"__type", "InvalidArgumentException"},
            {"message", "SubscribeToShard is served over JSON 1.1 (application/x-amz-json-1.1) only."}}));
}

}  // namespace
}  // namespace streamstack::kinesis::testing
