#include "apigateway/proxy_response.h"

#include <gtest/gtest.h>

using namespace streamstack::apigateway;
using nlohmann::json;

namespace {

std::optional<streamstack::core::RestResponse> map(const json& payload, std::vector<std::string> binary = {},
                                                   std::string_view accept = "") {
  return map_proxy_response(payload, accept, binary);
}

std::vector<std::pair<std::string, std::string>> headers_of(const json& payload) {
  auto response = map(payload);
  EXPECT_TRUE(response);
  return response ? response->headers : decltype(response->headers){};
}

using Headers = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST(ProxyResponse, StatusCodeIsANumberOrANumericString) {
  EXPECT_EQ(map({{"statusCode", 201}})->status, 201);
  EXPECT_EQ(map({{"statusCode", "202"}})->status, 202);
  EXPECT_EQ(map({{"statusCode", 203.0}})->status, 203);
  EXPECT_EQ(map({{"body", "x"}})->status, 200);
  EXPECT_EQ(map({{"statusCode", nullptr}})->status, 200);
}

TEST(ProxyResponse, BadStatusCodesAreMalformed) {
  for (const json& code : {json("test"), json("20x"), json(99), json(600), json(200.5), json(true), json("2000")})
    EXPECT_FALSE(map({{"statusCode", code}})) << code.dump();
}

TEST(ProxyResponse, OnlyTheFiveKeysAreAllowed) {
  EXPECT_FALSE(map({{"statusCode", 200}, {"wrongValue", 1}}));
  EXPECT_TRUE(map({{"statusCode", 200}, {"headers", json::object()}, {"multiValueHeaders", json::object()},
                   {"body", ""}, {"isBase64Encoded", false}}));
}

TEST(ProxyResponse, OnlyAnObjectIsAResponse) {
  EXPECT_FALSE(map("a string"));
  EXPECT_FALSE(map(json::array()));
  EXPECT_FALSE(map(nullptr));
  EXPECT_FALSE(map(42));
}

TEST(ProxyResponse, BodyMustBeAString) {
  EXPECT_FALSE(map({{"body", {{"an", "object"}}}}));
  EXPECT_FALSE(map({{"body", 5}}));
  EXPECT_EQ(map({{"body", "text"}})->body, "text");
}

TEST(ProxyResponse, MultiValuesComeFirstInTheirCasingThenTheSingleValue) {
  EXPECT_EQ(headers_of({{"headers", {{"X-Both", "s"}}}, {"multiValueHeaders", {{"x-both", {"m1", "m2"}}}}}),
            (Headers{{"x-both", "m1, m2, s"}, {"Content-Type", "application/json"}}));
}

TEST(ProxyResponse, HeaderScalarsAreSentAsJsonText) {
  EXPECT_EQ(headers_of({{"headers", {{"A", true}, {"B", 5}, {"Content-Type", "text/plain"}}}}),
            (Headers{{"A", "true"}, {"B", "5"}, {"Content-Type", "text/plain"}}));
  EXPECT_FALSE(map({{"headers", {{"A", {{"nested", 1}}}}}}));
  EXPECT_FALSE(map({{"multiValueHeaders", {{"A", "not-a-list"}}}}));
  EXPECT_FALSE(map({{"headers", "not-a-map"}}));
}

TEST(ProxyResponse, NullHeaderMapsAndValuesAreIgnored) {
  EXPECT_EQ(headers_of({{"headers", nullptr}, {"multiValueHeaders", {{"A", nullptr}}}}),
            (Headers{{"Content-Type", "application/json"}}));
}

TEST(ProxyResponse, Base64BodyIsDecodedOnlyForABinaryMediaType) {
  json payload = {{"headers", {{"Content-Type", "image/png"}}}, {"body", "AAH/"}, {"isBase64Encoded", true}};
  EXPECT_EQ(map(payload)->body, "AAH/");
  EXPECT_EQ(map(payload, {"image/*"})->body, std::string("\x00\x01\xff", 3));
  json untyped = {{"body", "AAH/"}, {"isBase64Encoded", true}};
  EXPECT_EQ(map(untyped, {"image/png"}, "image/png")->body, std::string("\x00\x01\xff", 3));
  EXPECT_FALSE(map({{"isBase64Encoded", "yes"}}));
}
