#include "apigateway/proxy_event.h"
#include "apigateway/utf8.h"

#include <gtest/gtest.h>

using namespace streamstack::apigateway;
using nlohmann::json;

namespace {

ProxyContext context() {
  ProxyContext c;
  c.account_id = "000000000000";
  c.api_id = "abcdefghij";
  c.stage = "prod";
  c.deployment_id = "dep123";
  c.resource_id = "res123";
  c.resource_path = "/{proxy+}";
  c.path_parameters = {{"proxy", "a%2Fb/c"}};
  c.request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
  c.extended_request_id = "EXT=";
  c.trace_id = "Root=1-00000000-000000000000000000000000";
  c.request_time_ms = 1519166937665;  // 20/Feb/2018:22:48:57 +0000
  return c;
}

ProxyRequest request() {
  ProxyRequest r;
  r.http_method = "GET";
  r.path = "/a%2Fb/c/";
  r.raw_query = "x=1&x=2&y=a+b";
  r.headers = {{"Host", "localhost:4566"}, {"tEsT-HEADeR", "aValUE"}, {"X-Multi", "1"},
               {"x-multi", "2"}, {"Content-Length", "0"}, {"User-Agent", "ua/1"}};
  r.source_ip = "10.0.0.1";
  return r;
}

}  // namespace

