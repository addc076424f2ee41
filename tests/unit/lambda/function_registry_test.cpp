// Invoking functions: results, function errors, timeouts, the log Lambda writes (START, the
// handler's lines, END, REPORT), roles enforced on the handlers' DynamoDB calls.
#include "lambda/errors.h"
#include "lambda/mapping_invoker.h"
#include "lambda_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace streamstack::lambda::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using std::chrono::milliseconds;

const char* kUuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

json proxy_response(int status, const std::string& body) {
  return {{"statusCode", status}, {"headers", {{"Content-Type", "application/json"}}}, {"body", body}};
}

TEST_F(LambdaTest, InvokeReturnsTheHandlersResult) {
  auto result = functions_->invoke("put_handler", {{"itemKey", "1"}, {"name", "a"}});
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.function_error, "");
  EXPECT_EQ(result.payload, proxy_response(200, "{\"itemKey\":\"1\",\"name\":\"a\"}"));
  EXPECT_EQ(result.payload_text, result.payload.dump());
  EXPECT_THAT(result.request_id, MatchesRegex(kUuid));
  EXPECT_EQ(db_.item("stream-demo-table", "1"), (json{{"itemKey", {{"S", "1"}}}, {"name", {{"S", "a"}}}}));
}

TEST_F(LambdaTest, HandlersCallDynamoDbAsTheirRolesAssumedRoleSession) {
  functions_->invoke("put_handler", {{"itemKey", "1"}, {"name", "a"}});
  functions_->invoke("get_handler", {{"itemKey", "1"}});
  auto calls = db_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].principal_arn, "arn:aws:sts::000000000000:assumed-role/ddb_write_lambda_role/put_handler");
  EXPECT_EQ(calls[1].principal_arn, "arn:aws:sts::000000000000:assumed-role/ddb_read_lambda_role/get_handler");
  EXPECT_EQ(calls[1].region, "us-east-1");
}

TEST_F(LambdaTest, GetHandlerReadsWhatPutHandlerWrote) {
  functions_->invoke("put_handler", {{"itemKey", "k"}, {"name", "n"}});
  EXPECT_EQ(functions_->invoke("get_handler", {{"itemKey", "k"}}).payload,
            proxy_response(200, "{\"itemKey\":\"k\",\"name\":\"n\"}"));
}

TEST_F(LambdaTest, ActionOutsideTheRoleIsAccessDenied) {
  // put_handler's code under get_handler's read-only role.
  functions_->create_function(function("put_under_read_role", "put_handler.handler", read_role()));
  auto result = functions_->invoke("put_under_read_role", {{"itemKey", "1"}, {"name", "a"}});
  const std::string message =
      "An error occurred (AccessDeniedException) when calling the PutItem operation: User: "
      "arn:aws:sts::000000000000:assumed-role/ddb_read_lambda_role/put_under_read_role is not authorized to perform: "
      "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table because no "
      "identity-based policy allows the dynamodb:PutItem action";
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(result.error_type, "ClientError");
  EXPECT_EQ(result.error_message, message);
  EXPECT_EQ(result.payload, (json{{"errorMessage", message}, {"errorType", "ClientError"}, {"stackTrace", json::array()}}));
  EXPECT_TRUE(db_.calls().empty()) << "a denied call must not reach DynamoDB";
}

TEST_F(LambdaTest, GetHandlerMayNotWriteAndPutHandlerMayNotRead) {
  functions_->create_function(function("get_under_write_role", "handler.handler", write_role()));
  auto result = functions_->invoke("get_under_write_role", {{"itemKey", "1"}});
  EXPECT_EQ(result.error_message,
            "An error occurred (AccessDeniedException) when calling the GetItem operation: User: "
            "arn:aws:sts::000000000000:assumed-role/ddb_write_lambda_role/get_under_write_role is not authorized to "
            "perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table "
            "because no identity-based policy allows the dynamodb:GetItem action");
}

TEST_F(LambdaTest, ThrowingHandlerIsAnUnhandledFunctionError) {
  auto result = functions_->invoke("thrower", json::object());
  EXPECT_FALSE(result.ok);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_EQ(result.error_type, "std::runtime_error");
  EXPECT_EQ(result.payload_text, "{\"errorMessage\":\"boom\",\"errorType\":\"std::runtime_error\",\"stackTrace\":[]}");
}

TEST_F(LambdaTest, RuntimeHandlerPayloadIsReturnedByteForByte) {
  auto result = functions_->invoke("runtime", json::object());
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.payload_text, "plain text");
  EXPECT_EQ(result.payload, json("plain text"));
}

TEST_F(LambdaTest, TimeoutStopsWaitingAtTheDeadlineWithLambdasError) {
  InvocationOptions options;
  options.timeout = milliseconds(50);
  auto start = std::chrono::steady_clock::now();
  auto result = functions_->invoke("sleeper", {{"ms", 400}}, options);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LT(waited, milliseconds(300));
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.function_error, "Unhandled");
  EXPECT_THAT(result.payload["errorMessage"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z " + result.request_id +
                           " Task timed out after 0\\.05 seconds"));
  EXPECT_EQ(result.payload.size(), 1u);
  EXPECT_EQ(result.payload_text, result.payload.dump());
}

