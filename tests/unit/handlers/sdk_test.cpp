// The handler SDK as a handler sees it: its context, its DynamoDB client, the errors handlers
// throw becoming Lambda's error document, aws-lambda-cpp style handlers, and the JSON helpers.
#include "handlers/sdk/host/handler_registry.h"
#include "test_host.h"

#include <gtest/gtest.h>

#include <thread>

namespace streamstack::handlers {
namespace {

using nlohmann::json;
using testing::FakeDynamoDb;
using testing::TestHost;

// A host whose every call fails as DynamoDB fails it, and which remembers the request.
class RefusingHost : public InvocationHost {
 public:
  json last_input;
  std::string last_operation;
  void log(std::string_view) noexcept override {}
  ServiceOutcome call(std::string_view, std::string_view operation, const json& input) noexcept override {
    last_operation = operation;
    last_input = input;
    return ServiceOutcome{nullptr, "ConditionalCheckFailedException", "The conditional request failed", 400};
  }
};

HandlerOutcome run(HandlerRegistry& registry, const std::string& name, const json& event, Context& context) {
  const auto* invoker = registry.find(name);
  EXPECT_NE(invoker, nullptr) << name;
  return (*invoker)(event, context);
}

TEST(ClientError, ReadsAsBotocoreWritesIt) {
  ClientError error("AccessDeniedException", "User: x is not authorized", "GetItem", 400);
  EXPECT_STREQ(error.what(),
               "An error occurred (AccessDeniedException) when calling the GetItem operation: User: x is not authorized");
  EXPECT_EQ(error.code(), "AccessDeniedException");
  EXPECT_EQ(error.message(), "User: x is not authorized");
}

TEST(DynamoDbClient, ServiceErrorIsThrownAsClientErrorWithAwsCodeAndMessage) {
  RefusingHost host;
  Context context(host);
  try {
    context.dynamodb.put_item("t", {{"itemKey", {{"S", "1"}}}}, {{"ConditionExpression", "attribute_not_exists(itemKey)"}});
    FAIL() << "expected ClientError";
  } catch (const ClientError& e) {
    EXPECT_EQ(e.code(), "ConditionalCheckFailedException");
    EXPECT_EQ(e.message(), "The conditional request failed");
    EXPECT_EQ(e.operation(), "PutItem");
    EXPECT_EQ(e.http_status(), 400);
  }
  EXPECT_EQ(host.last_operation, "PutItem");
  EXPECT_EQ(host.last_input, (json{{"TableName", "t"},
                                   {"Item", {{"itemKey", {{"S", "1"}}}}},
                                   {"ConditionExpression", "attribute_not_exists(itemKey)"}}));
}

TEST(DynamoDbClient, UpdateItemSendsKeyTableAndExpression) {
  RefusingHost host;
  Context context(host);
  EXPECT_THROW(context.dynamodb.update_item("t", {{"itemKey", {{"S", "1"}}}}, {{"UpdateExpression", "SET a = :a"}}),
               ClientError);
  EXPECT_EQ(host.last_operation, "UpdateItem");
  EXPECT_EQ(host.last_input,
            (json{{"TableName", "t"}, {"Key", {{"itemKey", {{"S", "1"}}}}}, {"UpdateExpression", "SET a = :a"}}));
}

TEST(DynamoDbClient, CallReturnsTheOperationOutput) {
  FakeDynamoDb db;
  db.add_table("stream-demo-table");
  TestHost host(db);
  Context context(host);
  context.dynamodb.put_item("stream-demo-table", {{"itemKey", {{"S", "1"}}}});
  EXPECT_EQ(context.dynamodb.call("GetItem", {{"TableName", "stream-demo-table"}, {"Key", {{"itemKey", {{"S", "1"}}}}}}),
            (json{{"Item", {{"itemKey", {{"S", "1"}}}}}}));
}

TEST(Context, EnvThrowsForAMissingVariableUnlessGivenAFallback) {
  RefusingHost host;
  Context context(host);
  context.environment = {{"TABLE", "stream-demo-table"}};
  EXPECT_EQ(context.env("TABLE"), "stream-demo-table");
  EXPECT_EQ(context.env("MISSING", "fallback"), "fallback");
  try {
    context.env("MISSING");
    FAIL() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "environment variable MISSING is not set");
  }
}

TEST(Context, RemainingTimeCountsDownAndStopsAtZero) {
  RefusingHost host;
  Context context(host);
  context.deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(500);
  auto left = context.get_remaining_time_in_millis();
  EXPECT_GT(left, 400);
  EXPECT_LE(left, 500);
  context.deadline = std::chrono::system_clock::now() - std::chrono::seconds(1);
  EXPECT_EQ(context.get_remaining_time_in_millis(), 0);
}

TEST(Context, LogGoesToTheHost) {
  FakeDynamoDb db;
  TestHost host(db);
  Context context(host);
  context.log("hello");
  EXPECT_EQ(host.lines, std::vector<std::string>{"hello"});
}

TEST(Registrar, HandlerResultIsTheOutcome) {
  HandlerRegistry registry;
  registry.register_builtin([](Registrar& r) {
    r.register_handler("echo.handler", [](const json& event, Context&) { return json{{"echo", event}}; });
  });
  RefusingHost host;
  Context context(host);
  auto outcome = run(registry, "echo.handler", {{"a", 1}}, context);
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result, (json{{"echo", {{"a", 1}}}}));
  EXPECT_FALSE(outcome.payload.has_value());
}

