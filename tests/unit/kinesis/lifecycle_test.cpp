// Transient statuses end on the stream's own schedule (lifecycle.h): reads never write, another
// service's write never applies a stream's pending change, and what a delete leaves behind is
// what AWS shows. The timer is off; the tests move the clock and settle what is due.
#include "fixture.h"

#include "kinesis/kinesis_store.h"

#include <chrono>

namespace streamstack::kinesis::testing {
namespace {

using namespace std::chrono_literals;

class LifecycleTest : public KinesisTest {
 protected:
  LifecycleTest() : KinesisTest(Options{.stream_delay_ms = 500, .settle_on_timer = false}) {}

  std::string status(const std::string& stream) {
    return call("DescribeStreamSummary", {{"StreamName", stream}})["StreamDescriptionSummary"]["StreamStatus"];
  }

  json describe(const std::string& stream) { return call("DescribeStream", {{"StreamName", stream}})["StreamDescription"]; }
};

TEST_F(LifecycleTest, AReadPastTheDelayDoesNotSettleTheStatus) {
  call("CreateStream", {{"StreamName", "c"}, {"ShardCount", 1}});
  core::Clock::advance_for_tests(501ms);
  EXPECT_EQ(status("c"), "CREATING");
  EXPECT_EQ(call("ListStreams", json::object())["StreamSummaries"][0]["StreamStatus"], "CREATING");
  service_->settle_due();
  EXPECT_EQ(status("c"), "ACTIVE");
}

TEST_F(LifecycleTest, AStreamingDestinationWriteNeverAppliesAPendingReshard) {
  call("CreateStream", {{"StreamName", "r"}, {"ShardCount", 1}});
  advance(501ms);
  call("SplitShard", {{"StreamName", "r"}, {"ShardToSplit", "shardId-000000000000"}, {"NewStartingHashKey", "12345"}});
  core::Clock::advance_for_tests(501ms);
  // What DynamoDB's Kinesis streaming destination does inside the item's own transaction.
  auto appended = db_.write([&](store::Connection& c) {
    return put_record(c, context_.scope(), "r", "key", "data", core::Clock::now_millis());
  });
  EXPECT_EQ(appended.shard_id, "shardId-000000000000");
  auto updating = describe("r");
  EXPECT_EQ(updating["StreamStatus"], "UPDATING");
  EXPECT_EQ(updating["Shards"].size(), 1u);
  service_->settle_due();
  EXPECT_EQ(describe("r")["Shards"].size(), 3u);
}

TEST_F(LifecycleTest, ListStreamsNamesAndSummariesAgreeAfterADelete) {
  call("CreateStream", {{"StreamName", "gone"}, {"ShardCount", 1}});
  call("CreateStream", {{"StreamName", "kept"}, {"ShardCount", 1}});
  advance(501ms);
  call("DeleteStream", {{"StreamName", "gone"}});
  auto deleting = call("ListStreams", json::object());
  EXPECT_EQ(deleting["StreamNames"], (json{"gone", "kept"}));
  EXPECT_EQ(deleting["StreamSummaries"][0]["StreamStatus"], "DELETING");
  advance(501ms);
  auto after = call("ListStreams", json::object());
  EXPECT_EQ(after["StreamNames"], json{"kept"});
  ASSERT_EQ(after["StreamSummaries"].size(), 1u);
  EXPECT_EQ(after["StreamSummaries"][0]["StreamName"], "kept");
}

TEST_F(LifecycleTest, AStreamDeletedWhileCreatingShowsNoShards) {
  call("CreateStream", {{"StreamName", "early"}, {"ShardCount", 2}});
  call("DeleteStream", {{"StreamName", "early"}});
  auto description = describe("early");
  EXPECT_EQ(description["StreamStatus"], "DELETING");
  EXPECT_EQ(description["Shards"], json::array());
  EXPECT_EQ(call("DescribeStreamSummary", {{"StreamName", "early"}})["StreamDescriptionSummary"]["OpenShardCount"], 0);
  advance(501ms);
  EXPECT_EQ(error_of("DescribeStream", {{"StreamName", "early"}})["__type"], "ResourceNotFoundException");
}

TEST_F(LifecycleTest, ATransientStatusStoredBeforeARestartIsSettledAfterIt) {
  call("CreateStream", {{"StreamName", "restarted"}, {"ShardCount", 1}});
  service_.reset();
  service_ = std::make_unique<KinesisService>(db_, Options{.stream_delay_ms = 500, .settle_on_timer = false});
  advance(501ms);
  EXPECT_EQ(status("restarted"), "ACTIVE");
}

TEST_F(LifecycleTest, AConsumerBecomesActiveAndIsRemovedOnItsOwnSchedule) {
  call("CreateStream", {{"StreamName", "s"}, {"ShardCount", 1}});
  advance(501ms);
  auto arn = "arn:aws:kinesis:us-east-1:123456789012:stream/s";
  auto consumer = call("RegisterStreamConsumer", {{"StreamARN", arn}, {"ConsumerName", "c"}})["Consumer"];
  EXPECT_EQ(consumer["ConsumerStatus"], "CREATING");
  core::Clock::advance_for_tests(501ms);
  auto described = [&] {
    return call("DescribeStreamConsumer", {{"ConsumerARN", consumer["ConsumerARN"]}})["ConsumerDescription"];
  };
  EXPECT_EQ(described()["ConsumerStatus"], "CREATING");
  service_->settle_due();
  EXPECT_EQ(described()["ConsumerStatus"], "ACTIVE");
  call("DeregisterStreamConsumer", {{"ConsumerARN", consumer["ConsumerARN"]}});
  EXPECT_EQ(described()["ConsumerStatus"], "DELETING");
  advance(501ms);
  EXPECT_EQ(call("ListStreamConsumers", {{"StreamARN", arn}})["Consumers"], json::array());
}

TEST(LifecycleTimerTest, TheTimerSettlesAStreamWithoutAnyCall) {
  store::Database db(":memory:");
  db.add_migrations(KinesisService::migrations());
  db.migrate();
  KinesisService service(db, Options{.stream_delay_ms = 1});
  core::RequestContext context;
  json input = {{"StreamName", "timed"}, {"ShardCount", 1}};
  service.invoke(context, "CreateStream", input);
  auto active = [&] {
    return db.read([](store::Connection& c) {
      auto& st = c.prepare("SELECT status FROM kinesis_streams WHERE name = 'timed'");
      std::string status = st.step() ? st.column_text(0) : "";
      st.reset();
      return status == "ACTIVE";
    });
  };
  // Waits for the timer (it fires a millisecond after the create), not for a duration.
  for (int i = 0; i < 5000 && !active(); ++i) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(active());
}

}  // namespace
}  // namespace streamstack::kinesis::testing
