#include "lambda/dispatcher.h"

#include "core/clock.h"
#include "lambda/event_source_mappings_api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using nlohmann::json;
using namespace streamstack;
using namespace streamstack::lambda;

namespace {

constexpr const char* kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000";
constexpr const char* kShard = "shardId-00000001767225600000-0000abcd";

// One shard of records held in memory.
class FakeSource : public EventSource {
 public:
  bool handles(const std::string& arn) const override { return arn.rfind("arn:aws:dynamodb:", 0) == 0; }
  bool exists(const std::string& arn) override { return arn == kArn; }
  std::vector<SourceShard> shards(const std::string&) override { return {{kShard, "", false}}; }
  std::vector<SourceRecord> read(const std::string&, const std::string&, std::int64_t after, std::size_t limit) override {
    std::lock_guard lock(mutex_);
    std::vector<SourceRecord> out;
    for (const auto& r : records_)
      if (r.position > after && out.size() < limit) out.push_back(r);
    return out;
  }
  std::int64_t latest_position(const std::string&, const std::string&) override {
    std::lock_guard lock(mutex_);
    return records_.empty() ? 0 : records_.back().position;
  }
  std::int64_t position_before_time(const std::string&, const std::string&, std::int64_t) override { return 0; }

  void append(const std::string& event_name, std::int64_t arrival_ms = core::Clock::now_millis()) {
    std::lock_guard lock(mutex_);
    auto position = static_cast<std::int64_t>(records_.size()) + 1;
    auto seq = std::to_string(100000000000000000000.0 + position).substr(0, 0) + "1" + std::string(20 - std::to_string(position).size(), '0') + std::to_string(position);
    records_.push_back({position, seq, arrival_ms,
                        json{{"eventName", event_name}, {"n", position}, {"dynamodb", {{"SequenceNumber", seq}}}}, 100});
  }

 private:
  std::mutex mutex_;
  std::vector<SourceRecord> records_;
};

// Records what each invocation received; `behaviour` decides the outcome.
struct Recorder {
  std::mutex mutex;
  std::vector<std::vector<int>> batches;
  std::function<InvokeOutcome(const std::vector<int>&, const json&)> behaviour =
      [](const std::vector<int>&, const json&) { return InvokeOutcome{}; };

  // When set, decides instead of `behaviour`, by the mapping invoked.
  std::function<InvokeOutcome(const EventSourceMapping&)> by_mapping;

  InvokeOutcome operator()(const EventSourceMapping& mapping, const json& event) {
    if (by_mapping) return by_mapping(mapping);
    std::vector<int> ns;
    for (const auto& r : event["Records"]) ns.push_back(r["n"].get<int>());
    {
      std::lock_guard lock(mutex);
      batches.push_back(ns);
    }
    return behaviour(ns, event);
  }
  std::vector<std::vector<int>> snapshot() {
    std::lock_guard lock(mutex);
    return batches;
  }
};

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : db(":memory:"), store(db) {
    db.add_migrations(MappingStore::migrations());
    db.migrate();
  }

  void start() {
    dispatcher = std::make_unique<Dispatcher>(store, [this](const EventSourceMapping& m, const json& e) { return recorder(m, e); });
    dispatcher->add_source(&source);
    api = std::make_unique<EventSourceMappingsApi>(store, *dispatcher, [](const auto&, const std::string& name) {
      return name.rfind("fn", 0) == 0;
    });
    dispatcher->start();
  }

  json create(json extra = json::object()) {
    json input = {{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "TRIM_HORIZON"}, {"BatchSize", 10}};
    input.update(extra);
    auto out = api->create(context, input);
    dispatcher->notify();
    return out;
  }

  // Waits until `done` holds (at most 5 s).
  template <typename F>
  bool eventually(F done) {
    for (int i = 0; i < 500; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }

  std::vector<int> delivered() {
    std::vector<int> all;
    for (const auto& b : recorder.snapshot()) all.insert(all.end(), b.begin(), b.end());
    return all;
  }

  store::Database db;
  MappingStore store;
  FakeSource source;
  Recorder recorder;
  core::RequestContext context;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<EventSourceMappingsApi> api;
};

}  // namespace

TEST_F(DispatcherTest, TrimHorizonDeliversEveryRecordInOrderInBatches) {
  for (int i = 0; i < 25; ++i) source.append("INSERT");
  start();
  create();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 25; }));
  auto all = delivered();
  for (int i = 0; i < 25; ++i) EXPECT_EQ(all[i], i + 1);
  for (const auto& b : recorder.snapshot()) EXPECT_LE(b.size(), 10u);
}

