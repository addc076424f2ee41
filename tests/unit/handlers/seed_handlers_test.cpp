// The seed tutorial's handlers against an in-memory DynamoDB: what API Gateway's callers and
// the stream see.
#include "handlers/sdk/host/handler_registry.h"
#include "seed_handlers.h"
#include "test_host.h"

#include <gtest/gtest.h>

namespace streamstack::handlers::seed {
namespace {

using nlohmann::json;

json proxy_event(const std::string& method, json query = nullptr, json path = nullptr, json body = nullptr) {
  return {{"resource", "/{proxy+}"},
          {"path", "/"},
          {"httpMethod", method},
          {"headers", {{"Content-Type", "application/json"}}},
          {"queryStringParameters", std::move(query)},
          {"pathParameters", std::move(path)},
          {"body", std::move(body)},
          {"isBase64Encoded", false}};
}

json proxy_response(int status, const std::string& body) {
  return {{"statusCode", status}, {"headers", {{"Content-Type", "application/json"}}}, {"body", body}};
}

class SeedHandlers : public ::testing::Test {
 protected:
  SeedHandlers() : host_(db_), context_(host_) {
    db_.add_table("stream-demo-table");
    testing::fill_test_context(context_);
  }

  void store(const std::string& key, const std::string& name) {
    json request = {{"TableName", "stream-demo-table"}, {"Item", {{"itemKey", {{"S", key}}}, {"name", {{"S", name}}}}}};
    db_.invoke(core::RequestContext{}, "PutItem", request);
  }

