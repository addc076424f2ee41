// SubscribeToShard's event stream as the edge drives it: poll() after poll(), with the messages
// decoded from the bytes each poll yields.
#include <chrono>
#include <cstdint>
#include <thread>

#include "core/cbor.h"
#include "fixture.h"

namespace streamstack::kinesis::testing {
namespace {

using namespace std::chrono_literals;

struct Message {
  std::map<std::string, std::string> headers;
  json payload;
};

// The messages in `bytes` (framing and CRCs are event_stream_test's subject), payloads as JSON
// text, or as CBOR with `cbor`.
std::vector<Message> decode(const std::string& bytes, bool cbor = false) {
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
    auto payload = bytes.substr(payload_at, at + total - 4 - payload_at);
    m.payload = cbor ? core::cbor::decode(payload) : json::parse(payload);
    out.push_back(std::move(m));
    at += total;
  }
  return out;
}

class SubscriptionTest : public KinesisTest {
 protected:
  // No limit on how often a consumer may subscribe to a shard: the tests of the limit and of
  // takeovers drive SubscriptionRegistry with their own clock.
  explicit SubscriptionTest(Options options = Options{.subscription_ms = 400,
                                                      .subscription_heartbeat_ms = 100,
                                                      .subscribe_interval_ms = 0})
      : KinesisTest(options) {
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
            {"message", "SubscribeToShard is served as an event stream over HTTP only."}}));
}

TEST_F(SubscriptionTest, ACborSubscriptionSendsItsEventsInCbor) {
  auto second = put_record("dHdv");  // "two"
  context_.protocol = core::RequestContext::Protocol::kCbor;
  auto stream = subscribe();
  auto messages = decode(stream->poll().bytes, true);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].headers.at(":content-type"), "application/x-amz-cbor-1.1");
  EXPECT_EQ(messages[0].payload, json::object());
  EXPECT_EQ(messages[1].headers,
            (std::map<std::string, std::string>{{":event-type", "SubscribeToShardEvent"},
                                                {":content-type", "application/x-amz-cbor-1.1"},
                                                {":message-type", "event"}}));
  auto& record = messages[1].payload["Records"][0];
  // Data is a byte string; the arrival time is tag 1 around integer milliseconds (the tag is
  // dropped when decoding).
  EXPECT_EQ(record["Data"], json::binary({'t', 'w', 'o'}));
  EXPECT_TRUE(record["ApproximateArrivalTimestamp"].is_number_integer());
  EXPECT_EQ(messages[1].payload["ContinuationSequenceNumber"], second);
}

TEST_F(SubscriptionTest, ANewerSubscriptionTakesOverAndTheOlderEndsWithResourceInUse) {
  service_ = std::make_unique<KinesisService>(db_, Options{.subscription_ms = 400,
                                                          .subscription_heartbeat_ms = 100,
                                                          .subscribe_interval_ms = 0,
                                                          .subscription_takeover_ms = 0});
  auto older = subscribe();
  older->poll();
  auto newer = subscribe();
  EXPECT_GT(wakes_, 0);  // the older one was woken to end
  auto chunk = older->poll();
  EXPECT_TRUE(chunk.last);
  auto messages = decode(chunk.bytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers.at(":exception-type"), "ResourceInUseException");
  EXPECT_EQ(messages[0].payload["message"],
            "Another active subscription exists for this consumer: 123456789012:s:shardId-000000000000:" + consumer_);
  older.reset();  // its end does not free the newer one's hold
  EXPECT_FALSE(newer->poll().last);
}

TEST_F(SubscriptionTest, DeregisteringTheConsumerEndsItsSubscriptions) {
  auto stream = subscribe();
  stream->poll();
  call("DeregisterStreamConsumer", {{"ConsumerARN", consumer_}});
  auto chunk = stream->poll();
  EXPECT_TRUE(chunk.last);
  auto messages = decode(chunk.bytes);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers.at(":exception-type"), "ResourceNotFoundException");
  EXPECT_EQ(messages[0].payload["message"],
            "Consumer " + consumer_ + " under stream s under account 123456789012 not found.");
}

TEST(SubscriptionRegistryTest, OneCallPerSecondPerConsumerAndShard) {
  SubscriptionRegistry registry;
  auto t0 = SubscriptionRegistry::Clock::now();
  { auto first = registry.acquire("arn:c", "shardId-000000000000", t0); ASSERT_TRUE(first.lease); }
  EXPECT_EQ(registry.acquire("arn:c", "shardId-000000000000", t0 + 999ms).refusal,
            SubscriptionRegistry::Refusal::kRateExceeded);
  // Another shard, or another consumer, has calls of its own.
  EXPECT_TRUE(registry.acquire("arn:c", "shardId-000000000001", t0 + 10ms).lease);
  EXPECT_TRUE(registry.acquire("arn:d", "shardId-000000000000", t0 + 10ms).lease);
  EXPECT_TRUE(registry.acquire("arn:c", "shardId-000000000000", t0 + 1000ms).lease);
}

TEST(SubscriptionRegistryTest, WithinFiveSecondsTheOpenSubscriptionHoldsAfterThemItIsTakenOver) {
  SubscriptionRegistry registry;
  auto t0 = SubscriptionRegistry::Clock::now();
  auto first = registry.acquire("arn:c", "s0", t0).lease;
  ASSERT_TRUE(first);
  EXPECT_EQ(registry.acquire("arn:c", "s0", t0 + 4999ms).refusal, SubscriptionRegistry::Refusal::kInUse);
  EXPECT_FALSE(first->ended_because());
  auto second = registry.acquire("arn:c", "s0", t0 + 6000ms).lease;
  ASSERT_TRUE(second);
  ASSERT_TRUE(first->ended_because());
  EXPECT_EQ(first->ended_because()->type, "ResourceInUseException");
  first.reset();
  EXPECT_EQ(registry.acquire("arn:c", "s0", t0 + 7000ms).refusal, SubscriptionRegistry::Refusal::kInUse);
  EXPECT_FALSE(second->ended_because());
}

}  // namespace
}  // namespace streamstack::kinesis::testing
