// Invocations that never block their caller, and Lambda's concurrency model: the result reaches
// a callback from the thread that ended the invocation (a worker, or the deadline), executions
// are counted against the function's reservation or the account's unreserved pool, and an
// invocation over a limit is TooManyRequestsException with AWS's Reason.
#include "lambda/errors.h"
#include "lambda/mapping_invoker.h"
#include "lambda_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <set>

namespace streamstack::lambda::testing {
namespace {

using std::chrono::milliseconds;

// Collects the results handed to invoke's callback.
struct Results {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<InvokeResult> results;

  InvokeCallback callback() {
    return [this](InvokeResult r) {
      std::lock_guard lock(mutex);
      results.push_back(std::move(r));
      arrived.notify_all();
    };
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return results.size();
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex);
    return arrived.wait_for(lock, limit, [&] { return results.size() >= n; });
  }
};

// The TooManyRequestsException `invoke` throws, or nullopt when it admitted the invocation.
std::optional<core::ApiError> throttle_of(FunctionRegistry& functions, const std::string& name, Results& results) {
  try {
    functions.invoke(name, json::object(), {}, results.callback());
  } catch (const core::ApiError& error) {
    return error;
  }
  return std::nullopt;
}

TEST_F(LambdaTest, InvokeReturnsBeforeTheFunctionEndsAndHandsTheResultOnOnce) {
  Results results;
  functions_->invoke("waiter", {{"n", 1}}, {}, results.callback());
  ASSERT_TRUE(latch().wait_entered(1));
  EXPECT_EQ(results.count(), 0u) << "the caller is free while the function runs";
  latch().release();
  ASSERT_TRUE(results.wait_for(1));
  EXPECT_TRUE(results.results[0].ok);
  EXPECT_EQ(results.results[0].payload, (json{{"n", 1}}));
  // END and REPORT are written before the result is handed on.
  auto lines = sink_->messages(results.results[0].request_id);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "END RequestId: " + results.results[0].request_id);
}

TEST_F(LambdaTest, SixtyFourInvocationsInFlightHoldNoCallerThread) {
  Results results;
  for (int i = 0; i < 64; ++i) functions_->invoke("waiter", {{"n", i}}, {}, results.callback());
  // One thread started all 64; each is running its handler on a worker of its own.
  ASSERT_TRUE(latch().wait_entered(64));
  EXPECT_EQ(results.count(), 0u);
  latch().release();
  ASSERT_TRUE(results.wait_for(64));
  std::set<int> answered;
  for (const auto& r : results.results) answered.insert(r.payload["n"].get<int>());
  EXPECT_EQ(answered.size(), 64u);
}

TEST_F(LambdaTest, TimeoutReachesTheCallbackFromTheDeadline) {
  Results results;
  InvocationOptions options;
  options.timeout = milliseconds(30);
  functions_->invoke("waiter", json::object(), options, results.callback());
  // The handler is still held: the deadline, not the handler, answers.
  ASSERT_TRUE(results.wait_for(1));
  EXPECT_TRUE(results.results[0].timed_out);
  EXPECT_EQ(results.results[0].function_error, "Unhandled");
  EXPECT_THAT(results.results[0].payload["errorMessage"].get<std::string>(),
              ::testing::EndsWith("Task timed out after 0.03 seconds"));
  latch().release();
}

TEST_F(LambdaTest, ReservedConcurrencyOfZeroThrottlesEveryInvoke) {
  functions_->concurrency().reserve("echo", 0);
  Results results;
  auto throttle = throttle_of(*functions_, "echo", results);
  ASSERT_TRUE(throttle);
  EXPECT_EQ(throttle->http_status(), 429);
  EXPECT_EQ(throttle->code(), "TooManyRequestsException");
  EXPECT_EQ(throttle->message(), "Rate Exceeded.");
  EXPECT_EQ(throttle->extra(), (json{{"Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"}, {"Type", "User"}}));
  EXPECT_TRUE(sink_->events().empty()) << "a throttled invocation never starts";
}

