// Query and Scan: key order, paging, filters, segments and their errors, as DynamoDB answers.
#include "item_test_fixture.h"

#include <cstdio>
#include <set>
#include <vector>

namespace streamstack::dynamodb::testing {
namespace {

class QueryScan : public ItemTest {
 protected:
  QueryScan() {
    for (const char* n : {"10", "-1.5", "0", "2", "-10", "0.25", "1e2", "-0.001"}) {
      call(put_item,
           {{"TableName", "numbers"}, {"Item", {{"a", {{"S", "p"}}}, {"n", {{"N", n}}}}}});
    }
    put(numbers, json::parse(R"({"a":{"S":"other"},"n":{"N":"1"}})"));
  }

  json query_numbers(json extra) {
    json input = {{"TableName", "numbers"},
                  {"KeyConditionExpression", "a = :p"},
                  {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}}};
    input.update(extra, true);
    return call(query, input);
  }

  static std::vector<std::string> numbers_of(const json& out) {
    std::vector<std::string> ns;
    for (const json& item : out.at("Items")) ns.push_back(item.at("n").at("N").get<std::string>());
    return ns;
  }
};

using Strings = std::vector<std::string>;

void expect_validation(const core::ApiError& e, const std::string& message) {
  EXPECT_EQ(e.code(), "ValidationException");
  EXPECT_EQ(e.message(), message);
}

TEST_F(QueryScan, QueryReturnsNumericSortKeysInNumericOrder) {
  json out = query_numbers(json::object());
  EXPECT_EQ(numbers_of(out), Strings({"-10", "-1.5", "-0.001", "0", "0.25", "2", "10", "100"}));
  EXPECT_EQ(out["Count"], 8);
  EXPECT_EQ(out["ScannedCount"], 8);
  EXPECT_FALSE(out.contains("LastEvaluatedKey"));
}

TEST_F(QueryScan, QueryBackwardsWithScanIndexForwardFalse) {
  json out = query_numbers({{"ScanIndexForward", false}});
  EXPECT_EQ(numbers_of(out), Strings({"100", "10", "2", "0.25", "0", "-0.001", "-1.5", "-10"}));
}

TEST_F(QueryScan, QueryWithEachSortKeyOperator) {
  auto with = [&](const std::string& condition, json values) {
    values[":p"] = {{"S", "p"}};
    return numbers_of(query_numbers({{"KeyConditionExpression", "a = :p AND " + condition},
                                     {"ExpressionAttributeValues", values}}));
  };
  json zero = {{":v", {{"N", "0"}}}};
  EXPECT_EQ(with("n = :v", zero), Strings({"0"}));
  EXPECT_EQ(with("n < :v", zero), Strings({"-10", "-1.5", "-0.001"}));
  EXPECT_EQ(with("n <= :v", zero), Strings({"-10", "-1.5", "-0.001", "0"}));
  EXPECT_EQ(with("n > :v", zero), Strings({"0.25", "2", "10", "100"}));
  EXPECT_EQ(with("n >= :v", zero), Strings({"0", "0.25", "2", "10", "100"}));
  EXPECT_EQ(with("n BETWEEN :lo AND :hi", {{":lo", {{"N", "-1.5"}}}, {":hi", {{"N", "2"}}}}),
            Strings({"-1.5", "-0.001", "0", "0.25", "2"}));
}

TEST_F(QueryScan, QueryBeginsWithOnAStringSortKey) {
  for (const char* b : {"apple", "apricot", "banana", "ap", "a", "aq"}) {
    put(range, {{"a", {{"S", "k"}}}, {"b", {{"S", b}}}});
  }
  json input = {{"TableName", "range"},
                {"KeyConditionExpression", "a = :k AND begins_with(b, :ap)"},
                {"ExpressionAttributeValues", {{":k", {{"S", "k"}}}, {":ap", {{"S", "ap"}}}}}};
  auto bs = [](const json& out) {
    Strings v;
    for (const json& item : out["Items"]) v.push_back(item["b"]["S"]);
    return v;
  };
  EXPECT_EQ(bs(call(query, input)), Strings({"ap", "apple", "apricot"}));
  input["ScanIndexForward"] = false;
  EXPECT_EQ(bs(call(query, input)), Strings({"apricot", "apple", "ap"}));
}

TEST_F(QueryScan, QueryPagesWithLimitAndLastEvaluatedKey) {
  json first = query_numbers({{"Limit", 3}});
  EXPECT_EQ(numbers_of(first), Strings({"-10", "-1.5", "-0.001"}));
  EXPECT_EQ(first["LastEvaluatedKey"], json::parse(R"({"a":{"S":"p"},"n":{"N":"-0.001"}})"));
  json second = query_numbers({{"Limit", 3}, {"ExclusiveStartKey", first["LastEvaluatedKey"]}});
  EXPECT_EQ(numbers_of(second), Strings({"0", "0.25", "2"}));
  json third = query_numbers({{"Limit", 3}, {"ExclusiveStartKey", second["LastEvaluatedKey"]}});
  EXPECT_EQ(numbers_of(third), Strings({"10", "100"}));
  EXPECT_FALSE(third.contains("LastEvaluatedKey"));
}

TEST_F(QueryScan, APageEndingAtTheLimitHasALastEvaluatedKeyEvenWhenNothingFollows) {
  json first = query_numbers({{"Limit", 4}, {"ScanIndexForward", false}});
  json second = query_numbers({{"Limit", 4},
                               {"ScanIndexForward", false},
                               {"ExclusiveStartKey", first["LastEvaluatedKey"]}});
  EXPECT_EQ(numbers_of(second), Strings({"0", "-0.001", "-1.5", "-10"}));
  EXPECT_EQ(second["LastEvaluatedKey"], json::parse(R"({"a":{"S":"p"},"n":{"N":"-10"}})"));
  json last = query_numbers({{"Limit", 4},
                             {"ScanIndexForward", false},
                             {"ExclusiveStartKey", second["LastEvaluatedKey"]}});
  EXPECT_EQ(last, json::parse(R"({"Count":0,"ScannedCount":0,"Items":[]})"));
}

TEST_F(QueryScan, FilterAppliesAfterLimit) {
  put(numbers, json::parse(R"({"a":{"S":"p"},"n":{"N":"-10"},"tag":{"S":"t"}})"));
  put(numbers, json::parse(R"({"a":{"S":"p"},"n":{"N":"2"},"tag":{"S":"t"}})"));
  json out = query_numbers({{"Limit", 3}, {"FilterExpression", "attribute_exists(tag)"}});
  EXPECT_EQ(out["Count"], 1);
  EXPECT_EQ(out["ScannedCount"], 3);
  EXPECT_EQ(out["Items"], json::parse(R"([{"a":{"S":"p"},"n":{"N":"-10"},"tag":{"S":"t"}}])"));
  EXPECT_EQ(out["LastEvaluatedKey"], json::parse(R"({"a":{"S":"p"},"n":{"N":"-0.001"}})"));
}

TEST_F(QueryScan, SelectCountReturnsNoItems) {
  EXPECT_EQ(query_numbers({{"Select", "COUNT"}}), json::parse(R"({"Count":8,"ScannedCount":8})"));
}

TEST_F(QueryScan, ProjectionExpressionShapesItems) {
  json out = query_numbers({{"Limit", 1}, {"ProjectionExpression", "n"}});
  EXPECT_EQ(out["Items"], json::parse(R"([{"n":{"N":"-10"}}])"));
}

TEST_F(QueryScan, LegacyKeyConditionsAndQueryFilter) {
  json out = call(
      query, {{"TableName", "numbers"},
              {"KeyConditions",
               {{"a", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "p"}}}}}},
                {"n", {{"ComparisonOperator", "GT"}, {"AttributeValueList", {{{"N", "2"}}}}}}}}});
  EXPECT_EQ(numbers_of(out), Strings({"10", "100"}));
}

