// LogsService's operations as the edge calls them (decoded JSON in, JSON out), and the sink that
// fills /aws/lambda/<function> from Lambda's log lines.
#include "logs/service.h"

#include "core/api_error.h"
#include "store/database.h"

#include <gtest/gtest.h>

using namespace streamstack;
using nlohmann::json;

namespace {

class LogsServiceTest : public ::testing::Test {
 protected:
  LogsServiceTest() : db_(":memory:") {
    db_.add_migrations(logs::LogsService::migrations());
    db_.migrate();
    service_ = std::make_unique<logs::LogsService>(db_);
  }

  json call(std::string_view operation, json input) { return service_->invoke(context_, operation, input); }

  // The error `operation` fails with, as "<code>: <message>".
  std::string error(std::string_view operation, json input) {
    try {
      call(operation, std::move(input));
    } catch (const core::ApiError& e) {
      return e.code() + ": " + e.message();
    }
    return "no error";
  }

  void put(const std::string& group, const std::string& stream, std::vector<std::pair<std::int64_t, std::string>> events) {
    json list = json::array();
    for (const auto& [t, m] : events) list.push_back({{"timestamp", t}, {"message", m}});
    call("PutLogEvents", {{"logGroupName", group}, {"logStreamName", stream}, {"logEvents", list}});
  }

  static std::vector<std::string> messages(const json& output) {
    std::vector<std::string> out;
    for (const auto& e : output["events"]) out.push_back(e["message"]);
    return out;
  }

  store::Database db_;
  std::unique_ptr<logs::LogsService> service_;
  core::RequestContext context_;
};

}  // namespace

TEST_F(LogsServiceTest, EventsReadInTimestampOrderWhateverTheWriteOrder) {
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  call("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  put("/g", "s", {{30, "c"}});
  put("/g", "s", {{10, "a"}, {20, "b"}});
  auto out = call("GetLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"startFromHead", true}});
  EXPECT_EQ(messages(out), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(LogsServiceTest, TokensPageForwardAndBackward) {
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  call("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  put("/g", "s", {{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}});
  json base = {{"logGroupName", "/g"}, {"logStreamName", "s"}, {"limit", 2}};
  auto newest = call("GetLogEvents", base);
  EXPECT_EQ(messages(newest), (std::vector<std::string>{"c", "d"}));
  auto older = base;
  older["nextToken"] = newest["nextBackwardToken"];
  EXPECT_EQ(messages(call("GetLogEvents", older)), (std::vector<std::string>{"a", "b"}));
  auto later = base;
  later["nextToken"] = newest["nextForwardToken"];
  auto end = call("GetLogEvents", later);
  EXPECT_TRUE(end["events"].empty());
  EXPECT_EQ(end["nextForwardToken"], newest["nextForwardToken"]);
  auto bad = base;
  bad["nextToken"] = "f/garbage/s";
  EXPECT_EQ(error("GetLogEvents", bad), "InvalidParameterException: The specified nextToken is invalid.");
}

TEST_F(LogsServiceTest, FilterInterleavesStreamsAndPages) {
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  for (const char* s : {"a", "b"}) call("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", s}});
  put("/g", "a", {{1, "ERROR one"}, {3, "INFO two"}});
  put("/g", "b", {{2, "ERROR three"}, {4, "ERROR four"}});
  auto all = call("FilterLogEvents", {{"logGroupName", "/g"}, {"filterPattern", "ERROR"}, {"limit", 2}});
  EXPECT_EQ(messages(all), (std::vector<std::string>{"ERROR one", "ERROR three"}));
  EXPECT_EQ(all["events"][0]["logStreamName"], "a");
  EXPECT_EQ(all["events"][1]["logStreamName"], "b");
  EXPECT_EQ(all["events"][0]["eventId"].get<std::string>().size(), 56u);
  auto rest = call("FilterLogEvents", {{"logGroupName", "/g"}, {"filterPattern", "ERROR"}, {"nextToken", all["nextToken"]}});
  EXPECT_EQ(messages(rest), (std::vector<std::string>{"ERROR four"}));
  EXPECT_FALSE(rest.contains("nextToken"));
  auto by_prefix = call("FilterLogEvents", {{"logGroupIdentifier", "arn:aws:logs:us-east-1:000000000000:log-group:/g:*"},
                                            {"logStreamNamePrefix", "a"}});
  EXPECT_EQ(messages(by_prefix), (std::vector<std::string>{"ERROR one", "INFO two"}));
}

TEST_F(LogsServiceTest, ErrorsInCloudWatchLogsWords) {
  EXPECT_EQ(error("DescribeLogStreams", {{"logGroupName", "/none"}}),
            "ResourceNotFoundException: The specified log group does not exist.");
  EXPECT_EQ(error("FilterLogEvents", json::object()),
            "InvalidParameterException: Should provide either logGroupName or logGroupIdentifier.");
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  call("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  EXPECT_EQ(error("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "a:b"}}),
            "InvalidParameterException: 1 validation error detected: Value 'a:b' at 'logStreamName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [^:*]*");
  EXPECT_EQ(error("PutLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"},
                                   {"logEvents", {{{"timestamp", 2}, {"message", "b"}}, {{"timestamp", 1}, {"message", "a"}}}}}),
            "InvalidParameterException: Log events in a single PutLogEvents request must be in chronological order.");
  EXPECT_EQ(error("DescribeLogGroups", {{"limit", "5"}}), "SerializationException: ");
  EXPECT_EQ(error("FilterLogEvents", {{"logGroupName", "/g"}, {"filterPattern", "{ $.x = 1 }"}}).rfind(
                "InvalidParameterException", 0),
            0u);
  // Nothing was written by the failed calls.
  auto out = call("GetLogEvents", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  EXPECT_TRUE(out["events"].empty());
}