TEST_F(LambdaTest, ReservedConcurrencyCapsTheFunctionUntilAResultFreesIt) {
  functions_->concurrency().reserve("waiter", 2);
  Results results;
  functions_->invoke("waiter", json::object(), {}, results.callback());
  functions_->invoke("waiter", json::object(), {}, results.callback());
  auto third = throttle_of(*functions_, "waiter", results);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->extra()["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded");
  // Other functions draw on the unreserved pool meanwhile.
  EXPECT_TRUE(functions_->invoke("echo", {{"x", 1}}).ok);
  latch().release();
  ASSERT_TRUE(results.wait_for(2));
  EXPECT_FALSE(throttle_of(*functions_, "waiter", results));
  ASSERT_TRUE(results.wait_for(3));
}

TEST_F(LambdaTest, TimedOutInvocationGivesItsConcurrencyBack) {
  functions_->concurrency().reserve("waiter", 1);
  Results results;
  InvocationOptions options;
  options.timeout = milliseconds(20);
  functions_->invoke("waiter", json::object(), options, results.callback());
  ASSERT_TRUE(results.wait_for(1));
  ASSERT_TRUE(results.results[0].timed_out);
  // Its handler is still held on its thread, but Lambda has stopped the sandbox.
  EXPECT_FALSE(throttle_of(*functions_, "waiter", results));
  latch().release();
  ASSERT_TRUE(results.wait_for(2));
}

TEST_F(LambdaTest, AccountLimitThrottlesFunctionsWithoutAReservation) {
  FunctionRegistry small(handlers_, db_, FunctionRegistry::Options{.concurrency_limit = 3});
  small.create_function(function("waiter", "test.wait"));
  Results results;
  for (int i = 0; i < 3; ++i) small.invoke("waiter", json::object(), {}, results.callback());
  auto fourth = throttle_of(small, "waiter", results);
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->extra(), (json{{"Reason", "ConcurrentInvocationLimitExceeded"}, {"Type", "User"}}));
  latch().release();
  ASSERT_TRUE(results.wait_for(3));
}

TEST_F(LambdaTest, ReservationsMustLeaveTheUnreservedMinimum) {
  auto refused = [](Concurrency& c, const std::string& name, int n) -> std::string {
    try {
      c.reserve(name, n);
    } catch (const core::ApiError& e) {
      return e.code() + ": " + e.message();
    }
    return "";
  };
  Concurrency account(1000);
  EXPECT_EQ(refused(account, "a", 900), "");
  EXPECT_EQ(account.unreserved(), 100);
  EXPECT_EQ(refused(account, "b", 1),
            "InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's "
            "UnreservedConcurrentExecution below its minimum value of [100].");
  EXPECT_EQ(refused(account, "a", 899), "") << "a function's own reservation is replaced, not added to";
  EXPECT_EQ(refused(account, "b", 1), "");
  // A small account keeps all of its limit unreserved (AWS: "minimum value of [10]" at 10).
  Concurrency small(50);
  EXPECT_EQ(refused(small, "a", 1),
            "InvalidParameterValueException: Specified ReservedConcurrentExecutions for function decreases account's "
            "UnreservedConcurrentExecution below its minimum value of [50].");
  EXPECT_EQ(refused(small, "a", 0), "");
}

TEST_F(LambdaTest, ResetDropsReservations) {
  functions_->concurrency().reserve("echo", 0);
  functions_->clear();
  EXPECT_FALSE(functions_->concurrency().reserved("echo"));
}

TEST_F(LambdaTest, MappingInvokerReportsAThrottleApartFromAFunctionError) {
  functions_->concurrency().reserve("echo", 0);
  auto invoke = mapping_invoker(*functions_);
  EventSourceMapping mapping;
  mapping.function_name = "echo";
  auto outcome = invoke(mapping, {{"Records", json::array()}});
  EXPECT_TRUE(outcome.throttled);
  EXPECT_FALSE(outcome.function_error);
}

TEST_F(LambdaTest, ThrottledEventInvocationWaitsInTheQueueAndRunsOnceFree) {
  functions_->concurrency().reserve("put_handler", 0);
  auto id = functions_->invoke_event("put_handler", {{"itemKey", "queued"}, {"name", "q"}});
  EXPECT_TRUE(sink_->messages(id).empty());
  functions_->concurrency().unreserve("put_handler");
  // Lambda retries a throttled event after 1 s first.
  ASSERT_TRUE(sink_->wait_for_end(id, std::chrono::seconds(10)));
  EXPECT_EQ(db_.item("stream-demo-table", "queued"), (json{{"itemKey", {{"S", "queued"}}}, {"name", {{"S", "q"}}}}));
}

}  // namespace
}  // namespace streamstack::lambda::testing