TEST_F(QueryScan, QueryMustConstrainTheHashKeyByEquality) {
  expect_validation(error_of(query, {{"TableName", "range"},
                                     {"KeyConditionExpression", "b = :v"},
                                     {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
                    "Query condition missed key schema element: a");
  expect_validation(error_of(query, {{"TableName", "hash"},
                                     {"KeyConditionExpression", "a > :v"},
                                     {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
                    "Query key condition not supported");
  expect_validation(error_of(query, {{"TableName", "hash"},
                                     {"KeyConditionExpression", "a = :v"},
                                     {"ExpressionAttributeValues", {{":v", {{"N", "1"}}}}}}),
                    "One or more parameter values were invalid: Condition parameter type does not "
                    "match schema type");
}

TEST_F(QueryScan, QueryNeedsAKeyCondition) {
  expect_validation(error_of(query, {{"TableName", "hash"}}),
                    "Either the KeyConditions or KeyConditionExpression parameter must be "
                    "specified in the request.");
}

TEST_F(QueryScan, QueryStartKeyMustLieInThePartition) {
  expect_validation(
      error_of(query, {{"TableName", "numbers"},
                       {"KeyConditionExpression", "a = :p"},
                       {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}},
                       {"ExclusiveStartKey", {{"a", {{"S", "q"}}}, {"n", {{"N", "1"}}}}}}),
      "The provided starting key is outside query boundaries based on provided conditions");
  expect_validation(error_of(query, {{"TableName", "numbers"},
                                     {"KeyConditionExpression", "a = :p"},
                                     {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}},
                                     {"ExclusiveStartKey", {{"a", {{"S", "p"}}}}}}),
                    "The provided starting key is invalid");
}

TEST_F(QueryScan, QueryOnAnIndexTheTableLacks) {
  expect_validation(error_of(query, {{"TableName", "hash"},
                                     {"IndexName", "byTag"},
                                     {"KeyConditionExpression", "a = :v"},
                                     {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
                    "The table does not have the specified index: byTag");
}

TEST_F(QueryScan, QueryCountWithProjectionIsRefused) {
  expect_validation(
      error_of(query, {{"TableName", "hash"},
                       {"Select", "COUNT"},
                       {"ProjectionExpression", "a"},
                       {"KeyConditionExpression", "a = :v"},
                       {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
      "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get "
      "only the Count");
}

TEST_F(QueryScan, QueryStopsAfterOneMegabyteOfItems) {
  for (int i = 0; i < 30; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "k%02d", i);
    put(range, {{"a", {{"S", "p"}}}, {"b", {{"S", sk}}}, {"d", {{"S", std::string(100000, 'x')}}}});
  }
  json input = {{"TableName", "range"},
                {"KeyConditionExpression", "a = :p"},
                {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}}},
                {"Select", "COUNT"}};
  // Each item is 100,007 bytes: the eleventh crosses 1 MB and ends the page.
  json first = call(query, input);
  EXPECT_EQ(first, json::parse(R"({"Count":11,"ScannedCount":11,
                                   "LastEvaluatedKey":{"a":{"S":"p"},"b":{"S":"k10"}}})"));
  input["ExclusiveStartKey"] = first["LastEvaluatedKey"];
  json second = call(query, input);
  input["ExclusiveStartKey"] = second["LastEvaluatedKey"];
  EXPECT_EQ(call(query, input), json::parse(R"({"Count":8,"ScannedCount":8})"));
}

TEST_F(QueryScan, ScanPagesVisitEveryItemOnce) {
  for (int i = 0; i < 25; ++i) put(hash, {{"a", {{"S", "item" + std::to_string(i)}}}});
  std::multiset<std::string> seen;
  json input = {{"TableName", "hash"}, {"Limit", 7}};
  int pages = 0;
  while (true) {
    json out = call(scan, input);
    ++pages;
    for (const json& item : out["Items"]) seen.insert(item["a"]["S"].get<std::string>());
    if (!out.contains("LastEvaluatedKey")) break;
    input["ExclusiveStartKey"] = out["LastEvaluatedKey"];
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);
}

TEST_F(QueryScan, ScanSegmentsSplitTheTable) {
  for (int i = 0; i < 40; ++i) put(hash, {{"a", {{"S", "item" + std::to_string(i)}}}});
  std::multiset<std::string> seen;
  for (int segment = 0; segment < 3; ++segment) {
    json out = call(scan, {{"TableName", "hash"}, {"Segment", segment}, {"TotalSegments", 3}});
    EXPECT_GT(out["Count"].get<int>(), 0);
    for (const json& item : out["Items"]) seen.insert(item["a"]["S"].get<std::string>());
  }
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 40u);
}

TEST_F(QueryScan, ScanSegmentParametersGoTogether) {
  expect_validation(error_of(scan, {{"TableName", "hash"}, {"Segment", 0}}),
                    "The TotalSegments parameter is required but was not present in the request "
                    "when Segment parameter is present");
  expect_validation(error_of(scan, {{"TableName", "hash"}, {"TotalSegments", 4}}),
                    "The Segment parameter is required but was not present in the request when "
                    "parameter TotalSegments is present");
  expect_validation(error_of(scan, {{"TableName", "hash"}, {"Segment", 5}, {"TotalSegments", 5}}),
                    "The Segment parameter is zero-based and must be less than parameter "
                    "TotalSegments: Segment: 5 is not less than TotalSegments: 5");
}

TEST_F(QueryScan, ScanCountsWithAFilter) {
  json out = call(scan, {{"TableName", "numbers"},
                         {"Select", "COUNT"},
                         {"FilterExpression", "n > :z"},
                         {"ExpressionAttributeValues", {{":z", {{"N", "0"}}}}}});
  EXPECT_EQ(out, json::parse(R"({"Count":5,"ScannedCount":9})"));
}

TEST_F(QueryScan, ScanStartKeyMustMatchTheSchema) {
  expect_validation(
      error_of(scan, {{"TableName", "hash"}, {"ExclusiveStartKey", {{"b", {{"S", "x"}}}}}}),
      "The provided starting key is invalid: The provided key element does not "
      "match the schema");
}

TEST_F(QueryScan, LimitBelowOneIsAConstraintError) {
  expect_validation(error_of(scan, {{"TableName", "hash"}, {"Limit", 0}}),
                    "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                    "constraint: Member must have value greater than or equal to 1");
}

TEST_F(QueryScan, ScanReturnsConsumedCapacityOfTheItemsRead) {
  json out = call(scan, {{"TableName", "numbers"},
                         {"Select", "COUNT"},
                         {"ConsistentRead", true},
                         {"ReturnConsumedCapacity", "TOTAL"}});
  EXPECT_EQ(out["ConsumedCapacity"], json::parse(R"({"CapacityUnits":1.0,"TableName":"numbers"})"));
}

TEST_F(QueryScan, LegacyScanFilterAndConditionalOperator) {
  json between = {{"ComparisonOperator", "BETWEEN"},
                  {"AttributeValueList", {{{"N", "0"}}, {{"N", "2"}}}}};
  json out =
      call(scan, {{"TableName", "numbers"}, {"Select", "COUNT"}, {"ScanFilter", {{"n", between}}}});
  EXPECT_EQ(out, json::parse(R"({"Count":4,"ScannedCount":9})"));
  json negative = {{"ComparisonOperator", "LT"}, {"AttributeValueList", {{{"N", "0"}}}}};
  out =
      call(scan,
           {{"TableName", "numbers"},
            {"Select", "COUNT"},
            {"ConditionalOperator", "OR"},
            {"ScanFilter",
             {{"n", negative},
              {"a", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "other"}}}}}}}}});
  EXPECT_EQ(out, json::parse(R"({"Count":4,"ScannedCount":9})"));
}

TEST_F(QueryScan, QueryFilterMayNotNameKeyAttributes) {
  json eq = {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "p"}}}}};
  expect_validation(
      error_of(query, {{"TableName", "numbers"},
                       {"KeyConditions", {{"a", eq}}},
                       {"QueryFilter", {{"n", {{"ComparisonOperator", "NOT_NULL"}}}}}}),
      "QueryFilter can only contain non-primary key attributes: Primary key "
      "attribute: n");
  expect_validation(error_of(query, {{"TableName", "numbers"},
                                     {"KeyConditions",
                                      {{"a", eq}, {"n", {{"ComparisonOperator", "NOT_NULL"}}}}}}),
                    "Attempted conditional constraint is not an indexable operation");
}

TEST_F(QueryScan, QueryStartKeyMustMatchTheRangeCondition) {
  expect_validation(
      error_of(query, {{"TableName", "numbers"},
                       {"KeyConditionExpression", "a = :p AND n > :z"},
                       {"ExpressionAttributeValues", {{":p", {{"S", "p"}}}, {":z", {{"N", "0"}}}}},
                       {"ExclusiveStartKey", {{"a", {{"S", "p"}}}, {"n", {{"N", "-1"}}}}}}),
      "The provided starting key does not match the range key predicate");
}

TEST_F(QueryScan, QueryOnAHashTableTakesOneCondition) {
  expect_validation(error_of(query, {{"TableName", "hash"},
                                     {"KeyConditionExpression", "a = :v AND b = :v"},
                                     {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
                    "Query key condition not supported");
}

TEST_F(QueryScan, ProjectionThroughAKeyAttributeIsRefused) {
  expect_validation(error_of(get_item, {{"TableName", "hash"},
                                        {"Key", {{"a", {{"S", "x"}}}}},
                                        {"ProjectionExpression", "a.b"}}),
                    "Key attributes must be scalars; list random access '[]' and map lookup '.' "
                    "are not allowed: Key: a");
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