TEST_F(DispatcherTest, LatestSkipsWhatWasWrittenBeforeTheMapping) {
  source.append("INSERT");
  start();
  create({{"StartingPosition", "LATEST"}});
  source.append("MODIFY");
  dispatcher->notify();
  ASSERT_TRUE(eventually([&] { return !delivered().empty(); }));
  EXPECT_EQ(delivered(), std::vector<int>{2});
}

TEST_F(DispatcherTest, CheckpointSurvivesARestartOfTheDispatcher) {
  for (int i = 0; i < 3; ++i) source.append("INSERT");
  start();
  create();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 3; }));
  dispatcher->stop();
  source.append("INSERT");
  start();  // a new dispatcher over the same store resumes after record 3
  dispatcher->notify();
  ASSERT_TRUE(eventually([&] { return delivered().size() == 4; }));
  EXPECT_EQ(delivered().back(), 4);
}

TEST_F(DispatcherTest, FilterCriteriaDropsRecordsThatDoNotMatch) {
  source.append("INSERT");
  source.append("REMOVE");
  source.append("INSERT");
  start();
  create({{"FilterCriteria", {{"Filters", {{{"Pattern", R"({"eventName":["INSERT"]})"}}}}}}});
  ASSERT_TRUE(eventually([&] { return delivered().size() == 2; }));
  EXPECT_EQ(delivered(), (std::vector<int>{1, 3}));
}

TEST_F(DispatcherTest, FailingBatchIsRetriedThenSkippedAfterMaximumRetryAttempts) {
  source.append("INSERT");
  source.append("INSERT");
  recorder.behaviour = [](const std::vector<int>& ns, const json&) {
    return InvokeOutcome{ns.front() == 1, json::object()};
  };
  start();
  create({{"BatchSize", 1}, {"MaximumRetryAttempts", 2}});
  ASSERT_TRUE(eventually([&] { return !delivered().empty() && delivered().back() == 2; }));
  // First attempt + 2 retries of record 1, then record 2.
  EXPECT_EQ(delivered(), (std::vector<int>{1, 1, 1, 2}));
}

TEST_F(DispatcherTest, ThrottledBatchIsRetriedWithoutUsingRetryAttempts) {
  // AWS: an invocation Lambda throttles never reached the function, so MaximumRetryAttempts does
  // not count it; the batch is tried again until it goes through (or its records grow too old).
  source.append("INSERT");
  source.append("INSERT");
  std::atomic<int> throttles{3};
  recorder.behaviour = [&](const std::vector<int>&, const json&) {
    if (throttles.fetch_sub(1) > 0) return InvokeOutcome{.payload = json::object(), .throttled = true};
    return InvokeOutcome{};
  };
  start();
  create({{"BatchSize", 1}, {"MaximumRetryAttempts", 0}});
  ASSERT_TRUE(eventually([&] { return !delivered().empty() && delivered().back() == 2; }));
  // Three throttled tries of record 1, then record 1 through, then record 2: none discarded.
  EXPECT_EQ(delivered(), (std::vector<int>{1, 1, 1, 1, 2}));
}