TEST_F(LambdaTest, TimeoutUsesTheFunctionsTimeoutInSeconds) {
  functions_->create_function(function("slow", "test.sleep", write_role(), 1));
  auto result = functions_->invoke("slow", {{"ms", 1300}});
  EXPECT_TRUE(result.timed_out);
  EXPECT_THAT(result.payload["errorMessage"].get<std::string>(),
              MatchesRegex(".* " + result.request_id + " Task timed out after 1\\.00 seconds"));
  EXPECT_EQ(result.duration, std::chrono::seconds(1));
}

TEST_F(LambdaTest, TimedOutHandlerCanNeitherLogNorWriteAfterwards) {
  InvocationOptions options;
  options.timeout = milliseconds(20);
  auto result = functions_->invoke("sleeper", {{"ms", 80}}, options);
  ASSERT_TRUE(result.timed_out);
  std::this_thread::sleep_for(milliseconds(250));  // the handler wakes, logs and writes
  EXPECT_TRUE(db_.calls().empty());
  auto lines = sink_->messages(result.request_id);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "START RequestId: " + result.request_id + " Version: $LATEST");
  EXPECT_THAT(lines[1], MatchesRegex(".* Task timed out after 0\\.02 seconds"));
  EXPECT_EQ(lines[2], "END RequestId: " + result.request_id);
  EXPECT_THAT(lines[3], MatchesRegex("REPORT RequestId: " + result.request_id +
                                     "\tDuration: 20\\.00 ms\tBilled Duration: 20 ms\tMemory Size: 128 MB\t"
                                     "Max Memory Used: [0-9]+ MB\tStatus: timeout\t"));
}

TEST_F(LambdaTest, StuckHandlersDoNotHoldUpOtherInvocations) {
  InvocationOptions options;
  options.timeout = milliseconds(30);
  functions_->invoke("sleeper", {{"ms", 500}}, options);
  functions_->invoke("sleeper", {{"ms", 500}}, options);
  auto start = std::chrono::steady_clock::now();
  auto result = functions_->invoke("echo", {{"x", 1}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(200));
  EXPECT_EQ(result.payload, (json{{"x", 1}}));
}

TEST_F(LambdaTest, LogHasStartTheHandlersLinesEndAndReport) {
  auto result = functions_->invoke("logger", {{"lines", {"first", "second"}}});
  auto id = result.request_id;
  auto lines = sink_->messages(id);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "START RequestId: " + id + " Version: $LATEST");
  EXPECT_EQ(lines[1], "first");
  EXPECT_EQ(lines[2], "second");
  EXPECT_EQ(lines[3], "END RequestId: " + id);
  EXPECT_THAT(lines[4], MatchesRegex("REPORT RequestId: " + id +
                                     "\tDuration: [0-9]+\\.[0-9]{2} ms\tBilled Duration: [1-9][0-9]* ms\t"
                                     "Memory Size: 128 MB\tMax Memory Used: [0-9]+ MB\t"));
  auto event = sink_->events().front();
  EXPECT_EQ(event.function_name, "logger");
  EXPECT_EQ(event.log_group_name, "/aws/lambda/logger");
  EXPECT_THAT(event.log_stream_name, MatchesRegex("[0-9]{4}/[0-9]{2}/[0-9]{2}/\\[\\$LATEST\\][0-9a-f]{32}"));
  EXPECT_GT(event.timestamp_ms, 1700000000000);
}

TEST_F(LambdaTest, UnhandledErrorIsLoggedBeforeEnd) {
  auto result = functions_->invoke("thrower", json::object());
  auto lines = sink_->messages(result.request_id);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1], "[ERROR] std::runtime_error: boom");
}

TEST_F(LambdaTest, TailHoldsTheInvocationsLog) {
  InvocationOptions options;
  options.tail_log = true;
  auto result = functions_->invoke("logger", {{"lines", {"hello"}}}, options);
  std::string expected_start = "START RequestId: " + result.request_id + " Version: $LATEST\nhello\nEND RequestId: " +
                               result.request_id + "\nREPORT RequestId: ";
  EXPECT_EQ(result.log_tail.substr(0, expected_start.size()), expected_start);
  EXPECT_EQ(result.log_tail.back(), '\n');
  EXPECT_TRUE(functions_->invoke("logger", {{"lines", {"x"}}}).log_tail.empty()) << "no tail unless asked";
}

TEST_F(LambdaTest, TailIsTheLast4KB) {
  InvocationOptions options;
  options.tail_log = true;
  json lines = json::array();
  for (int i = 0; i < 100; ++i) lines.push_back(std::string(99, 'a' + i % 26));
  auto result = functions_->invoke("logger", {{"lines", lines}}, options);
  EXPECT_EQ(result.log_tail.size(), 4096u);
  EXPECT_NE(result.log_tail.find("END RequestId: " + result.request_id + "\nREPORT RequestId: "), std::string::npos);
}

