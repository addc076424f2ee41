// ApiGatewayService end to end without a network: control-plane requests as the edge hands them
// over, then data-plane requests to what they built, with a stand-in for Lambda that records the
// event and answers what the test says.
#include "apigateway/service.h"

#include "core/api_error.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <utility>

using namespace streamstack;
using namespace streamstack::apigateway;
using nlohmann::json;

namespace {

constexpr const char* kFunction = "arn:aws:lambda:us-east-1:000000000000:function:fn";

// Answers at once, or, with `hold`, when the test calls finish().
class FakeLambda : public LambdaBackend {
 public:
  void invoke(const std::string& arn, json event, std::chrono::milliseconds timeout, LambdaCallback done) override {
    calls.push_back({arn, event, timeout});
    if (arn != kFunction) return done(std::nullopt);
    if (hold) {
      held = std::move(done);
      return;
    }
    done(outcome);
  }
  void finish() { std::exchange(held, nullptr)(outcome); }
  bool hold = false;
  LambdaCallback held;
  struct Call {
    std::string arn;
    json event;
    std::chrono::milliseconds timeout;
  };
  std::vector<Call> calls;
  LambdaOutcome outcome = [] {
    LambdaOutcome o;
    o.result.ok = true;
    o.result.payload = {{"statusCode", 200}, {"body", "hi"}};
    return o;
  }();
};

class ApiGatewayServiceTest : public ::testing::Test {
 protected:
  ApiGatewayServiceTest() : db_(":memory:") {
    db_.add_migrations(ApiGatewayService::migrations());
    db_.migrate();
    auto lambda = std::make_unique<FakeLambda>();
    lambda_ = lambda.get();
    service_ = std::make_unique<ApiGatewayService>(db_, std::move(lambda));
  }

  core::RestResponse call(const std::string& method, const std::string& target, const std::string& body = "") {
    core::RestRequest request;
    request.method = method;
    auto q = target.find('?');
    request.raw_path = target.substr(0, q);
    if (q != std::string::npos) request.raw_query = target.substr(q + 1);
    request.headers = {{"Host", "localhost:4566"}};
    request.body = body;
    request.source_ip = "127.0.0.1";
    // As the router calls it; every answer here is given before handle_async returns, a held
    // Lambda's included once the test has finished it.
    std::optional<core::RestResponse> answer;
    try {
      service_->handle_async(context_, request, [&answer](core::RestResponse r) { answer = std::move(r); });
    } catch (const core::ApiError& e) {
      return service_->render_error(e);
    }
    if (!answer && lambda_->hold) lambda_->finish();
    EXPECT_TRUE(answer) << method << " " << target << " was never answered";
    return answer ? std::move(*answer) : core::RestResponse{};
  }

  json ok(const std::string& method, const std::string& target, const json& body = nullptr) {
    auto response = call(method, target, body.is_null() ? "" : body.dump());
    EXPECT_LT(response.status, 300) << method << " " << target << ": " << response.body;
    return response.body.empty() ? json() : json::parse(response.body);
  }

  static std::string header(const core::RestResponse& response, const std::string& name) {
    for (const auto& [k, v] : response.headers)
      if (k == name) return v;
    return "";
  }

  // A REST API with GET on / integrated with `uri`, deployed to stage "dev".
  std::string deployed_api(const std::string& uri) {
    auto api = ok("POST", "/restapis", {{"name", "t"}});
    auto id = api["id"].get<std::string>();
    auto root = api["rootResourceId"].get<std::string>();
    ok("PUT", "/restapis/" + id + "/resources/" + root + "/methods/GET", {{"authorizationType", "NONE"}});
    ok("PUT", "/restapis/" + id + "/resources/" + root + "/methods/GET/integration",
       {{"type", "AWS_PROXY"}, {"httpMethod", "POST"}, {"uri", uri}});
    ok("POST", "/restapis/" + id + "/deployments", {{"stageName", "dev"}});
    return id;
  }

  static std::string uri_of(const std::string& arn) {
    return "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn + "/invocations";
  }

  store::Database db_;
  FakeLambda* lambda_ = nullptr;
  std::unique_ptr<ApiGatewayService> service_;
  core::RequestContext context_;
};

}  // namespace

TEST_F(ApiGatewayServiceTest, ADeployedMethodInvokesItsFunctionWithTheProxyEvent) {
  auto id = deployed_api(uri_of(kFunction));
  auto response = call("GET", "/restapis/" + id + "/dev/_user_request_/?a=1");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "hi");
  ASSERT_EQ(lambda_->calls.size(), 1u);
  const auto& event = lambda_->calls[0].event;
  EXPECT_EQ(event["resource"], "/");
  EXPECT_EQ(event["queryStringParameters"], json({{"a", "1"}}));
  EXPECT_EQ(event["requestContext"]["stage"], "dev");
  EXPECT_EQ(header(response, "x-amzn-RequestId"), event["requestContext"]["requestId"]);
  EXPECT_EQ(lambda_->calls[0].timeout, std::chrono::milliseconds(29000));
}