TEST(Registrar, ThrownExceptionsBecomeErrorTypeAndMessage) {
  HandlerRegistry registry;
  registry.register_builtin([](Registrar& r) {
    r.register_handler("runtime.handler", [](const json&, Context&) -> json { throw std::runtime_error("boom"); });
    r.register_handler("client.handler", [](const json&, Context& c) -> json {
      return c.dynamodb.get_item("t", {{"k", {{"S", "1"}}}});
    });
    r.register_handler("int.handler", [](const json&, Context&) -> json { throw 42; });
  });
  RefusingHost host;
  Context context(host);
  auto runtime = run(registry, "runtime.handler", {}, context);
  EXPECT_FALSE(runtime.ok);
  EXPECT_EQ(runtime.error_type, "std::runtime_error");
  EXPECT_EQ(runtime.error_message, "boom");
  auto client = run(registry, "client.handler", {}, context);
  EXPECT_EQ(client.error_type, "ClientError");
  EXPECT_EQ(client.error_message,
            "An error occurred (ConditionalCheckFailedException) when calling the GetItem operation: "
            "The conditional request failed");
  auto thrown_int = run(registry, "int.handler", {}, context);
  EXPECT_FALSE(thrown_int.ok);
  EXPECT_EQ(thrown_int.error_type, "int");
  EXPECT_EQ(thrown_int.error_message, "");
}

TEST(Registrar, DuplicateNameIsRefusedAtRegistration) {
  HandlerRegistry registry;
  auto registration = [](Registrar& r) { r.register_handler("a.handler", [](const json&, Context&) { return json(); }); };
  registry.register_builtin(registration);
  try {
    registry.register_builtin(registration);
    FAIL() << "expected HandlerLibraryError";
  } catch (const HandlerLibraryError& e) {
    EXPECT_STREQ(e.what(), "the emulator: registering handlers failed: handler \"a.handler\" is already "
                           "registered by the emulator");
  }
}

using lambda_runtime::invocation_request;
using lambda_runtime::invocation_response;

TEST(RuntimeHandler, GetsTheEventAsPayloadWithTheInvocationIds) {
  HandlerRegistry registry;
  invocation_request seen;
  registry.register_builtin([&](Registrar& r) {
    r.register_runtime_handler("rt.handler", [&](const invocation_request& request) {
      seen = request;
      return invocation_response::success("{\"ok\":true}", "application/json");
    });
  });
  FakeDynamoDb db;
  TestHost host(db);
  Context context(host);
  testing::fill_test_context(context);
  context.xray_trace_id = "Root=1-00000000-000000000000000000000000;Sampled=0";
  auto outcome = run(registry, "rt.handler", {{"a", 1}}, context);
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.payload, std::optional<std::string>("{\"ok\":true}"));
  EXPECT_EQ(seen.payload, "{\"a\":1}");
  EXPECT_EQ(seen.request_id, "8f5a1c2e-0000-4000-8000-000000000001");
  EXPECT_EQ(seen.function_arn, "arn:aws:lambda:us-east-1:000000000000:function:test_function");
  EXPECT_EQ(seen.xray_trace_id, "Root=1-00000000-000000000000000000000000;Sampled=0");
  EXPECT_EQ(seen.deadline, context.deadline);
  EXPECT_GT(seen.get_time_remaining().count(), 0);
}

