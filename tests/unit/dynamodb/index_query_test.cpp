// Query and Scan of secondary indexes through the service: projections, sparse indexes, ties,
// paging, Select and ConsistentRead rules, multi-attribute keys, and their capacity.
#include "table_test_fixture.h"

#include <string>
#include <vector>

namespace streamstack::dynamodb::testing {
namespace {

json S(const std::string& s) { return {{"S", s}}; }
json N(const std::string& n) { return {{"N", n}}; }

class IndexQuery : public TableTest {
 protected:
  IndexQuery() {
    call("CreateTable", json::parse(R"({"TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                               {"AttributeName": "order", "AttributeType": "N"},
                               {"AttributeName": "status", "AttributeType": "S"},
                               {"AttributeName": "placed", "AttributeType": "N"},
                               {"AttributeName": "total", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                    {"AttributeName": "order", "KeyType": "RANGE"}],
      "GlobalSecondaryIndexes": [
        {"IndexName": "byStatus", "Projection": {"ProjectionType": "KEYS_ONLY"},
         "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                       {"AttributeName": "placed", "KeyType": "RANGE"}]},
        {"IndexName": "byStatusAll", "Projection": {"ProjectionType": "ALL"},
         "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}]}],
      "LocalSecondaryIndexes": [
        {"IndexName": "byTotal",
         "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]},
         "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                       {"AttributeName": "total", "KeyType": "RANGE"}]}]})"));
    order("c1", "1", "open", "10", "30", "first");
    order("c1", "2", "open", "10", "20", "second");
    order("c2", "1", "open", "5", "10", "third");
    order("c2", "2", "shipped", "7", "40", "fourth");
    // No status: not in the global indexes (a sparse index).
    call("PutItem", {{"TableName", "orders"},
                     {"Item", {{"customer", S("c3")}, {"order", N("1")}, {"total", N("1")}}}});
  }

  void order(const std::string& customer, const std::string& number, const std::string& status,
             const std::string& placed, const std::string& total, const std::string& note) {
    call("PutItem", {{"TableName", "orders"},
                     {"Item",
                      {{"customer", S(customer)}, {"order", N(number)}, {"status", S(status)},
                       {"placed", N(placed)}, {"total", N(total)}, {"note", S(note)},
                       {"extra", S("x")}}}});
  }

  // A Query of status "open" on `index`, with `extra` members.
  static json query_input(const std::string& index, json extra = json::object()) {
    json input = {{"TableName", "orders"},
                  {"IndexName", index},
                  {"KeyConditionExpression", "#s = :s"},
                  {"ExpressionAttributeNames", {{"#s", "status"}}},
                  {"ExpressionAttributeValues", {{":s", S("open")}}}};
    input.update(extra, true);
    return input;
  }

  json query_status(const std::string& index, json extra = json::object()) {
    return call("Query", query_input(index, std::move(extra)));
  }

  static std::vector<std::string> keys_of(const json& out) {
    std::vector<std::string> keys;
    for (const json& item : out["Items"]) {
      keys.push_back(item["customer"]["S"].get<std::string>() + "/" +
                     item["order"]["N"].get<std::string>());
    }
    return keys;
  }
};

TEST_F(IndexQuery, GlobalIndexReturnsItsProjectionInIndexKeyOrderTiesByTableKey) {
  json out = query_status("byStatus");
  // placed 5 first; the two placed 10 in the table's key order.
  EXPECT_EQ(keys_of(out), (std::vector<std::string>{"c2/1", "c1/1", "c1/2"}));
  EXPECT_EQ(out["Items"][0], json({{"customer", S("c2")}, {"order", N("1")},
                                   {"status", S("open")}, {"placed", N("5")}}));
  EXPECT_EQ(out["Count"], 3);
  json backwards = query_status("byStatus", {{"ScanIndexForward", false}});
  EXPECT_EQ(keys_of(backwards), (std::vector<std::string>{"c1/2", "c1/1", "c2/1"}));
}

TEST_F(IndexQuery, SortKeyConditionsOnTheIndexKey) {
  json out = query_status("byStatus", {{"KeyConditionExpression", "#s = :s AND placed > :p"},
                                       {"ExpressionAttributeValues",
                                        {{":s", S("open")}, {":p", N("5")}}}});
  EXPECT_EQ(keys_of(out), (std::vector<std::string>{"c1/1", "c1/2"}));
  out = query_status("byStatus", {{"KeyConditionExpression", "#s = :s AND placed <= :p"},
                                  {"ExpressionAttributeValues",
                                   {{":s", S("open")}, {":p", N("5")}}}});
  EXPECT_EQ(keys_of(out), (std::vector<std::string>{"c2/1"}));
}

TEST_F(IndexQuery, PagesResumeBetweenTiesFromAKeyWithTableAndIndexKeys) {
  json first = query_status("byStatus", {{"Limit", 2}});
  EXPECT_EQ(first["LastEvaluatedKey"],
            json({{"customer", S("c1")}, {"order", N("1")}, {"status", S("open")},
                  {"placed", N("10")}}));
  json second =
      query_status("byStatus", {{"Limit", 2}, {"ExclusiveStartKey", first["LastEvaluatedKey"]}});
  EXPECT_EQ(keys_of(second), (std::vector<std::string>{"c1/2"}));
  EXPECT_FALSE(second.contains("LastEvaluatedKey"));
}

TEST_F(IndexQuery, SelectAllAttributesOfAKeysOnlyGlobalIndexIsRefused) {
  EXPECT_EQ(validation_message("Query", query_input("byStatus", {{"Select", "ALL_ATTRIBUTES"}})),
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
            "supported for global secondary index byStatus because its projection type is not "
            "ALL");
  json all = query_status("byStatusAll", {{"Select", "ALL_ATTRIBUTES"}});
  EXPECT_EQ(all["Items"][0]["note"], S("first"));
}

TEST_F(IndexQuery, AProjectionNamingWhatAGlobalIndexLacksIsRefused) {
  json input = query_input("byStatus", {{"ProjectionExpression", "note, customer"}});
  EXPECT_EQ(validation_message("Query", input),
            "One or more parameter values were invalid: Global secondary index byStatus does "
            "not project [note]");
  json out = query_status("byStatus", {{"ProjectionExpression", "customer"}});
  EXPECT_EQ(out["Items"][0], json({{"customer", S("c2")}}));
}

TEST_F(IndexQuery, ConsistentReadIsRefusedOnAGlobalIndexOnly) {
  EXPECT_EQ(validation_message("Query", query_input("byStatus", {{"ConsistentRead", true}})),
            "Consistent reads are not supported on global secondary indexes");
  EXPECT_EQ(validation_message("Scan", {{"TableName", "orders"},
                                        {"IndexName", "byStatus"},
                                        {"ConsistentRead", true}}),
            "Consistent reads are not supported on global secondary indexes");
  json local = call("Query", {{"TableName", "orders"},
                              {"IndexName", "byTotal"},
                              {"ConsistentRead", true},
                              {"KeyConditionExpression", "customer = :c"},
                              {"ExpressionAttributeValues", {{":c", S("c1")}}}});
  EXPECT_EQ(local["Count"], 2);
}

TEST_F(IndexQuery, LocalIndexFetchesWhatItDoesNotProjectFromTheTable) {
  json input = {{"TableName", "orders"},
                {"IndexName", "byTotal"},
                {"KeyConditionExpression", "customer = :c"},
                {"ExpressionAttributeValues", {{":c", S("c1")}}},
                {"ReturnConsumedCapacity", "INDEXES"}};
  json projected = call("Query", input);
  // total 20 before 30; the entries hold the keys and `note`.
  EXPECT_EQ(projected["Items"][0],
            json({{"customer", S("c1")}, {"order", N("2")}, {"total", N("20")},
                  {"note", S("second")}}));
  EXPECT_EQ(projected["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 0.5,
                            "Table": {"CapacityUnits": 0.0},
                            "LocalSecondaryIndexes": {"byTotal": {"CapacityUnits": 0.5}}})"));
  input["Select"] = "ALL_ATTRIBUTES";
  json fetched = call("Query", input);
  EXPECT_EQ(fetched["Items"][0]["extra"], S("x"));
  EXPECT_EQ(fetched["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 1.0,
                            "Table": {"CapacityUnits": 0.5},
                            "LocalSecondaryIndexes": {"byTotal": {"CapacityUnits": 0.5}}})"));
  input.erase("Select");
  input["ProjectionExpression"] = "extra";
  EXPECT_EQ(call("Query", input)["Items"][0], json({{"extra", S("x")}}));
}

TEST_F(IndexQuery, GlobalIndexReadsAreChargedToTheIndex) {
  json out = query_status("byStatus", {{"ReturnConsumedCapacity", "INDEXES"}});
  EXPECT_EQ(out["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 0.5,
                            "Table": {"CapacityUnits": 0.0},
                            "GlobalSecondaryIndexes": {"byStatus": {"CapacityUnits": 0.5}}})"));
  out = query_status("byStatus", {{"ReturnConsumedCapacity", "TOTAL"}});
  EXPECT_EQ(out["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 0.5})"));
}

TEST_F(IndexQuery, UnknownIndexAndKeyConditionsOnTheWrongKey) {
  EXPECT_EQ(validation_message("Query", query_input("nope")),
            "The table does not have the specified index: nope");
  EXPECT_EQ(validation_message("Query", query_input("byStatus",
                                                    {{"KeyConditionExpression", "customer = :s"},
                                                     {"ExpressionAttributeNames", nullptr}})),
            "Query condition missed key schema element: status");
  EXPECT_EQ(validation_message("Query", query_input("byStatus", {{"ExclusiveStartKey",
                                                                  {{"customer", S("c1")}}}})),
            "The provided starting key is invalid");
}

TEST_F(IndexQuery, ScanOfAnIndexHoldsItsEntriesOnly) {
  json out = call("Scan", {{"TableName", "orders"}, {"IndexName", "byStatusAll"}});
  EXPECT_EQ(out["Count"], 4);
  EXPECT_EQ(out["ScannedCount"], 4);
  json page = call("Scan", {{"TableName", "orders"}, {"IndexName", "byStatusAll"}, {"Limit", 3}});
  json rest = call("Scan", {{"TableName", "orders"},
                            {"IndexName", "byStatusAll"},
                            {"ExclusiveStartKey", page["LastEvaluatedKey"]}});
  EXPECT_EQ(page["Count"].get<int>() + rest["Count"].get<int>(), 4);
  EXPECT_EQ(page["LastEvaluatedKey"].size(), 3u);  // customer, order, status
}

TEST_F(IndexQuery, WritesAreChargedToTheIndexesTheyChange) {
  json put = {{"TableName", "orders"},
              {"ReturnConsumedCapacity", "INDEXES"},
              {"Item",
               {{"customer", S("c9")}, {"order", N("1")}, {"status", S("open")},
                {"placed", N("1")}}}};
  EXPECT_EQ(call("PutItem", put)["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 3.0,
                            "Table": {"CapacityUnits": 1.0},
                            "GlobalSecondaryIndexes": {"byStatus": {"CapacityUnits": 1.0},
                                                       "byStatusAll": {"CapacityUnits": 1.0}}})"));
  // The same item again changes no entry.
  EXPECT_EQ(call("PutItem", put)["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 1.0,
                            "Table": {"CapacityUnits": 1.0}})"));
  put["ReturnConsumedCapacity"] = "TOTAL";
  put["Item"]["placed"] = N("2");
  // byStatus moves (2), byStatusAll changes in place (1), the table (1).
  EXPECT_EQ(call("PutItem", put)["ConsumedCapacity"],
            json::parse(R"({"TableName": "orders", "CapacityUnits": 4.0})"));
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
