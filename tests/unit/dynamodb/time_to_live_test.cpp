// UpdateTimeToLive / DescribeTimeToLive, the expiry rule, and the sweeper's deletes.
#include "core/clock.h"
#include "dynamodb/ttl/sweeper.h"
#include "dynamodb/ttl/time_to_live.h"
#include "streams/change_capture.h"
#include "transaction_test_fixture.h"

namespace streamstack::dynamodb::testing {
namespace {

class TimeToLive : public TransactionTest {
 protected:
  json spec(const std::string& table, bool enabled, const std::string& attribute = "ttl") {
    return {{"TableName", table},
            {"TimeToLiveSpecification", {{"Enabled", enabled}, {"AttributeName", attribute}}}};
  }
  json describe(const std::string& table) {
    return call("DescribeTimeToLive", {{"TableName", table}});
  }
  // An item of `table` expiring `seconds_from_now` seconds from the clock's now.
  json expiring(const std::string& a, std::int64_t seconds_from_now,
                const std::string& attribute = "ttl") {
    json i = item(a, 1);
    i[attribute] = {{"N", std::to_string(core::Clock::now_millis() / 1000 + seconds_from_now)}};
    return i;
  }
  std::int64_t now() { return core::Clock::now_millis(); }

  Catalog sweeper_catalog{db};
  TimeToLiveSweeper sweeper{db, sweeper_catalog};
};

TEST_F(TimeToLive, EnablingAndDisablingAreDescribedAsAwsDescribesThem) {
  EXPECT_EQ(describe("plain"),
            json::parse(R"({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})"));
  EXPECT_EQ(
      call("UpdateTimeToLive", spec("plain", true)),
      json::parse(R"({"TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}})"));
  EXPECT_EQ(
      describe("plain"),
      json::parse(
          R"({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}})"));
  EXPECT_EQ(validation_message("UpdateTimeToLive", spec("plain", true)),
            "TimeToLive is already enabled");
  EXPECT_EQ(validation_message("UpdateTimeToLive", spec("plain", true, "other")),
            "TimeToLive is active on a different AttributeName");
  // One change an hour.
  EXPECT_EQ(validation_message("UpdateTimeToLive", spec("plain", false)),
            "Time to live has been modified multiple times within a fixed interval");
  core::Clock::advance_for_tests(std::chrono::hours(1));
  EXPECT_EQ(
      call("UpdateTimeToLive", spec("plain", false)),
      json::parse(R"({"TimeToLiveSpecification": {"Enabled": false, "AttributeName": "ttl"}})"));
  EXPECT_EQ(describe("plain"),
            json::parse(R"({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})"));
  EXPECT_EQ(validation_message("UpdateTimeToLive", spec("plain", false)),
            "TimeToLive is already disabled");
}

TEST_F(TimeToLive, AChangeHeldByTheTableDelayIsEnablingThenEnabled) {
  Options options;
  options.table_delay_ms = 500;
  DynamoDbService delayed(db, options);
  core::RequestContext context;
  json input = spec("pair", true);
  delayed.invoke(context, "UpdateTimeToLive", input);
  json name = {{"TableName", "pair"}};
  EXPECT_EQ(delayed.invoke(context, "DescribeTimeToLive",
                           name)["TimeToLiveDescription"]["TimeToLiveStatus"],
            "ENABLING");
  core::Clock::advance_for_tests(std::chrono::milliseconds(500));
  EXPECT_EQ(delayed.invoke(context, "DescribeTimeToLive",
                           name)["TimeToLiveDescription"]["TimeToLiveStatus"],
            "ENABLED");
}

TEST_F(TimeToLive, RequestsAreCheckedInAwsOrder) {
  EXPECT_EQ(
      validation_message("UpdateTimeToLive", {{"TimeToLiveSpecification", {{"Enabled", true}}}}),
      "The parameter 'TableName' is required but was not present in the request");
  EXPECT_EQ(validation_message("UpdateTimeToLive",
                               {{"TableName", "abc"}, {"TimeToLiveSpecification", json::object()}}),
            "2 validation errors detected: Value null at 'timeToLiveSpecification.enabled' failed "
            "to satisfy "
            "constraint: Member must not be null; Value null at "
            "'timeToLiveSpecification.attributeName' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(validation_message("UpdateTimeToLive", spec("abc", true, "")),
            "TimeToLiveSpecification.AttributeName must be non empty");
  core::ApiError e = error_of("UpdateTimeToLive", spec("abc", true));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found: Table: abc not found");
  EXPECT_EQ(error_of("DescribeTimeToLive", {{"TableName", "abc"}}).message(),
            "Requested resource not found: Table: abc not found");
}

TEST_F(TimeToLive, OnlyATopLevelNumberOfEpochSecondsInThePastExpires) {
  const std::int64_t now_ms = 1'800'000'000'000;
  auto with = [](json value) { return json{{"a", {{"S", "k"}}}, {"ttl", std::move(value)}}; };
  EXPECT_TRUE(time_to_live::expired(with({{"N", "1799999999"}}), "ttl", now_ms));
  EXPECT_TRUE(time_to_live::expired(with({{"N", "1799999999.999"}}), "ttl", now_ms));
  // Not before its second has passed: AWS deletes values less than the current time.
  EXPECT_FALSE(time_to_live::expired(with({{"N", "1800000000"}}), "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(with({{"N", "1800000001"}}), "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(with({{"S", "1"}}), "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(with({{"M", {{"N", {{"N", "1"}}}}}}), "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(json{{"a", {{"S", "k"}}}}, "ttl", now_ms));
  // More than five years in the past is ignored, as AWS ignores it.
  const std::int64_t five_years_s = 5LL * 365 * 24 * 3600;
  EXPECT_TRUE(time_to_live::expired(with({{"N", std::to_string(1'800'000'000 - five_years_s)}}),
                                    "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(
      with({{"N", std::to_string(1'800'000'000 - five_years_s - 1)}}), "ttl", now_ms));
  EXPECT_FALSE(time_to_live::expired(with({{"N", "-5"}}), "ttl", now_ms));
}

TEST_F(TimeToLive, TheSweepDeletesExpiredItemsWithTheServiceIdentity) {
  call("UpdateTimeToLive", spec("streamed", true));
  put("streamed", expiring("old", -10));
  put("streamed", expiring("later", 3600));
  put("streamed", item("forever", 1));
  json text = item("text", 1);
  text["ttl"] = {{"S", "0"}};
  put("streamed", text);
  std::size_t before = stream_records().size();
  // Reads return an expired item until it is swept.
  EXPECT_TRUE(get("streamed", key("old")));
  EXPECT_EQ(sweeper.sweep(now()), 1u);
  EXPECT_FALSE(get("streamed", key("old")));
  EXPECT_TRUE(get("streamed", key("later")));
  EXPECT_TRUE(get("streamed", key("forever")));
  EXPECT_TRUE(get("streamed", key("text")));
  auto records = stream_records();
  ASSERT_EQ(records.size(), before + 1);
  const json& removal = records.back();
  EXPECT_EQ(removal["eventName"], "REMOVE");
  EXPECT_EQ(removal["userIdentity"],
            json::parse(R"({"type": "Service", "principalId": "dynamodb.amazonaws.com"})"));
  EXPECT_EQ(removal["dynamodb"]["Keys"], key("old"));
  EXPECT_EQ(removal["dynamodb"]["OldImage"]["a"], json({{"S", "old"}}));
  // An hour later the next one has expired too.
  EXPECT_EQ(sweeper.sweep(now() + 3601 * 1000), 1u);
  EXPECT_FALSE(get("streamed", key("later")));
}

TEST_F(TimeToLive, ATableWithASortKeyAndAnAttributeNamedTtlIsSwept) {
  // TTL is a reserved word of the expression language; the attribute name is only data here.
  call("UpdateTimeToLive", spec("pair", true, "TTL"));
  for (const char* b : {"1", "2", "3"}) {
    json i = {{"a", {{"S", "p"}}},
              {"b", {{"S", b}}},
              {"TTL", {{"N", std::to_string(now() / 1000 + (b[0] == '2' ? 600 : -1))}}}};
    put("pair", i);
  }
  EXPECT_EQ(sweeper.sweep(now()), 2u);
  json left = call("Query", {{"TableName", "pair"},
                             {"KeyConditionExpression", "a = :p"},
                             {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}}});
  ASSERT_EQ(left["Count"], 1);
  EXPECT_EQ(left["Items"][0]["b"], json({{"S", "2"}}));
}

TEST_F(TimeToLive, AnItemGivenALaterExpiryAfterTheScanStaysWithoutARemoveRecord) {
  call("UpdateTimeToLive", spec("streamed", true));
  put("streamed", expiring("renewed", -5));
  std::size_t deleted = sweeper.sweep(now(), [&] { put("streamed", expiring("renewed", 3600)); });
  EXPECT_EQ(deleted, 0u);
  ASSERT_TRUE(get("streamed", key("renewed")));
  for (const json& record : stream_records()) EXPECT_NE(record["eventName"], "REMOVE");
}

TEST_F(TimeToLive, NothingIsSweptOnceTtlIsDisabledOrTheTableIsGone) {
  call("UpdateTimeToLive", spec("plain", true));
  put("plain", expiring("k", -5));
  core::Clock::advance_for_tests(std::chrono::hours(1));
  call("UpdateTimeToLive", spec("plain", false));
  EXPECT_EQ(sweeper.sweep(now()), 0u);
  EXPECT_TRUE(get("plain", key("k")));
  call("UpdateTimeToLive", spec("streamed", true));
  call("DeleteTable", {{"TableName", "streamed"}});
  EXPECT_EQ(sweeper.sweep(now()), 0u);
}

TEST_F(TimeToLive, MovingTheClockWakesTheBackgroundSweep) {
  call("UpdateTimeToLive", spec("plain", true));
  put("plain", expiring("k", 100));
  sweeper.start();
  core::Clock::advance_for_tests(std::chrono::seconds(101));
  // Woken by the move, the sweep runs within the period; polled, not slept for.
  for (int i = 0; i < 400 && get("plain", key("k")); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(get("plain", key("k")));
  sweeper.stop();
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