TEST(ProxyEvent, IsTheEventAwsSendsFieldForField) {
  auto event = proxy_event(request(), context());
  json expected = {
      {"resource", "/{proxy+}"},
      {"path", "/a%2Fb/c/"},
      {"httpMethod", "GET"},
      {"headers",
       {{"Host", "localhost:4566"}, {"tEsT-HEADeR", "aValUE"}, {"X-Multi", "2"}, {"User-Agent", "ua/1"},
        {"X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000"}, {"X-Forwarded-For", "10.0.0.1"},
        {"X-Forwarded-Port", "4566"}, {"X-Forwarded-Proto", "http"}}},
      {"multiValueHeaders",
       {{"Host", {"localhost:4566"}}, {"tEsT-HEADeR", {"aValUE"}}, {"X-Multi", {"1", "2"}}, {"User-Agent", {"ua/1"}},
        {"X-Amzn-Trace-Id", {"Root=1-00000000-000000000000000000000000"}}, {"X-Forwarded-For", {"10.0.0.1"}},
        {"X-Forwarded-Port", {"4566"}}, {"X-Forwarded-Proto", {"http"}}}},
      {"queryStringParameters", {{"x", "2"}, {"y", "a b"}}},
      {"multiValueQueryStringParameters", {{"x", {"1", "2"}}, {"y", {"a b"}}}},
      {"pathParameters", {{"proxy", "a%2Fb/c"}}},
      {"stageVariables", nullptr},
      {"requestContext",
       {{"resourceId", "res123"},
        {"resourcePath", "/{proxy+}"},
        {"httpMethod", "GET"},
        {"extendedRequestId", "EXT="},
        {"requestTime", "20/Feb/2018:22:48:57 +0000"},
        {"path", "/prod/a%2Fb/c/"},
        {"accountId", "000000000000"},
        {"protocol", "HTTP/1.1"},
        {"stage", "prod"},
        {"domainPrefix", "abcdefghij"},
        {"requestTimeEpoch", 1519166937665},
        {"requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
        {"identity",
         {{"accessKey", nullptr}, {"accountId", nullptr}, {"caller", nullptr},
          {"cognitoAuthenticationProvider", nullptr}, {"cognitoAuthenticationType", nullptr},
          {"cognitoIdentityId", nullptr}, {"cognitoIdentityPoolId", nullptr}, {"principalOrgId", nullptr},
          {"sourceIp", "10.0.0.1"}, {"user", nullptr}, {"userAgent", "ua/1"}, {"userArn", nullptr}}},
        {"domainName", "localhost:4566"},
        {"deploymentId", "dep123"},
        {"apiId", "abcdefghij"}}},
      {"body", nullptr},
      {"isBase64Encoded", false}};
  EXPECT_EQ(event, expected) << event.dump(2);
}

TEST(ProxyEvent, EmptySectionsAreNullNotEmptyObjects) {
  auto r = request();
  r.raw_query = "";
  auto c = context();
  c.path_parameters.clear();
  auto event = proxy_event(r, c);
  EXPECT_TRUE(event["queryStringParameters"].is_null());
  EXPECT_TRUE(event["multiValueQueryStringParameters"].is_null());
  EXPECT_TRUE(event["pathParameters"].is_null());
  EXPECT_TRUE(event["stageVariables"].is_null());
  EXPECT_TRUE(event["body"].is_null());
}

TEST(ProxyEvent, ClientsForwardedForComesFirst) {
  auto r = request();
  r.headers.emplace_back("X-Forwarded-For", "1.2.3.4");
  auto event = proxy_event(r, context());
  EXPECT_EQ(event["headers"]["X-Forwarded-For"], "1.2.3.4, 10.0.0.1");
}

TEST(ProxyEvent, BinaryMediaTypeBodiesAreBase64) {
  auto r = request();
  r.body = std::string("\x00\x01\xff", 3);
  r.headers.emplace_back("Content-Type", "image/png");
  auto c = context();
  c.binary_media_types = {"image/*"};
  auto event = proxy_event(r, c);
  EXPECT_EQ(event["body"], "AAH/");
  EXPECT_EQ(event["isBase64Encoded"], true);
}

TEST(ProxyEvent, TextBodiesOfOtherTypesAreSentAsText) {
  auto r = request();
  r.http_method = "POST";
  r.body = R"({"itemKey":"1"})";
  r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  auto c = context();
  c.binary_media_types = {"image/*"};
  auto event = proxy_event(r, c);
  EXPECT_EQ(event["body"], R"({"itemKey":"1"})");
  EXPECT_EQ(event["isBase64Encoded"], false);
}

TEST(ProxyEvent, BytesThatAreNotUtf8AreBase64SoTheEventStaysJson) {
  auto r = request();
  r.body = "\xc3\x28";
  auto event = proxy_event(r, context());
  EXPECT_EQ(event["isBase64Encoded"], true);
  EXPECT_EQ(event["body"], "wyg=");
}

TEST(BinaryMediaTypes, MatchExactlyByWildcardOrAll) {
  EXPECT_TRUE(matches_binary_media_type("image/png", {"image/png"}));
  EXPECT_TRUE(matches_binary_media_type("Image/PNG; q=1", {"image/png"}));
  EXPECT_TRUE(matches_binary_media_type("image/gif", {"image/*"}));
  EXPECT_TRUE(matches_binary_media_type("text/plain", {"*/*"}));
  EXPECT_FALSE(matches_binary_media_type("text/plain", {"image/*"}));
  EXPECT_FALSE(matches_binary_media_type("", {"*/*"}));
}

TEST(RequestTime, IsApacheStyleUtc) {
  EXPECT_EQ(request_time(0), "01/Jan/1970:00:00:00 +0000");
  EXPECT_EQ(request_time(1519166937665), "20/Feb/2018:22:48:57 +0000");
}

TEST(ProxyEvent, BytesThatAreNotTextBecomeReplacementCharacters) {
  auto r = request();
  r.raw_query = "q=%ff%41&%c3=x";
  r.headers.emplace_back("X-Bin", "a\xff");
  auto event = proxy_event(r, context());
  EXPECT_EQ(event["queryStringParameters"], json({{"q", "\xEF\xBF\xBD" "A"}, {"\xEF\xBF\xBD", "x"}}));
  EXPECT_EQ(event["headers"]["X-Bin"], "a\xEF\xBF\xBD");
  EXPECT_NO_THROW(event.dump());
}

TEST(Utf8, RefusesOverlongFormsSurrogatesAndTruncations) {
  using streamstack::apigateway::is_valid_utf8;
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // cut short
  EXPECT_EQ(streamstack::apigateway::to_valid_utf8("a\xe2\x82"), "a\xEF\xBF\xBD\xEF\xBF\xBD");
}
