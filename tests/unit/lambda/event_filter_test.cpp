#include "lambda/event_filter.h"

#include "core/api_error.h"

#include <gtest/gtest.h>

using nlohmann::json;
using streamstack::lambda::EventFilter;
using streamstack::lambda::pattern_matches;

namespace {

const json kInsert = json::parse(R"({
  "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
  "dynamodb": {"ApproximateCreationDateTime": 1767225600.0,
               "Keys": {"itemKey": {"S": "k1"}},
               "NewImage": {"itemKey": {"S": "k1"}, "name": {"S": "alice"}, "region": {"S": "us-1a"},
                            "count": {"N": "101"}},
               "SizeBytes": 27}})");

bool matches(const char* pattern, const json& event = kInsert) {
  return pattern_matches(json::parse(pattern), event);
}

EventFilter filter_of(std::initializer_list<const char*> patterns) {
  json filters = json::array();
  for (auto p : patterns) filters.push_back({{"Pattern", p}});
  return EventFilter::parse({{"Filters", filters}});
}

}  // namespace

TEST(EventFilter, ExactValuesAreOredWithinAField) {
  EXPECT_TRUE(matches(R"({"eventName": ["INSERT"]})"));
  EXPECT_TRUE(matches(R"({"eventName": ["MODIFY", "INSERT"]})"));
  EXPECT_FALSE(matches(R"({"eventName": ["REMOVE"]})"));
}

TEST(EventFilter, FieldsAreAndedAndMustAllBePresent) {
  EXPECT_TRUE(matches(R"({"eventName": ["INSERT"], "awsRegion": ["us-east-1"]})"));
  EXPECT_FALSE(matches(R"({"eventName": ["INSERT"], "awsRegion": ["eu-west-1"]})"));
  EXPECT_FALSE(matches(R"({"eventName": ["INSERT"], "userIdentity": {"type": ["Service"]}})"));
}

TEST(EventFilter, AttributeValuesNeedTheirTypeKey) {
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"name": {"S": ["alice"]}}}})"));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"name": ["alice"]}}})"));
}

TEST(EventFilter, PrefixSuffixAndEqualsIgnoreCase) {
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"region": {"S": [{"prefix": "us-1"}]}}}})"));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"region": {"S": [{"prefix": "eu-"}]}}}})"));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"name": {"S": [{"suffix": "ice"}]}}}})"));
  EXPECT_TRUE(matches(R"({"eventName": [{"equals-ignore-case": "insert"}]})"));
  EXPECT_FALSE(matches(R"({"eventName": ["insert"]})"));
}

TEST(EventFilter, AnythingBut) {
  EXPECT_TRUE(matches(R"({"eventName": [{"anything-but": ["REMOVE", "MODIFY"]}]})"));
  EXPECT_FALSE(matches(R"({"eventName": [{"anything-but": "INSERT"}]})"));
}

TEST(EventFilter, NumericWorksOnNumbersButNotOnNStrings) {
  EXPECT_TRUE(matches(R"({"dynamodb": {"SizeBytes": [{"numeric": [">", 10, "<=", 27]}]}})"));
  EXPECT_FALSE(matches(R"({"dynamodb": {"SizeBytes": [{"numeric": ["<", 27]}]}})"));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"count": {"N": [{"numeric": [">", 100]}]}}}})"));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"count": {"N": ["101"]}}}})"));
}

TEST(EventFilter, Exists) {
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"name": {"S": [{"exists": true}]}}}})"));
  EXPECT_TRUE(matches(R"({"dynamodb": {"NewImage": {"missing": [{"exists": false}]}}})"));
  EXPECT_FALSE(matches(R"({"dynamodb": {"NewImage": {"name": [{"exists": false}]}}})"));
  EXPECT_TRUE(matches(R"({"dynamodb": {"OldImage": {"name": [{"exists": false}]}}})"));
}

TEST(EventFilter, NumbersOutsideNumericCompareByText) {
  json event = {{"v", 300}};
  EXPECT_TRUE(matches(R"({"v": [300]})", event));
  EXPECT_FALSE(matches(R"({"v": [300.0]})", event));
  EXPECT_FALSE(matches(R"({"v": ["300"]})", event));
}

TEST(EventFilter, OrOfAlternatives) {
  EXPECT_TRUE(matches(R"({"$or": [{"eventName": ["REMOVE"]}, {"awsRegion": ["us-east-1"]}]})"));
  EXPECT_FALSE(matches(R"({"$or": [{"eventName": ["REMOVE"]}, {"awsRegion": ["eu-west-1"]}]})"));
}

TEST(EventFilter, FiltersAreOredAndNoFiltersMatchEverything) {
  EXPECT_TRUE(EventFilter::parse(json::object()).matches(kInsert));
  EXPECT_TRUE(filter_of({R"({"eventName": ["REMOVE"]})", R"({"eventName": ["INSERT"]})"}).matches(kInsert));
  EXPECT_FALSE(filter_of({R"({"eventName": ["REMOVE"]})"}).matches(kInsert));
}

TEST(EventFilter, InvalidPatternsAreRefusedWithAwsMessage) {
  for (const char* bad : {"single-string", "{broken", R"({"eventName": "INSERT"})", R"({"a": [{"nope": 1}]})",
                          R"({"a": [{"numeric": [">"]}]})", "[]"}) {
    try {
      filter_of({bad});
      ADD_FAILURE() << "accepted " << bad;
    } catch (const streamstack::core::ApiError& e) {
      EXPECT_EQ(e.code(), "InvalidParameterValueException") << bad;
      EXPECT_EQ(e.message(), "Invalid filter pattern definition.") << bad;
    }
  }
}