TEST_F(LambdaTest, InvokeEventReturnsAtOnceAndRunsOnThePool) {
  auto id = functions_->invoke_event("put_handler", {{"itemKey", "async"}, {"name", "a"}});
  EXPECT_THAT(id, MatchesRegex(kUuid));
  ASSERT_TRUE(sink_->wait_for_end(id));
  EXPECT_EQ(db_.item("stream-demo-table", "async"), (json{{"itemKey", {{"S", "async"}}}, {"name", {{"S", "a"}}}}));
}

TEST_F(LambdaTest, InvokeEventTimesOutLikeASynchronousInvoke) {
  InvocationOptions options;
  options.timeout = milliseconds(20);
  auto id = functions_->invoke_event("sleeper", {{"ms", 200}}, options);
  ASSERT_TRUE(sink_->wait_for_end(id));
  EXPECT_THAT(sink_->messages(id)[1], MatchesRegex(".* Task timed out after 0\\.02 seconds"));
}

TEST_F(LambdaTest, ContextCarriesLambdasValues) {
  auto result = functions_->invoke("contextual", json::object());
  auto c = result.payload;
  EXPECT_EQ(c["aws_request_id"], result.request_id);
  EXPECT_EQ(c["function_name"], "contextual");
  EXPECT_EQ(c["function_arn"], "arn:aws:lambda:us-east-1:000000000000:function:contextual");
  EXPECT_EQ(c["function_version"], "$LATEST");
  EXPECT_EQ(c["memory_limit_in_mb"], 128);
  EXPECT_EQ(c["log_group_name"], "/aws/lambda/contextual");
  EXPECT_GT(c["remaining"].get<int>(), 2500);
  EXPECT_LE(c["remaining"].get<int>(), 3000);
  EXPECT_THAT(c["xray"].get<std::string>(), MatchesRegex("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0"));
  const auto& env = c["env"];
  EXPECT_EQ(env["TABLE"], "stream-demo-table");
  EXPECT_EQ(env["AWS_REGION"], "us-east-1");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_NAME"], "contextual");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "128");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/contextual");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_STREAM_NAME"], c["log_stream_name"]);
  EXPECT_EQ(env["_HANDLER"], "test.context");
  EXPECT_EQ(env["_X_AMZN_TRACE_ID"], c["xray"]);
}

TEST_F(LambdaTest, UnknownFunctionIsLambdasResourceNotFound) {
  try {
    functions_->invoke("nope", json::object());
    FAIL() << "expected ResourceNotFoundException";
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.http_status(), 404);
    EXPECT_EQ(e.code(), "ResourceNotFoundException");
    EXPECT_EQ(e.message(), "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    EXPECT_EQ(e.message_key(), "Message");
    EXPECT_EQ(e.extra(), (json{{"Type", "User"}}));
  }
}

TEST_F(LambdaTest, FunctionsAreFoundByNameArnPartialArnAndLatest) {
  for (const char* name : {"get_handler", "get_handler:$LATEST", "arn:aws:lambda:us-east-1:000000000000:function:get_handler",
                           "arn:aws:lambda:us-east-1:000000000000:function:get_handler:$LATEST",
                           "000000000000:function:get_handler"})
    EXPECT_NE(functions_->find(name), nullptr) << name;
  EXPECT_EQ(functions_->find("get_handler:1"), nullptr);
  EXPECT_EQ(functions_->find("nope"), nullptr);
}

TEST_F(LambdaTest, CreatingAFunctionTwiceIsHarmless) {
  auto before = functions_->find("echo");
  EXPECT_FALSE(functions_->create_function(function("echo", "test.throw")));
  EXPECT_EQ(functions_->find("echo"), before);
}

TEST_F(LambdaTest, FunctionWithAnUnregisteredHandlerIsRefused) {
  try {
    functions_->create_function(function("ghost", "ghost.handler"));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "function ghost: no handler is registered as \"ghost.handler\"");
  }
}

TEST_F(LambdaTest, ListIsInNameOrder) {
  std::vector<std::string> names;
  for (const auto& f : functions_->list()) names.push_back(f->config.name);
  EXPECT_THAT(names, ElementsAre("contextual", "echo", "get_handler", "logger", "put_handler", "runtime", "sleeper",
                                 "stream_handler", "thrower", "waiter"));
}

TEST_F(LambdaTest, MappingInvokerReportsFunctionErrors) {
  auto invoke = mapping_invoker(*functions_);
  EventSourceMapping mapping;
  mapping.function_name = "stream_handler";
  auto ok = invoke(mapping, {{"Records", json::array()}});
  EXPECT_FALSE(ok.function_error);
  EXPECT_EQ(ok.payload, json(nullptr));
  mapping.function_name = "thrower";
  auto failed = invoke(mapping, json::object());
  EXPECT_TRUE(failed.function_error);
  EXPECT_EQ(failed.payload["errorType"], "std::runtime_error");
  mapping.function_name = "gone";
  EXPECT_TRUE(invoke(mapping, json::object()).function_error);
}

}  // namespace
}  // namespace streamstack::lambda::testing
