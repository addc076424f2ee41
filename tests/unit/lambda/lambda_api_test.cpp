// Lambda's REST API as a client sees it on the wire: ListFunctions, GetFunction,
// GetFunctionConfiguration, Invoke, reserved concurrency and GetAccountSettings, with Lambda's
// status codes, headers and error bodies.
#include "core/base64.h"
#include "lambda/api/lambda_service.h"
#include "lambda_fixture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

namespace streamstack::lambda::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

class LambdaApiTest : public LambdaTest {
 protected:
  // What the router does: the service's answer, or its rendering of the error thrown.
  core::RestResponse send(const std::string& method, const std::string& target, const std::string& body = "",
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
    core::RestRequest request;
    request.method = method;
    auto q = target.find('?');
    request.raw_path = target.substr(0, q);
    if (q != std::string::npos) request.raw_query = target.substr(q + 1);
    request.headers = std::move(headers);
    request.body = body;
    // As the router calls it: the answer may come after handle_async returns, from another thread.
    auto answer = std::make_shared<std::promise<core::RestResponse>>();
    try {
      service_.handle_async(core::RequestContext{}, request,
                            [answer](core::RestResponse r) { answer->set_value(std::move(r)); });
    } catch (const core::ApiError& e) {
      return service_.render_error(e);
    }
    return answer->get_future().get();
  }

  static std::string header(const core::RestResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers)
      if (key == name) return value;
    return "(absent)";
  }

  api::LambdaService service_{*functions_};
};