TEST_F(LogsServiceTest, UnknownOperationsAreKnownAtTheEdge) {
  EXPECT_TRUE(service_->has_operation("FilterLogEvents"));
  EXPECT_FALSE(service_->has_operation("StartQuery"));
}

TEST_F(LogsServiceTest, DeleteLogGroupTakesItsStreamsAndEvents) {
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  call("CreateLogStream", {{"logGroupName", "/g"}, {"logStreamName", "s"}});
  put("/g", "s", {{1, "a"}});
  call("DeleteLogGroup", {{"logGroupName", "/g"}});
  EXPECT_TRUE(call("DescribeLogGroups", json::object())["logGroups"].empty());
  call("CreateLogGroup", {{"logGroupName", "/g"}});
  EXPECT_TRUE(call("DescribeLogStreams", {{"logGroupName", "/g"}})["logStreams"].empty());
}

TEST_F(LogsServiceTest, TheLambdaSinkFillsTheFunctionsGroupLineByLine) {
  auto sink = service_->lambda_sink([](const std::string&) { return std::string("000000000000/us-east-1"); });
  for (const char* line : {"START RequestId: r Version: $LATEST", "hello", "END RequestId: r"}) {
    lambda::InvocationLogEvent event;
    event.function_name = "fn";
    event.log_group_name = "/aws/lambda/fn";
    event.log_stream_name = "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef";
    event.request_id = "r";
    event.timestamp_ms = 1000;
    event.message = line;
    sink->write(event);
  }
  // Reads flush the sink first: the lines are there without waiting.
  auto out = call("FilterLogEvents", {{"logGroupName", "/aws/lambda/fn"}});
  EXPECT_EQ(messages(out), (std::vector<std::string>{"START RequestId: r Version: $LATEST\n", "hello\n",
                                                     "END RequestId: r\n"}));
  auto streams = call("DescribeLogStreams", {{"logGroupName", "/aws/lambda/fn"}})["logStreams"];
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0]["logStreamName"], "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef");
  EXPECT_EQ(streams[0]["firstEventTimestamp"], 1000);
}