TEST_F(ApiGatewayServiceTest, FunctionErrorsAndMalformedAnswersAre502) {
  auto id = deployed_api(uri_of(kFunction));
  lambda_->outcome.result.ok = false;
  auto response = call("GET", "/restapis/" + id + "/dev/_user_request_/");
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(response.body, R"({"message": "Internal server error"})");
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "InternalServerErrorException");
  lambda_->outcome.result.ok = true;
  lambda_->outcome.result.payload = {{"status", 200}};
  EXPECT_EQ(call("GET", "/restapis/" + id + "/dev/_user_request_/").status, 502);
}

TEST_F(ApiGatewayServiceTest, TheIntegrationTimeoutIs504) {
  auto id = deployed_api(uri_of(kFunction));
  lambda_->outcome.result.ok = false;
  lambda_->outcome.result.timed_out = true;
  lambda_->outcome.integration_timed_out = true;
  auto response = call("GET", "/restapis/" + id + "/dev/_user_request_/");
  EXPECT_EQ(response.status, 504);
  EXPECT_EQ(response.body, R"({"message": "Endpoint request timed out"})");
}

TEST_F(ApiGatewayServiceTest, ALambdaIntegrationAnswersWhenTheFunctionsResultArrives) {
  auto id = deployed_api(uri_of(kFunction));
  lambda_->hold = true;
  core::RestRequest request;
  request.method = "GET";
  request.raw_path = "/restapis/" + id + "/dev/_user_request_/";
  request.headers = {{"Host", "localhost:4566"}};
  std::optional<core::RestResponse> answer;
  service_->handle_async(context_, request, [&answer](core::RestResponse r) { answer = std::move(r); });
  EXPECT_FALSE(answer) << "handle_async returned before the function's result";
  lambda_->finish();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, "hi");
  EXPECT_EQ(header(*answer, "x-amzn-RequestId"), lambda_->calls[0].event["requestContext"]["requestId"]);
}

TEST_F(ApiGatewayServiceTest, AThrottledFunctionIs500InternalServerError) {
  // Lambda's 429 never reaches the function: API Gateway answers its default 500, whatever
  // the integration (AWS knowledge center, "Internal server error" from a throttled backend).
  auto id = deployed_api(uri_of(kFunction));
  lambda_->outcome = LambdaOutcome{};
  lambda_->outcome.throttled = true;
  auto response = call("GET", "/restapis/" + id + "/dev/_user_request_/");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"message": "Internal server error"})");
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "InternalServerErrorException");
}

TEST_F(ApiGatewayServiceTest, AMissingFunctionIsAConfigurationError) {
  auto id = deployed_api(uri_of("arn:aws:lambda:us-east-1:000000000000:function:gone"));
  EXPECT_EQ(call("GET", "/restapis/" + id + "/dev/_user_request_/").status, 500);
}

TEST_F(ApiGatewayServiceTest, NoRouteIsMissingAuthenticationToken) {
  auto id = deployed_api(uri_of(kFunction));
  for (const auto& [method, path] : {std::pair{"GET", "/nothing"}, std::pair{"POST", "/"}}) {
    auto response = call(method, "/restapis/" + id + "/dev/_user_request_" + path);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.body, R"({"message":"Missing Authentication Token"})");
    EXPECT_EQ(header(response, "x-amzn-ErrorType"), "MissingAuthenticationTokenException");
  }
  EXPECT_TRUE(lambda_->calls.empty());
}

TEST_F(ApiGatewayServiceTest, TheThreeUrlFormsAreDataPlaneAndTheRestControlPlane) {
  auto data = [&](const std::string& path, const std::string& host) {
    core::RestRequest r;
    r.method = "GET";
    r.raw_path = path;
    r.headers = {{"Host", host}};
    return !service_->requires_authentication(r);
  };
  EXPECT_TRUE(data("/restapis/abc/prod/_user_request_/x", "localhost"));
  EXPECT_TRUE(data("/restapis/abc/prod/_user_request_", "localhost"));
  EXPECT_TRUE(data("/_aws/execute-api/abc/prod/x", "localhost"));
  EXPECT_TRUE(data("/prod/x", "abc.execute-api.localhost:4566"));
  EXPECT_FALSE(data("/restapis/abc/resources", "localhost"));
  EXPECT_FALSE(data("/restapis/abc/prod/_user_request_x", "localhost"));
  EXPECT_FALSE(data("/restapis", "localhost"));
  EXPECT_FALSE(data("/prod/x", "x.y.execute-api.localhost"));
}

