#include "apigateway/mock_integration.h"

#include <gtest/gtest.h>

using namespace streamstack::apigateway;
using nlohmann::ordered_json;

namespace {

// CDK's addCorsPreflight: `{ statusCode: 200 }` (not JSON) and a 204 response.
ordered_json cdk_preflight() {
  return {{"type", "MOCK"},
          {"requestTemplates", {{"application/json", "{ statusCode: 200 }"}}},
          {"integrationResponses",
           {{"204",
             {{"statusCode", "204"},
              {"responseParameters",
               {{"method.response.header.Access-Control-Allow-Origin", "'*'"},
                {"method.response.header.Access-Control-Allow-Methods", "'GET,POST'"},
                {"method.response.header.Vary", "method.request.header.Origin"}}}}}}}};
}

ProxyRequest options() {
  ProxyRequest r;
  r.http_method = "OPTIONS";
  r.path = "/";
  r.headers = {{"Origin", "http://example.com"}};
  return r;
}

}  // namespace

TEST(MockIntegration, StaticParametersBecomeHeadersOfTheDefaultResponse) {
  auto response = mock_integration_response(cdk_preflight(), options());
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
  // Only quoted static values: a mapping from the request is not evaluated.
  EXPECT_EQ(response.headers, (std::vector<std::pair<std::string, std::string>>{
                                  {"Access-Control-Allow-Origin", "*"},
                                  {"Access-Control-Allow-Methods", "GET,POST"},
                                  {"Content-Type", "application/json"}}));
}

TEST(MockIntegration, TheRequestedStatusSelectsByPattern) {
  auto integration = cdk_preflight();
  integration["requestTemplates"]["application/json"] = R"({"statusCode": 404})";
  integration["integrationResponses"]["404"] = {{"statusCode", "404"}, {"selectionPattern", "4\\d{2}"},
                                                {"responseTemplates", {{"application/json", R"({"gone":true})"}}}};
  auto response = mock_integration_response(integration, options());
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, R"({"gone":true})");
}

TEST(MockIntegration, NoResponseForTheStatusIs500) {
  ordered_json integration = {{"type", "MOCK"}};
  auto response = mock_integration_response(integration, options());
  EXPECT_EQ(response.status, 500);
}

TEST(MockIntegration, AnUnusablePatternNeverSelects) {
  auto integration = cdk_preflight();
  integration["integrationResponses"]["400"] = {{"statusCode", "400"}, {"selectionPattern", "(["}};
  EXPECT_EQ(mock_integration_response(integration, options()).status, 204);
}