TEST(RuntimeHandler, FailureCarriesAwsLambdaCppErrorDocument) {
  HandlerRegistry registry;
  registry.register_builtin([](Registrar& r) {
    r.register_runtime_handler("rt.handler", [](const invocation_request&) {
      return invocation_response::failure("Failed to parse \"input\" JSON", "InvalidJSON");
    });
  });
  RefusingHost host;
  Context context(host);
  auto outcome = run(registry, "rt.handler", {}, context);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(*outcome.payload,
            "{\"errorMessage\":\"Failed to parse \\\"input\\\" JSON\",\"errorType\":\"InvalidJSON\", \"stackTrace\":[]}");
  EXPECT_EQ(outcome.error_type, "InvalidJSON");
  EXPECT_EQ(outcome.error_message, "Failed to parse \"input\" JSON");
}

TEST(RuntimeHandler, WithContextCanUseTheClients) {
  HandlerRegistry registry;
  registry.register_builtin([](Registrar& r) {
    r.register_runtime_handler("rt.handler", [](const invocation_request& request, Context& context) {
      context.log("payload " + request.payload);
      return invocation_response::success("done", "text/plain");
    });
  });
  FakeDynamoDb db;
  TestHost host(db);
  Context context(host);
  auto outcome = run(registry, "rt.handler", "x", context);
  EXPECT_EQ(*outcome.payload, "done");
  EXPECT_EQ(host.lines, std::vector<std::string>{"payload \"x\""});
}

TEST(AttributeValues, ItemToPlainAsBoto3Deserializes) {
  json item = {{"itemKey", {{"S", "1"}}},
               {"count", {{"N", "42"}}},
               {"price", {{"N", "1.5"}}},
               {"huge", {{"N", "12345678901234567890123456789"}}},
               {"flag", {{"BOOL", true}}},
               {"nothing", {{"NULL", true}}},
               {"tags", {{"SS", {"a", "b"}}}},
               {"scores", {{"NS", {"1", "2"}}}},
               {"nested", {{"M", {{"list", {{"L", {{{"S", "x"}}, {{"N", "3"}}}}}}}}}}};
  EXPECT_EQ(item_to_plain(item), (json{{"itemKey", "1"},
                                       {"count", 42},
                                       {"price", 1.5},
                                       {"huge", "12345678901234567890123456789"},
                                       {"flag", true},
                                       {"nothing", nullptr},
                                       {"tags", {"a", "b"}},
                                       {"scores", {1, 2}},
                                       {"nested", {{"list", {"x", 3}}}}}));
}

TEST(AttributeValues, PlainToItemAsBoto3Serializes) {
  EXPECT_EQ(item_from_plain({{"itemKey", "1"}, {"n", 7}, {"ok", false}, {"none", nullptr}, {"l", {1, "a"}},
                             {"m", {{"x", 1.25}}}}),
            (json{{"itemKey", {{"S", "1"}}},
                  {"n", {{"N", "7"}}},
                  {"ok", {{"BOOL", false}}},
                  {"none", {{"NULL", true}}},
                  {"l", {{"L", {{{"N", "1"}}, {{"S", "a"}}}}}},
                  {"m", {{"M", {{"x", {{"N", "1.25"}}}}}}}}));
}

TEST(ApiGateway, ResponseIsAProxyResponseWithAJsonBody) {
  EXPECT_EQ(api_gateway::response(404, {{"message", "x"}}),
            (json{{"statusCode", 404}, {"headers", {{"Content-Type", "application/json"}}}, {"body", "{\"message\":\"x\"}"}}));
}

TEST(ApiGateway, ParametersAndBodyOfAProxyEvent) {
  json event = {{"resource", "/{proxy+}"},
                {"httpMethod", "POST"},
                {"queryStringParameters", nullptr},
                {"pathParameters", {{"proxy", "k1"}}},
                {"body", "eyJpdGVtS2V5IjoiMSJ9"},  // {"itemKey":"1"}
                {"isBase64Encoded", true}};
  EXPECT_TRUE(api_gateway::is_proxy_event(event));
  EXPECT_EQ(api_gateway::parameter(event, "queryStringParameters", "itemKey"), std::nullopt);
  EXPECT_EQ(api_gateway::parameter(event, "pathParameters", "proxy"), std::optional<std::string>("k1"));
  EXPECT_EQ(api_gateway::body(event), std::optional<std::string>("{\"itemKey\":\"1\"}"));
  EXPECT_EQ(api_gateway::json_body(event), std::optional<json>(json{{"itemKey", "1"}}));
  event["body"] = "not json";
  event["isBase64Encoded"] = false;
  EXPECT_EQ(api_gateway::json_body(event), std::nullopt);
}

}  // namespace
}  // namespace streamstack::handlers