TEST_F(ApiGatewayServiceTest, MalformedControlPlaneInputChangesNothing) {
  auto api = ok("POST", "/restapis", {{"name", "t"}});
  auto id = api["id"].get<std::string>();
  auto root = api["rootResourceId"].get<std::string>();
  for (const char* body : {"{", "[]", "\"x\"", "{\"pathPart\": 5}", "{\"pathPart\": \"a b\"}", "{\"pathPart\": \"\"}"}) {
    auto response = call("POST", "/restapis/" + id + "/resources/" + root, body);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(header(response, "x-amzn-ErrorType"), "BadRequestException") << body;
  }
  EXPECT_EQ(ok("GET", "/restapis/" + id + "/resources")["item"].size(), 1u);
  EXPECT_EQ(call("GET", "/restapis/" + id + "/resources?limit=0").status, 400);
  EXPECT_EQ(call("GET", "/restapis/" + id + "/resources?position=zz").status, 400);
  EXPECT_EQ(call("PATCH", "/restapis/" + id + "/nowhere").status, 404);
}

TEST_F(ApiGatewayServiceTest, ListsPageByLimitAndPosition) {
  for (int i = 0; i < 3; ++i) ok("POST", "/restapis", {{"name", "p" + std::to_string(i)}});
  auto first = ok("GET", "/restapis?limit=2");
  EXPECT_EQ(first["item"].size(), 2u);
  auto rest = ok("GET", "/restapis?limit=2&position=" + first["position"].get<std::string>());
  EXPECT_EQ(rest["item"].size(), 1u);
  EXPECT_FALSE(rest.contains("position"));
}

TEST_F(ApiGatewayServiceTest, LambdaRestApiIsDeployedOnceAndSurvivesARestart) {
  LambdaRestApiSpec spec{.name = "handler-endpoint", .id = "gethandler", .function_arn = kFunction};
  EXPECT_EQ(service_->deploy_lambda_rest_api(spec), "gethandler");
  EXPECT_EQ(service_->deploy_lambda_rest_api(spec), "gethandler");
  EXPECT_EQ(ok("GET", "/restapis")["item"].size(), 1u);
  EXPECT_EQ(call("GET", "/restapis/gethandler/prod/_user_request_/any/path").status, 200);
  EXPECT_EQ(lambda_->calls.back().event["pathParameters"], json({{"proxy", "any/path"}}));

  // Another service on the same database (a restart) serves the same API.
  ApiGatewayService again(db_, std::make_unique<FakeLambda>());
  core::RestRequest r;
  r.method = "GET";
  r.raw_path = "/restapis/gethandler";
  auto api = json::parse(again.handle(context_, r).body);
  EXPECT_EQ(api["name"], "handler-endpoint");
}

TEST_F(ApiGatewayServiceTest, ApisBelongToTheirAccountAndRegion) {
  auto id = ok("POST", "/restapis", {{"name", "mine"}})["id"].get<std::string>();
  context_.region = "eu-west-1";
  auto response = call("GET", "/restapis/" + id);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json::parse(response.body)["message"], "Invalid API identifier specified 000000000000:" + id);
  EXPECT_TRUE(ok("GET", "/restapis")["item"].empty());
}

TEST_F(ApiGatewayServiceTest, AStackApiPointedAtAnotherFunctionIsRedeployed) {
  LambdaRestApiSpec spec{.name = "handler-endpoint", .id = "gethandler", .function_arn = kFunction};
  service_->deploy_lambda_rest_api(spec);
  service_->deploy_lambda_rest_api(spec);
  EXPECT_EQ(ok("GET", "/restapis/gethandler/deployments")["item"].size(), 1u);

  // The stack file now names another function (data kept from an earlier run).
  spec.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:other";
  EXPECT_EQ(service_->deploy_lambda_rest_api(spec), "gethandler");
  EXPECT_EQ(ok("GET", "/restapis/gethandler/deployments")["item"].size(), 2u);
  call("GET", "/restapis/gethandler/prod/_user_request_/x");
  EXPECT_EQ(lambda_->calls.back().arn, spec.function_arn);
  auto resources = ok("GET", "/restapis/gethandler/resources")["item"];
  EXPECT_EQ(resources.size(), 2u);
  EXPECT_EQ(ok("GET", "/restapis/gethandler/stages")["item"].size(), 1u);
}