TEST_F(DispatcherTest, BisectIsolatesTheBadRecordWithoutUsingRetries) {
  for (int i = 0; i < 4; ++i) source.append("INSERT");
  recorder.behaviour = [](const std::vector<int>& ns, const json&) {
    bool bad = std::find(ns.begin(), ns.end(), 3) != ns.end();
    return InvokeOutcome{bad, json::object()};
  };
  start();
  create({{"BisectBatchOnFunctionError", true}, {"MaximumRetryAttempts", 0}});
  ASSERT_TRUE(eventually([&] { return recorder.snapshot().size() >= 5; }));
  auto batches = recorder.snapshot();
  EXPECT_EQ(batches[0], (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(batches[1], (std::vector<int>{1, 2}));
  EXPECT_EQ(batches[2], (std::vector<int>{3, 4}));
  EXPECT_EQ(batches[3], (std::vector<int>{3}));
  EXPECT_EQ(batches[4], (std::vector<int>{4}));
}

TEST_F(DispatcherTest, PartialBatchResponseRetriesFromTheLowestReportedFailure) {
  for (int i = 0; i < 4; ++i) source.append("INSERT");
  std::atomic<int> calls{0};
  recorder.behaviour = [&](const std::vector<int>&, const json& event) {
    if (calls++ > 0) return InvokeOutcome{};
    auto seq = event["Records"][2]["dynamodb"]["SequenceNumber"];
    return InvokeOutcome{false, json{{"batchItemFailures", {{{"itemIdentifier", seq}}}}}};
  };
  start();
  create({{"FunctionResponseTypes", {"ReportBatchItemFailures"}}});
  ASSERT_TRUE(eventually([&] { return recorder.snapshot().size() >= 2; }));
  auto batches = recorder.snapshot();
  EXPECT_EQ(batches[0], (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(batches[1], (std::vector<int>{3, 4}));
}

TEST_F(DispatcherTest, PartialBatchResponseIsIgnoredWithoutReportBatchItemFailures) {
  source.append("INSERT");
  recorder.behaviour = [](const std::vector<int>&, const json&) {
    return InvokeOutcome{false, json{{"batchItemFailures", {{{"itemIdentifier", "x"}}}}}};
  };
  start();
  create();
  ASSERT_TRUE(eventually([&] { return !delivered().empty(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(delivered(), std::vector<int>{1});
}

TEST_F(DispatcherTest, RecordsOlderThanMaximumRecordAgeAreNotDelivered) {
  source.append("INSERT", core::Clock::now_millis() - 120000);
  source.append("INSERT");
  start();
  create({{"MaximumRecordAgeInSeconds", 60}});
  ASSERT_TRUE(eventually([&] { return !delivered().empty(); }));
  EXPECT_EQ(delivered(), std::vector<int>{2});
}

// MaximumBatchingWindowInSeconds: a batch smaller than BatchSize waits for the window, counted
// from its oldest record; a full batch goes at once.
TEST_F(DispatcherTest, BatchingWindowWaitsForAFullerBatch) {
  start();
  create({{"BatchSize", 3}, {"MaximumBatchingWindowInSeconds", 1}});
  auto started = std::chrono::steady_clock::now();
  source.append("INSERT");
  source.append("INSERT");
  dispatcher->notify();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(recorder.snapshot().empty());
  ASSERT_TRUE(eventually([&] { return !recorder.snapshot().empty(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_EQ(recorder.snapshot(), (std::vector<std::vector<int>>{{1, 2}}));
  source.append("INSERT");
  source.append("INSERT");
  source.append("INSERT");
  dispatcher->notify();
  ASSERT_TRUE(eventually([&] { return recorder.snapshot().size() == 2; }));
  EXPECT_EQ(recorder.snapshot()[1], (std::vector<int>{3, 4, 5}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1800));
}

// Each batch waits for its function for up to the function's timeout; functions that are slow
// (more of them than a fixed pool would have threads) must not hold up another mapping.
TEST_F(DispatcherTest, SlowFunctionsDoNotHoldUpOtherMappings) {
  source.append("INSERT");
  std::atomic<bool> release{false};
  // However the test ends, the slow functions are released and the dispatcher stopped before
  // what they capture goes away.
  struct Release {
    std::atomic<bool>& flag;
    std::unique_ptr<Dispatcher>& dispatcher;
    ~Release() {
      flag = true;
      if (dispatcher) dispatcher->stop();
    }
  } release_at_exit{release, dispatcher};
  std::atomic<int> slow_started{0};
  std::atomic<int> fast_calls{0};
  recorder.by_mapping = [&](const EventSourceMapping& m) {
    if (m.function_name == "fn-fast") {
      ++fast_calls;
      return InvokeOutcome{};
    }
    ++slow_started;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return InvokeOutcome{};
  };
  start();
  for (int i = 0; i < 8; ++i) create({{"FunctionName", "fn-slow-" + std::to_string(i)}});
  ASSERT_TRUE(eventually([&] { return slow_started == 8; })) << slow_started;
  create({{"FunctionName", "fn-fast"}});
  EXPECT_TRUE(eventually([&] { return fast_calls == 1; }));
}

// stop() returns only after the batch in flight has ended and checkpointed.
TEST_F(DispatcherTest, StopWaitsForTheBatchInFlight) {
  source.append("INSERT");
  std::atomic<bool> entered{false};
  recorder.by_mapping = [&](const EventSourceMapping&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return InvokeOutcome{};
  };
  start();
  auto uuid = create()["UUID"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return entered.load(); }));
  dispatcher->stop();
  EXPECT_EQ(store.checkpoint(uuid, kShard), 1);
}

// A reset pauses the dispatcher: nothing runs until resume(), which starts over from the store.
TEST_F(DispatcherTest, PauseWaitsForRunningBatchesAndStartsNoNewOnes) {
  start();
  create();
  dispatcher->pause();
  source.append("INSERT");
  dispatcher->notify();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(delivered().empty());
  dispatcher->resume();
  EXPECT_TRUE(eventually([&] { return delivered() == std::vector<int>{1}; }));
}

TEST(PartialBatchResponse, ShapesAwsTreatsAsSuccessOrWholeFailure) {
  std::vector<SourceRecord> batch = {{1, "11", 0, json::object(), 1}, {2, "12", 0, json::object(), 1}};
  EXPECT_FALSE(first_reported_failure(json::parse(R"({"batchItemFailures":[]})"), batch));
  EXPECT_FALSE(first_reported_failure(json::parse(R"({"batchItemFailures":null})"), batch));
  EXPECT_FALSE(first_reported_failure(json::object(), batch));
  EXPECT_FALSE(first_reported_failure(json(), batch));
  EXPECT_FALSE(first_reported_failure(json::array(), batch));
  EXPECT_EQ(first_reported_failure(json::parse(R"({"batchItemFailures":[{"itemIdentifier":""}]})"), batch), 0u);
  EXPECT_EQ(first_reported_failure(json::parse(R"({"batchItemFailures":[{"foo":123}]})"), batch), 0u);
  EXPECT_EQ(first_reported_failure(json::parse(R"({"batchItemFailures":[{"itemIdentifier":"123"}]})"), batch), 0u);
  EXPECT_EQ(first_reported_failure(json::parse(R"({"batchItemFailures":[{"itemIdentifier":"12"}]})"), batch), 1u);
}

TEST_F(DispatcherTest, MappingApiValidatesAsLambda) {
  start();
  auto expect_error = [&](json input, const char* code, const std::string& message) {
    try {
      api->create(context, input);
      ADD_FAILURE() << "accepted " << input.dump();
    } catch (const core::ApiError& e) {
      EXPECT_EQ(e.code(), code);
      EXPECT_EQ(e.message(), message);
    }
  };
  expect_error({{"FunctionName", "fn"}}, "InvalidParameterValueException", "Unrecognized event source.");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}}, "InvalidParameterValueException",
               "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "invalid"}}, "ValidationException",
               "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must "
               "satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "AT_TIMESTAMP"}},
               "InvalidParameterValueException", std::string("Unsupported starting position for arn type: ") + kArn);
  expect_error({{"FunctionName", "nope"}, {"EventSourceArn", kArn}, {"StartingPosition", "LATEST"}},
               "InvalidParameterValueException", "Function does not exist");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", std::string(kArn) + "x"}, {"StartingPosition", "LATEST"}},
               "InvalidParameterValueException", std::string("Stream not found: ") + kArn + "x");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "LATEST"}, {"BatchSize", 0}},
               "ValidationException",
               "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "LATEST"},
                {"FilterCriteria", {{"Filters", {{{"Pattern", "single-string"}}}}}}},
               "InvalidParameterValueException", "Invalid filter pattern definition.");
  auto created = create();
  EXPECT_EQ(created["State"], "Creating");
  EXPECT_EQ(created["MaximumRetryAttempts"], -1);
  EXPECT_EQ(created["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:fn");
  expect_error({{"FunctionName", "fn"}, {"EventSourceArn", kArn}, {"StartingPosition", "LATEST"}}, "ResourceConflictException",
               std::string("The event source arn (\" ") + kArn + " \") and function (\" fn \") provided mapping already exists. "
               "Please update or delete the existing mapping with UUID " + created["UUID"].get<std::string>());
  EXPECT_EQ(api->get(created["UUID"])["State"], "Enabled");
  EXPECT_EQ(api->update(created["UUID"], {{"Enabled", false}})["State"], "Disabling");
  EXPECT_EQ(api->get(created["UUID"])["State"], "Disabled");
  EXPECT_EQ(api->remove(created["UUID"])["State"], "Deleting");
  try {
    api->get(created["UUID"]);
    ADD_FAILURE();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.http_status(), 404);
    EXPECT_EQ(e.message(), "The resource you requested does not exist.");
    EXPECT_EQ(e.message_key(), "Message");
  }
}