TEST_F(LambdaApiTest, ListFunctionsAnswersEveryFunctionInAwsShape) {
  auto response = send("GET", "/2015-03-31/functions/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(header(response, "Content-Type"), "application/json");
  auto body = json::parse(response.body);
  ASSERT_EQ(body["Functions"].size(), 10u);
  EXPECT_FALSE(body.contains("NextMarker"));
  auto get = nlohmann::ordered_json::parse(response.body)["Functions"][2];
  std::vector<std::string> members;
  for (const auto& [key, value] : get.items()) members.push_back(key);
  // ListFunctions leaves out State, LastUpdateStatus and RuntimeVersionConfig, as AWS does.
  EXPECT_THAT(members, ElementsAre("FunctionName", "FunctionArn", "Runtime", "Role", "Handler", "CodeSize",
                                   "Description", "Timeout", "MemorySize", "LastModified", "CodeSha256", "Version",
                                   "Environment", "TracingConfig", "RevisionId", "PackageType", "Architectures",
                                   "EphemeralStorage", "SnapStart", "LoggingConfig"));
  EXPECT_EQ(get["FunctionName"], "get_handler");
}

TEST_F(LambdaApiTest, ListFunctionsPagesWithMaxItemsAndMarker) {
  auto first = json::parse(send("GET", "/2015-03-31/functions/?MaxItems=2").body);
  ASSERT_EQ(first["Functions"].size(), 2u);
  EXPECT_EQ(first["Functions"][1]["FunctionName"], "echo");
  auto marker = first["NextMarker"].get<std::string>();
  auto second = json::parse(send("GET", "/2015-03-31/functions/?MaxItems=2&Marker=" + marker).body);
  EXPECT_EQ(second["Functions"][0]["FunctionName"], "get_handler");
}

TEST_F(LambdaApiTest, ListFunctionsRefusesMaxItemsBelowOne) {
  auto response = send("GET", "/2015-03-31/functions/?MaxItems=0");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(json::parse(response.body),
            (json{{"message", "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
                              "Member must have value greater than or equal to 1"}}));
}

TEST_F(LambdaApiTest, GetFunctionAnswersConfigurationAndCode) {
  auto response = send("GET", "/2015-03-31/functions/get_handler");
  EXPECT_EQ(response.status, 200);
  auto body = json::parse(response.body);
  auto c = body["Configuration"];
  EXPECT_EQ(c["FunctionName"], "get_handler");
  EXPECT_EQ(c["FunctionArn"], "arn:aws:lambda:us-east-1:000000000000:function:get_handler");
  EXPECT_EQ(c["Runtime"], "provided.al2023");
  EXPECT_EQ(c["Role"], "arn:aws:iam::000000000000:role/ddb_read_lambda_role");
  EXPECT_EQ(c["Handler"], "handler.handler");
  EXPECT_EQ(c["Description"], "");
  EXPECT_EQ(c["Timeout"], 3);
  EXPECT_EQ(c["MemorySize"], 128);
  EXPECT_THAT(c["LastModified"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}\\+0000"));
  EXPECT_THAT(c["CodeSha256"].get<std::string>(), MatchesRegex("[A-Za-z0-9+/]{43}="));
  EXPECT_EQ(c["Version"], "$LATEST");
  EXPECT_EQ(c["Environment"], (json{{"Variables", {{"TABLE", "stream-demo-table"}}}}));
  EXPECT_EQ(c["TracingConfig"], (json{{"Mode", "PassThrough"}}));
  EXPECT_EQ(c["State"], "Active");
  EXPECT_EQ(c["LastUpdateStatus"], "Successful");
  EXPECT_EQ(c["PackageType"], "Zip");
  EXPECT_EQ(c["Architectures"], (json{"x86_64"}));
  EXPECT_EQ(c["EphemeralStorage"], (json{{"Size", 512}}));
  EXPECT_EQ(c["LoggingConfig"], (json{{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/get_handler"}}));
  EXPECT_THAT(c["RuntimeVersionConfig"]["RuntimeVersionArn"].get<std::string>(),
              MatchesRegex("arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}"));
  EXPECT_EQ(body["Code"], (json{{"RepositoryType", "S3"}}));
}

TEST_F(LambdaApiTest, GetFunctionConfigurationIsTheSameConfiguration) {
  auto config = json::parse(send("GET", "/2015-03-31/functions/put_handler/configuration").body);
  auto full = json::parse(send("GET", "/2015-03-31/functions/put_handler").body)["Configuration"];
  EXPECT_EQ(config, full);
}

TEST_F(LambdaApiTest, FunctionWithoutVariablesHasNoEnvironmentMember) {
  FunctionConfig bare = function("bare", "test.echo");
  bare.environment.clear();
  functions_->create_function(bare);
  EXPECT_FALSE(json::parse(send("GET", "/2015-03-31/functions/bare").body)["Configuration"].contains("Environment"));
}

TEST_F(LambdaApiTest, UnknownFunctionIsResourceNotFoundInLambdasBody) {
  auto response = send("GET", "/2015-03-31/functions/nope");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(json::parse(response.body),
            (json{{"Type", "User"}, {"Message", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"}}));
}

TEST_F(LambdaApiTest, InvokeRequestResponseAnswersTheResult) {
  auto response = send("POST", "/2015-03-31/functions/echo/invocations", "{\"a\":[1,2]}");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"a\":[1,2]}");
  EXPECT_EQ(header(response, "X-Amz-Executed-Version"), "$LATEST");
  EXPECT_EQ(header(response, "Content-Type"), "application/json");
  EXPECT_EQ(header(response, "X-Amz-Function-Error"), "(absent)");
  EXPECT_EQ(header(response, "X-Amz-Log-Result"), "(absent)");
}

TEST_F(LambdaApiTest, InvokeWithoutPayloadPassesAnEmptyObject) {
  EXPECT_EQ(send("POST", "/2015-03-31/functions/echo/invocations").body, "{}");
}

TEST_F(LambdaApiTest, InvokeThrowingHandlerIs200WithFunctionErrorHeader) {
  auto response = send("POST", "/2015-03-31/functions/thrower/invocations", "{}");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(header(response, "X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(response.body, "{\"errorMessage\":\"boom\",\"errorType\":\"std::runtime_error\",\"stackTrace\":[]}");
}

TEST_F(LambdaApiTest, InvokePastTheTimeoutIsLambdasTimeoutError) {
  functions_->create_function(function("slow", "test.sleep", write_role(), 1));
  auto response = send("POST", "/2015-03-31/functions/slow/invocations", "{\"ms\":1300}");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(header(response, "X-Amz-Function-Error"), "Unhandled");
  auto body = json::parse(response.body);
  EXPECT_EQ(body.size(), 1u);
  EXPECT_THAT(body["errorMessage"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z [0-9a-f-]{36} Task timed out after 1\\.00 seconds"));
}

TEST_F(LambdaApiTest, InvokeEventIs202AndRunsLater) {
  auto response = send("POST", "/2015-03-31/functions/put_handler/invocations", "{\"itemKey\":\"e\",\"name\":\"n\"}",
                       {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(response.body, "");
  for (int i = 0; i < 500 && db_.item("stream-demo-table", "e").is_null(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(db_.item("stream-demo-table", "e"), (json{{"itemKey", {{"S", "e"}}}, {"name", {{"S", "n"}}}}));
}

TEST_F(LambdaApiTest, InvokeDryRunIs204AndRunsNothing) {
  auto response = send("POST", "/2015-03-31/functions/put_handler/invocations", "{\"itemKey\":\"d\",\"name\":\"n\"}",
                       {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(db_.calls().empty());
  EXPECT_TRUE(sink_->events().empty());
}

TEST_F(LambdaApiTest, InvokeWithTailAnswersTheLogInBase64) {
  auto response = send("POST", "/2015-03-31/functions/logger/invocations", "{\"lines\":[\"hi\"]}",
                       {{"X-Amz-Log-Type", "Tail"}});
  auto log = core::base64_decode_lenient(header(response, "X-Amz-Log-Result"));
  ASSERT_TRUE(log.has_value());
  EXPECT_THAT(*log, MatchesRegex("START RequestId: [0-9a-f-]{36} Version: \\$LATEST\nhi\nEND RequestId: [0-9a-f-]{36}\n"
                                 "REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\t"
                                 "Memory Size: 128 MB\tMax Memory Used: [0-9]+ MB\t\n"));
}

TEST_F(LambdaApiTest, InvokeUnknownFunctionIs404) {
  auto response = send("POST", "/2015-03-31/functions/nope/invocations", "{}");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(json::parse(response.body),
            (json{{"Type", "User"}, {"Message", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"}}));
}

TEST_F(LambdaApiTest, InvokeByUrlEncodedArnAndLatestQualifier) {
  EXPECT_EQ(send("POST",
                 "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aecho/invocations",
                 "1")
                .body,
            "1");
  EXPECT_EQ(send("POST", "/2015-03-31/functions/echo/invocations?Qualifier=%24LATEST", "2").body, "2");
  auto versioned = send("POST", "/2015-03-31/functions/echo/invocations?Qualifier=7", "3");
  EXPECT_EQ(versioned.status, 404);
  EXPECT_EQ(json::parse(versioned.body)["Message"],
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:7");
}

TEST_F(LambdaApiTest, InvokeWithAPayloadThatIsNotJsonIsInvalidRequestContent) {
  auto response = send("POST", "/2015-03-31/functions/echo/invocations", "hello");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "InvalidRequestContentException");
  EXPECT_EQ(json::parse(response.body),
            (json{{"Type", "User"},
                  {"message", "Could not parse request body into json: Could not parse payload into json: Unrecognized "
                              "token 'hello': was expecting (JSON String, Number, Array, Object or token 'null', "
                              "'true' or 'false')"}}));
}

TEST_F(LambdaApiTest, InvokeWithAnUnknownInvocationTypeIsAValidationError) {
  auto response = send("POST", "/2015-03-31/functions/echo/invocations", "{}", {{"X-Amz-Invocation-Type", "Sync"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(json::parse(response.body),
            (json{{"message", "1 validation error detected: Value 'Sync' at 'invocationType' failed to satisfy "
                              "constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"}}));
}

TEST_F(LambdaApiTest, InvokeTooLargeIsRefused) {
  auto response = send("POST", "/2015-03-31/functions/echo/invocations", "\"" + std::string(6291456, 'x') + "\"");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(json::parse(response.body),
            (json{{"Type", "User"}, {"message", "Request must be smaller than 6291456 bytes for the InvokeFunction operation"}}));
}

TEST_F(LambdaApiTest, ClientContextReachesTheHandlerDecoded) {
  functions_->create_function(function("cc", "test.context"));
  // {"custom":{"a":"b"}}
  auto response = send("POST", "/2015-03-31/functions/cc/invocations", "{}",
                       {{"X-Amz-Client-Context", core::base64_encode("{\"custom\":{\"a\":\"b\"}}")}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body)["client_context"], "{\"custom\":{\"a\":\"b\"}}");
  auto bad = send("POST", "/2015-03-31/functions/cc/invocations", "{}", {{"X-Amz-Client-Context", "!!!"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["message"], "Client context must be a valid Base64-encoded JSON object.");
}

TEST_F(LambdaApiTest, InvokeAnswersThroughTheResponderOnlyWhenTheFunctionReturns) {
  core::RestRequest request;
  request.method = "POST";
  request.raw_path = "/2015-03-31/functions/waiter/invocations";
  request.body = "{\"held\":true}";
  auto answered = std::make_shared<std::promise<core::RestResponse>>();
  auto answer = answered->get_future();
  service_.handle_async(core::RequestContext{}, request, [answered](core::RestResponse r) { answered->set_value(std::move(r)); });
  // handle_async has returned while the function is held.
  ASSERT_TRUE(latch().wait_entered(1));
  EXPECT_EQ(answer.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  latch().release();
  auto response = answer.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"held\":true}");
}

TEST_F(LambdaApiTest, PutGetAndDeleteFunctionConcurrency) {
  auto put = send("PUT", "/2017-10-31/functions/echo/concurrency", R"({"ReservedConcurrentExecutions": 5})");
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(json::parse(put.body), (json{{"ReservedConcurrentExecutions", 5}}));
  EXPECT_EQ(json::parse(send("GET", "/2019-09-30/functions/echo/concurrency").body),
            (json{{"ReservedConcurrentExecutions", 5}}));
  EXPECT_EQ(json::parse(send("GET", "/2015-03-31/functions/echo").body)["Concurrency"],
            (json{{"ReservedConcurrentExecutions", 5}}));
  auto removed = send("DELETE", "/2017-10-31/functions/echo/concurrency");
  EXPECT_EQ(removed.status, 204);
  EXPECT_EQ(removed.body, "");
  EXPECT_EQ(send("GET", "/2019-09-30/functions/echo/concurrency").body, "{}");
  EXPECT_FALSE(json::parse(send("GET", "/2015-03-31/functions/echo").body).contains("Concurrency"));
}

TEST_F(LambdaApiTest, PutFunctionConcurrencyValidatesBeforeItLooksTheFunctionUp) {
  auto negative = send("PUT", "/2017-10-31/functions/nope/concurrency", R"({"ReservedConcurrentExecutions": -1})");
  EXPECT_EQ(negative.status, 400);
  EXPECT_EQ(header(negative, "x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(json::parse(negative.body),
            (json{{"message", "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to "
                              "satisfy constraint: Member must have value greater than or equal to 0"}}));
  auto missing = send("PUT", "/2017-10-31/functions/echo/concurrency", "{}");
  EXPECT_EQ(json::parse(missing.body)["message"],
            "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: "
            "Member must not be null");
  auto unknown = send("PUT", "/2017-10-31/functions/nope/concurrency", R"({"ReservedConcurrentExecutions": 1})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(json::parse(unknown.body)["Message"], "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
}

TEST_F(LambdaApiTest, ReservingIntoTheLastHundredIsInvalidParameterValue) {
  auto too_much = send("PUT", "/2017-10-31/functions/echo/concurrency", R"({"ReservedConcurrentExecutions": 901})");
  EXPECT_EQ(too_much.status, 400);
  EXPECT_EQ(header(too_much, "x-amzn-ErrorType"), "InvalidParameterValueException");
  EXPECT_EQ(json::parse(too_much.body),
            (json{{"Type", "User"},
                  {"message", "Specified ReservedConcurrentExecutions for function decreases account's "
                              "UnreservedConcurrentExecution below its minimum value of [100]."}}));
  EXPECT_EQ(send("PUT", "/2017-10-31/functions/echo/concurrency", R"({"ReservedConcurrentExecutions": 900})").status, 200);
  EXPECT_EQ(send("PUT", "/2017-10-31/functions/logger/concurrency", R"({"ReservedConcurrentExecutions": 1})").status, 400);
  auto settings = json::parse(send("GET", "/2016-08-19/account-settings").body);
  EXPECT_EQ(settings["AccountLimit"]["ConcurrentExecutions"], 1000);
  EXPECT_EQ(settings["AccountLimit"]["UnreservedConcurrentExecutions"], 100);
  EXPECT_EQ(settings["AccountUsage"]["FunctionCount"], 10);
}

TEST_F(LambdaApiTest, InvokeOverTheReservationIs429TooManyRequests) {
  send("PUT", "/2017-10-31/functions/echo/concurrency", R"({"ReservedConcurrentExecutions": 0})");
  auto response = send("POST", "/2015-03-31/functions/echo/invocations", "{}");
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "TooManyRequestsException");
  EXPECT_EQ(response.body, R"({"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."})");
  // Event invocations are queued, not refused: Lambda's asynchronous queue absorbs the throttle.
  EXPECT_EQ(send("POST", "/2015-03-31/functions/echo/invocations", "{}", {{"X-Amz-Invocation-Type", "Event"}}).status,
            202);
}

TEST_F(LambdaApiTest, UnservedRouteIsUnknownOperation) {
  auto response = send("DELETE", "/2015-03-31/functions/echo");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(header(response, "x-amzn-ErrorType"), "UnknownOperationException");
}

}  // namespace
}  // namespace streamstack::lambda::testing