  testing::FakeDynamoDb db_;
  testing::TestHost host_;
  Context context_;
};

TEST_F(SeedHandlers, GetAnswersTheItemAsPlainJsonFromTheQueryString) {
  store("1", "a");
  EXPECT_EQ(get_handler(proxy_event("GET", {{"itemKey", "1"}}), context_),
            proxy_response(200, "{\"itemKey\":\"1\",\"name\":\"a\"}"));
  auto calls = db_.calls();
  EXPECT_EQ(calls.back().operation, "GetItem");
  EXPECT_EQ(calls.back().input, (json{{"TableName", "stream-demo-table"}, {"Key", {{"itemKey", {{"S", "1"}}}}}}));
}

TEST_F(SeedHandlers, GetTakesTheKeyFromTheProxyPath) {
  store("k2", "b");
  EXPECT_EQ(get_handler(proxy_event("GET", nullptr, {{"proxy", "k2"}}), context_),
            proxy_response(200, "{\"itemKey\":\"k2\",\"name\":\"b\"}"));
}

TEST_F(SeedHandlers, GetTakesTheKeyFromAPathParameterNamedItemKey) {
  store("k3", "c");
  EXPECT_EQ(get_handler(proxy_event("GET", nullptr, {{"itemKey", "k3"}}), context_),
            proxy_response(200, "{\"itemKey\":\"k3\",\"name\":\"c\"}"));
}

TEST_F(SeedHandlers, GetAcceptsADirectInvokeEvent) {
  store("1", "a");
  EXPECT_EQ(get_handler({{"itemKey", "1"}}, context_), proxy_response(200, "{\"itemKey\":\"1\",\"name\":\"a\"}"));
}

TEST_F(SeedHandlers, GetAnswers404WithAJsonMessageForAMissingItem) {
  EXPECT_EQ(get_handler(proxy_event("GET", {{"itemKey", "nope"}}), context_),
            proxy_response(404, "{\"itemKey\":\"nope\",\"message\":\"Item not found\"}"));
}

TEST_F(SeedHandlers, GetAnswers400WithoutAKey) {
  EXPECT_EQ(get_handler(proxy_event("GET"), context_),
            proxy_response(400, "{\"message\":\"Missing required parameter itemKey: GET ?itemKey=<key> or /<key>\"}"));
  EXPECT_TRUE(db_.calls().empty());
}

TEST_F(SeedHandlers, PutStoresItemKeyAndNameFromAJsonBody) {
  auto response = put_handler(proxy_event("POST", nullptr, nullptr, "{\"itemKey\":\"1\",\"name\":\"a\",\"x\":1}"), context_);
  EXPECT_EQ(response, proxy_response(200, "{\"itemKey\":\"1\",\"name\":\"a\"}"));
  EXPECT_EQ(db_.item("stream-demo-table", "1"), (json{{"itemKey", {{"S", "1"}}}, {"name", {{"S", "a"}}}}));
  EXPECT_EQ(db_.calls().back().operation, "PutItem");
}

TEST_F(SeedHandlers, PutTakesFieldsFromTheQueryString) {
  EXPECT_EQ(put_handler(proxy_event("POST", {{"itemKey", "q1"}, {"name", "from query"}}), context_),
            proxy_response(200, "{\"itemKey\":\"q1\",\"name\":\"from query\"}"));
  EXPECT_EQ(db_.item("stream-demo-table", "q1"), (json{{"itemKey", {{"S", "q1"}}}, {"name", {{"S", "from query"}}}}));
}

TEST_F(SeedHandlers, PutCompletesABodyWithTheQueryString) {
  put_handler(proxy_event("POST", {{"name", "n"}}, nullptr, "{\"itemKey\":\"mix\"}"), context_);
  EXPECT_EQ(db_.item("stream-demo-table", "mix"), (json{{"itemKey", {{"S", "mix"}}}, {"name", {{"S", "n"}}}}));
}

TEST_F(SeedHandlers, PutDecodesABase64Body) {
  auto event = proxy_event("POST", nullptr, nullptr, "eyJpdGVtS2V5IjoiYjY0IiwibmFtZSI6Im4ifQ==");  // {"itemKey":"b64","name":"n"}
  event["isBase64Encoded"] = true;
  put_handler(event, context_);
  EXPECT_EQ(db_.item("stream-demo-table", "b64"), (json{{"itemKey", {{"S", "b64"}}}, {"name", {{"S", "n"}}}}));
}

TEST_F(SeedHandlers, PutStoresANumericItemKeyAsItsText) {
  put_handler(proxy_event("POST", nullptr, nullptr, "{\"itemKey\":7,\"name\":\"seven\"}"), context_);
  EXPECT_EQ(db_.item("stream-demo-table", "7"), (json{{"itemKey", {{"S", "7"}}}, {"name", {{"S", "seven"}}}}));
}

TEST_F(SeedHandlers, PutAcceptsADirectInvokeEvent) {
  EXPECT_EQ(put_handler({{"itemKey", "d"}, {"name", "direct"}}, context_),
            proxy_response(200, "{\"itemKey\":\"d\",\"name\":\"direct\"}"));
}

TEST_F(SeedHandlers, PutAnswers400NamingBothMissingFields) {
  EXPECT_EQ(put_handler(proxy_event("POST"), context_),
            proxy_response(400, "{\"message\":\"Missing required field(s): itemKey, name. Send {\\\"itemKey\\\": "
                                "\\\"...\\\", \\\"name\\\": \\\"...\\\"} as a JSON body or ?itemKey=...&name=... in "
                                "the query string\"}"));
  EXPECT_TRUE(db_.calls().empty());
}

TEST_F(SeedHandlers, PutAnswers400NamingTheOneMissingField) {
  auto response = put_handler(proxy_event("POST", nullptr, nullptr, "{\"itemKey\":\"1\"}"), context_);
  EXPECT_EQ(response["statusCode"], 400);
  EXPECT_EQ(json::parse(response["body"].get<std::string>())["message"].get<std::string>().substr(0, 35),
            "Missing required field(s): name. Se");
  EXPECT_TRUE(db_.calls().empty());
}

TEST_F(SeedHandlers, PutRefusesANameThatIsNotAString) {
  EXPECT_EQ(put_handler(proxy_event("POST", nullptr, nullptr, "{\"itemKey\":\"1\",\"name\":{\"a\":1}}"), context_),
            proxy_response(400, "{\"message\":\"name must be a string\"}"));
}

TEST_F(SeedHandlers, PutRefusesAnEmptyItemKey) {
  EXPECT_EQ(put_handler(proxy_event("POST", {{"itemKey", ""}, {"name", "n"}}), context_),
            proxy_response(400, "{\"message\":\"itemKey must not be empty\"}"));
}

TEST_F(SeedHandlers, StreamHandlerLogsTheWholeEventAsJson) {
  json event = {{"Records",
                 {{{"eventName", "INSERT"},
                   {"eventSource", "aws:dynamodb"},
                   {"dynamodb", {{"Keys", {{"itemKey", {{"S", "1"}}}}}, {"NewImage", {{"itemKey", {{"S", "1"}}}}}}}}}}};
  EXPECT_EQ(stream_handler(event, context_), json(nullptr));
  EXPECT_EQ(host_.lines, std::vector<std::string>{event.dump()});
}

TEST_F(SeedHandlers, HandlersNeedTheTableVariable) {
  context_.environment.clear();
  EXPECT_THROW(get_handler({{"itemKey", "1"}}, context_), std::out_of_range);
}

TEST(SeedRegistration, RegistersTheTutorialsHandlerNames) {
  HandlerRegistry registry;
  registry.register_builtin(register_seed_handlers);
  EXPECT_EQ(registry.names(),
            (std::vector<std::string>{"handler.handler", "put_handler.handler", "stream_handler.handler"}));
}

}  // namespace
}  // namespace streamstack::handlers::seed
