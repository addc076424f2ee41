// Global indexes added and removed by UpdateTable (their backfill, statuses and limits), indexes
// in DescribeTable, multi-attribute keys, item collections, and the writes index keys refuse.
#include "core/clock.h"
#include "table_test_fixture.h"

#include <chrono>
#include <string>
#include <vector>

namespace streamstack::dynamodb::testing {
namespace {

json S(const std::string& s) { return {{"S", s}}; }
json N(const std::string& n) { return {{"N", n}}; }

class IndexUpdates : public TableTest {
 protected:
  // Builds progress only through finish_index_builds(), so a test sees an index while it builds.
  IndexUpdates() : TableTest(Options{.background_index_builds = false}) {
    json table = hash_table("tab");
    table.erase("ProvisionedThroughput");
    table["BillingMode"] = "PAY_PER_REQUEST";
    call("CreateTable", table);
  }

  void put_items(int count) {
    for (int i = 0; i < count; ++i) {
      json item = {{"a", S("k" + std::to_string(i))}, {"n", N(std::to_string(i % 7))}};
      if (i % 2 == 0) item["g"] = S(i % 4 == 0 ? "even4" : "even2");
      call("PutItem", {{"TableName", "tab"}, {"Item", item}});
    }
  }

  static json create_index(const std::string& name, const std::string& attribute = "g",
                           const std::string& type = "S") {
    json create = {{"TableName", "tab"},
                   {"AttributeDefinitions",
                    {{{"AttributeName", attribute}, {"AttributeType", type}}}},
                   {"GlobalSecondaryIndexUpdates",
                    {{{"Create",
                       {{"IndexName", name},
                        {"KeySchema", {{{"AttributeName", attribute}, {"KeyType", "HASH"}}}},
                        {"Projection", {{"ProjectionType", "ALL"}}}}}}}}};
    return create;
  }

  static json delete_index(const std::string& name) {
    return {{"TableName", "tab"},
            {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", name}}}}}}};
  }

  json query_g(const std::string& value) {
    return call("Query", {{"TableName", "tab"},
                          {"IndexName", "byG"},
                          {"KeyConditionExpression", "g = :g"},
                          {"ExpressionAttributeValues", {{":g", S(value)}}},
                          {"Select", "COUNT"}});
  }

  json index_of(const std::string& name) {
    json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
    for (const json& index : d.value("GlobalSecondaryIndexes", json::array())) {
      if (index["IndexName"] == name) return index;
    }
    return nullptr;
  }
};

TEST_F(IndexUpdates, AnIndexAddedToASmallTableIsBuiltByTheTimeUpdateTableAnswers) {
  put_items(10);
  json answer = call("UpdateTable", create_index("byG"))["TableDescription"];
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["IndexStatus"], "CREATING");
  EXPECT_EQ(answer["GlobalSecondaryIndexes"][0]["Backfilling"], false);
  json index = index_of("byG");
  EXPECT_EQ(index["IndexStatus"], "ACTIVE");
  EXPECT_FALSE(index.contains("Backfilling"));
  EXPECT_EQ(index["ItemCount"], 5);
  EXPECT_EQ(query_g("even4")["Count"], 3);  // k0, k4, k8
}

TEST_F(IndexUpdates, ALargerTableIsBackfilledInTheBackgroundAndReadableOnceActive) {
  put_items(2500);
  call("UpdateTable", create_index("byG"));
  // UpdateTable built the first 1000 items; the rest wait for the builder.
  json index = index_of("byG");
  EXPECT_EQ(index["IndexStatus"], "CREATING");
  EXPECT_EQ(index["Backfilling"], true);
  EXPECT_EQ(validation_message("Query", {{"TableName", "tab"},
                                         {"IndexName", "byG"},
                                         {"KeyConditionExpression", "g = :g"},
                                         {"ExpressionAttributeValues", {{":g", S("x")}}}}),
            "Cannot read from backfilling global secondary index: byG");
  // Another online index change while it builds is one too many, a change of it in use.
  core::ApiError e = error_of("UpdateTable", create_index("byN", "n", "N"));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#LimitExceededException");
  e = error_of("UpdateTable", delete_index("byG"));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceInUseException");
  EXPECT_EQ(e.message(),
            "Attempt to change a resource which is still in use: Index is being created.");
  service->finish_index_builds();
  EXPECT_EQ(index_of("byG")["IndexStatus"], "ACTIVE");
  EXPECT_EQ(index_of("byG")["ItemCount"], 1250);
  EXPECT_EQ(query_g("even4")["Count"], 625);
  EXPECT_EQ(query_g("even2")["Count"], 625);
}

TEST_F(IndexUpdates, WritesDuringTheBackfillReachTheIndex) {
  put_items(2500);
  call("UpdateTable", create_index("byG"));
  call("PutItem", {{"TableName", "tab"}, {"Item", {{"a", S("k1")}, {"g", S("late")}}}});
  call("DeleteItem", {{"TableName", "tab"}, {"Key", {{"a", S("k2498")}}}});
  service->finish_index_builds();
  EXPECT_EQ(query_g("late")["Count"], 1);
  EXPECT_EQ(query_g("even2")["Count"], 624);
}

TEST_F(IndexUpdates, OnlyOneOnlineIndexChangeAtATime) {
  json two = create_index("byG");
  two["AttributeDefinitions"].push_back({{"AttributeName", "n"}, {"AttributeType", "N"}});
  json second = create_index("byN", "n", "N")["GlobalSecondaryIndexUpdates"][0];
  two["GlobalSecondaryIndexUpdates"].push_back(second);
  core::ApiError e = error_of("UpdateTable", two);
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#LimitExceededException");
  EXPECT_EQ(e.message(),
            "Subscriber limit exceeded: Only 1 online index can be created or deleted "
            "simultaneously per table");
  EXPECT_TRUE(index_of("byG").is_null());
}

TEST_F(IndexUpdates, DeletingAMissingIndexIsNotFound) {
  core::ApiError e = error_of("UpdateTable", delete_index("nope"));
  EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  EXPECT_EQ(e.message(), "Requested resource not found");
}

TEST_F(IndexUpdates, AnAttributeKeepsItsType) {
  EXPECT_EQ(validation_message("UpdateTable", create_index("byA", "a", "N")),
            "invalid attribute, SchemaElement redefined should be of same type as previously "
            "defined");
  EXPECT_TRUE(index_of("byA").is_null());
}

TEST_F(IndexUpdates, ADeletedIndexTakesItsEntriesAlong) {
  put_items(10);
  call("UpdateTable", create_index("byG"));
  call("UpdateTable", delete_index("byG"));
  EXPECT_TRUE(index_of("byG").is_null());
  service->finish_index_builds();
  std::int64_t entries = db.read([](store::Connection& c) {
    auto& st = c.prepare("SELECT COUNT(*) FROM dynamodb_index_entries");
    st.step();
    std::int64_t n = st.column_int(0);
    st.reset();
    return n;
  });
  EXPECT_EQ(entries, 0);
  // The name is free again, and the new index starts from the items.
  call("UpdateTable", create_index("byG"));
  EXPECT_EQ(query_g("even4")["Count"], 3);
}

TEST_F(IndexUpdates, DeleteTableAnswerLeavesTheGlobalIndexesOut) {
  call("UpdateTable", create_index("byG"));
  json d = call("DeleteTable", {{"TableName", "tab"}})["TableDescription"];
  EXPECT_FALSE(d.contains("GlobalSecondaryIndexes"));
  EXPECT_EQ(d["TableStatus"], "DELETING");
}

TEST_F(IndexUpdates, IndexKeysRefuseTheWrongTypeAndEmptyValues) {
  call("UpdateTable", create_index("byG"));
  EXPECT_EQ(validation_message("PutItem", {{"TableName", "tab"},
                                           {"Item", {{"a", S("1")}, {"g", N("1")}}}}),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: "
            "S Actual: N IndexName: byG");
  EXPECT_EQ(validation_message("PutItem", {{"TableName", "tab"},
                                           {"Item", {{"a", S("1")}, {"g", S("")}}}}),
            "One or more parameter values are not valid. A value specified for a secondary "
            "index key is not supported. The AttributeValue for a key attribute cannot contain "
            "an empty string value. IndexName: byG, IndexKey: g");
  EXPECT_EQ(validation_message("UpdateItem", {{"TableName", "tab"},
                                              {"Key", {{"a", S("1")}}},
                                              {"UpdateExpression", "SET g = :g"},
                                              {"ExpressionAttributeValues", {{":g", N("1")}}}}),
            "One or more parameter values were invalid: Type mismatch for Index Key g Expected: "
            "S Actual: N IndexName: byG");
}

class DelayedIndexes : public TableTest {
 protected:
  DelayedIndexes()
      : TableTest(Options{.table_delay_ms = 1000, .background_index_builds = false}) {}

  json index_of(const std::string& name) {
    json d = call("DescribeTable", {{"TableName", "tab"}})["Table"];
    for (const json& index : d.value("GlobalSecondaryIndexes", json::array())) {
      if (index["IndexName"] == name) return index;
    }
    return nullptr;
  }

  void pass_the_delay() { core::Clock::advance_for_tests(std::chrono::milliseconds(1001)); }
};

TEST_F(DelayedIndexes, IndexesAreCreatingThenDeletingForTheDelay) {
  json table = hash_table("tab");
  table.erase("ProvisionedThroughput");
  table["BillingMode"] = "PAY_PER_REQUEST";
  call("CreateTable", table);
  pass_the_delay();
  call("PutItem", {{"TableName", "tab"}, {"Item", {{"a", S("1")}, {"g", S("x")}}}});
  json create = {{"TableName", "tab"},
                 {"AttributeDefinitions", {{{"AttributeName", "g"}, {"AttributeType", "S"}}}},
                 {"GlobalSecondaryIndexUpdates",
                  {{{"Create",
                     {{"IndexName", "byG"},
                      {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
                      {"Projection", {{"ProjectionType", "ALL"}}}}}}}}};
  call("UpdateTable", create);
  json index = index_of("byG");
  EXPECT_EQ(index["IndexStatus"], "CREATING");
  EXPECT_EQ(index["Backfilling"], true);
  EXPECT_EQ(index["WarmThroughput"]["Status"], "CREATING");
  json query = {{"TableName", "tab"},
                {"IndexName", "byG"},
                {"KeyConditionExpression", "g = :g"},
                {"ExpressionAttributeValues", {{":g", S("x")}}}};
  EXPECT_EQ(validation_message("Query", query),
            "Cannot read from backfilling global secondary index: byG");
  pass_the_delay();
  EXPECT_EQ(index_of("byG")["IndexStatus"], "ACTIVE");
  EXPECT_EQ(call("Query", query)["Count"], 1);

  call("UpdateTable", {{"TableName", "tab"},
                       {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", "byG"}}}}}}});
  EXPECT_EQ(index_of("byG")["IndexStatus"], "DELETING");
  EXPECT_EQ(validation_message("Query", query),
            "The table does not have the specified index: byG");
  pass_the_delay();
  service->finish_index_builds();
  EXPECT_TRUE(index_of("byG").is_null());
  EXPECT_EQ(call("DescribeTable", {{"TableName", "tab"}})["Table"]["AttributeDefinitions"],
            json::parse(R"([{"AttributeName": "a", "AttributeType": "S"}])"));
  call("UpdateTable", create);
  pass_the_delay();
  EXPECT_EQ(call("Query", query)["Count"], 1);
}

class MultiAttributeKeys : public TableTest {
 protected:
  MultiAttributeKeys() {
    call("CreateTable", json::parse(R"({"TableName": "matches", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                               {"AttributeName": "tournament", "AttributeType": "S"},
                               {"AttributeName": "region", "AttributeType": "S"},
                               {"AttributeName": "round", "AttributeType": "S"},
                               {"AttributeName": "score", "AttributeType": "N"}],
      "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
      "GlobalSecondaryIndexes": [{"IndexName": "byPlace", "Projection": {"ProjectionType": "ALL"},
        "KeySchema": [{"AttributeName": "tournament", "KeyType": "HASH"},
                      {"AttributeName": "region", "KeyType": "HASH"},
                      {"AttributeName": "round", "KeyType": "RANGE"},
                      {"AttributeName": "score", "KeyType": "RANGE"}]}]})"));
    match("1", "w24", "eu", "final", "300");
    match("2", "w24", "eu", "semi", "200");
    match("3", "w24", "eu", "semi", "100");
    match("4", "w24", "us", "semi", "150");
    match("5", "w24", "eu", "quarter", "50");
    call("PutItem", {{"TableName", "matches"},
                     {"Item", {{"id", S("6")}, {"tournament", S("w24")}, {"region", S("eu")},
                               {"round", S("semi")}}}});  // no score: not in the index
  }

  void match(const std::string& id, const std::string& tournament, const std::string& region,
             const std::string& round, const std::string& score) {
    call("PutItem", {{"TableName", "matches"},
                     {"Item", {{"id", S(id)}, {"tournament", S(tournament)}, {"region", S(region)},
                               {"round", S(round)}, {"score", N(score)}}}});
  }

  static json query_input(const std::string& condition, json values) {
    values[":t"] = S("w24");
    values[":r"] = S("eu");
    return {{"TableName", "matches"},
            {"IndexName", "byPlace"},
            {"KeyConditionExpression", "tournament = :t AND #r = :r" + condition},
            {"ExpressionAttributeNames", {{"#r", "region"}}},
            {"ExpressionAttributeValues", values}};
  }

  std::vector<std::string> ids(const std::string& condition, json values = json::object()) {
    std::vector<std::string> out;
    json answer = call("Query", query_input(condition, values));
    for (const json& item : answer["Items"]) out.push_back(item["id"]["S"]);
    return out;
  }
};

using Ids = std::vector<std::string>;

TEST_F(MultiAttributeKeys, ItemsSortByEachRangeAttributeInTurn) {
  EXPECT_EQ(ids(""), (Ids{"1", "5", "3", "2"}));  // final, quarter, semi 100, semi 200
  EXPECT_EQ(ids(" AND round = :o", {{":o", S("semi")}}), (Ids{"3", "2"}));
  EXPECT_EQ(ids(" AND round = :o AND score > :s", {{":o", S("semi")}, {":s", N("100")}}),
            (Ids{"2"}));
  EXPECT_EQ(ids(" AND begins_with(round, :o)", {{":o", S("s")}}), (Ids{"3", "2"}));
  EXPECT_EQ(ids(" AND round < :o", {{":o", S("semi")}}), (Ids{"1", "5"}));
  EXPECT_EQ(ids(" AND round >= :o", {{":o", S("quarter")}}), (Ids{"5", "3", "2"}));
  EXPECT_EQ(ids(" AND round = :o AND score BETWEEN :lo AND :hi",
                {{":o", S("semi")}, {":lo", N("100")}, {":hi", N("150")}}),
            (Ids{"3"}));
}

TEST_F(MultiAttributeKeys, EveryHashAttributeNeedsEquality) {
  json input = query_input("", json::object());
  input["KeyConditionExpression"] = "tournament = :t";
  input["ExpressionAttributeValues"].erase(":r");
  input.erase("ExpressionAttributeNames");
  EXPECT_EQ(validation_message("Query", input),
            "Query condition missed key schema element: region");
}

TEST_F(MultiAttributeKeys, RangeAttributesAreConditionedLeftToRight) {
  EXPECT_EQ(validation_message("Query", query_input(" AND score > :s", {{":s", N("1")}})),
            "RANGE key attributes round must have equality conditions specified in the query "
            "because a condition is present on key attribute score");
  EXPECT_EQ(validation_message("Query", query_input(" AND round > :o AND score = :s",
                                                    {{":o", S("a")}, {":s", N("1")}})),
            "RANGE key attributes round must have equality conditions specified in the query "
            "because a condition is present on key attribute score");
}

TEST_F(MultiAttributeKeys, PagesCarryEveryKeyAttribute) {
  json input = query_input("", json::object());
  input["Limit"] = 2;
  json first = call("Query", input);
  EXPECT_EQ(first["LastEvaluatedKey"],
            json({{"id", S("5")}, {"tournament", S("w24")}, {"region", S("eu")},
                  {"round", S("quarter")}, {"score", N("50")}}));
  input["ExclusiveStartKey"] = first["LastEvaluatedKey"];
  json second = call("Query", input);
  EXPECT_EQ(second["Items"].size(), 2u);
  EXPECT_EQ(second["Items"][0]["id"], S("3"));
}

TEST_F(MultiAttributeKeys, AKeySchemaHasAtMostFourOfEach) {
  json input = hash_table("five");
  json schema = json::array({{{"AttributeName", "a"}, {"KeyType", "HASH"}}});
  for (const char* name : {"b", "c", "d", "e"}) {
    input["AttributeDefinitions"].push_back({{"AttributeName", name}, {"AttributeType", "S"}});
    schema.push_back({{"AttributeName", name}, {"KeyType", "HASH"}});
  }
  input["GlobalSecondaryIndexes"] = {{{"IndexName", "wide"},
                                      {"KeySchema", schema},
                                      {"Projection", {{"ProjectionType", "KEYS_ONLY"}}},
                                      {"ProvisionedThroughput",
                                       {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}}}};
  EXPECT_EQ(validation_message("CreateTable", input),
            "One or more parameter values were invalid: KeySchema of a global secondary index "
            "has at most 4 HASH and 4 RANGE attributes for index: wide");
  input["GlobalSecondaryIndexes"][0]["KeySchema"].erase(4);
  input["AttributeDefinitions"].erase(input["AttributeDefinitions"].size() - 1);
  EXPECT_EQ(call("CreateTable", input)["TableDescription"]["GlobalSecondaryIndexes"][0]["KeySchema"]
                .size(),
            4u);
}

TEST_F(MultiAttributeKeys, TableAndLocalKeySchemasKeepTwoAttributes) {
  json input = range_table("three");
  input["AttributeDefinitions"].push_back({{"AttributeName", "c"}, {"AttributeType", "S"}});
  input["KeySchema"].push_back({{"AttributeName", "c"}, {"KeyType", "RANGE"}});
  EXPECT_EQ(validation_message("CreateTable", input),
            "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), "
            "KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, "
            "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length "
            "less than or equal to 2");
}

class ItemCollections : public TableTest {
 protected:
  ItemCollections() {
    json table = range_table("coll");
    table["AttributeDefinitions"].push_back({{"AttributeName", "c"}, {"AttributeType", "S"}});
    table["LocalSecondaryIndexes"] = json::parse(R"([{"IndexName": "byC",
        "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                      {"AttributeName": "c", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}])");
    call("CreateTable", table);
  }
};

TEST_F(ItemCollections, WritesReportTheirCollectionWhenAsked) {
  json put = {{"TableName", "coll"},
              {"ReturnItemCollectionMetrics", "SIZE"},
              {"ReturnConsumedCapacity", "INDEXES"},
              {"Item", {{"a", S("p")}, {"b", S("1")}, {"c", S("x")}}}};
  json out = call("PutItem", put);
  EXPECT_EQ(out["ItemCollectionMetrics"],
            json::parse(R"({"ItemCollectionKey": {"a": {"S": "p"}},
                            "SizeEstimateRangeGB": [0.0, 1.0]})"));
  EXPECT_EQ(out["ConsumedCapacity"],
            json::parse(R"({"TableName": "coll", "CapacityUnits": 2.0,
                            "Table": {"CapacityUnits": 1.0},
                            "LocalSecondaryIndexes": {"byC": {"CapacityUnits": 1.0}}})"));
  json batch = call("BatchWriteItem",
                    {{"ReturnItemCollectionMetrics", "SIZE"},
                     {"RequestItems",
                      {{"coll",
                        {{{"PutRequest", {{"Item", {{"a", S("p")}, {"b", S("2")}}}}}},
                         {{"DeleteRequest", {{"Key", {{"a", S("q")}, {"b", S("1")}}}}}}}}}}});
  EXPECT_EQ(batch["ItemCollectionMetrics"]["coll"].size(), 2u);
  json removed = call("DeleteItem", {{"TableName", "coll"},
                                     {"ReturnItemCollectionMetrics", "SIZE"},
                                     {"Key", {{"a", S("p")}, {"b", S("1")}}}});
  EXPECT_EQ(removed["ItemCollectionMetrics"]["ItemCollectionKey"], json({{"a", S("p")}}));
  // A table without a local index answers none.
  call("CreateTable", hash_table("plain"));
  EXPECT_FALSE(call("PutItem", {{"TableName", "plain"},
                                {"ReturnItemCollectionMetrics", "SIZE"},
                                {"Item", {{"a", S("p")}}}})
                   .contains("ItemCollectionMetrics"));
}

TEST_F(ItemCollections, CollectionSizesAddTheItemsAndTheirLocalEntries) {
  call("PutItem", {{"TableName", "coll"}, {"Item", {{"a", S("p")}, {"b", S("1")}, {"c", S("x")}}}});
  call("PutItem", {{"TableName", "coll"}, {"Item", {{"a", S("p")}, {"b", S("2")}}}});
  std::int64_t bytes = db.read([](store::Connection& c) {
    auto& st = c.prepare("SELECT size FROM dynamodb_item_collections");
    st.step();
    std::int64_t n = st.column_int(0);
    st.reset();
    return n;
  });
  // Items of 6 and 4 bytes; one local entry (a, b, c: 6 bytes) and its 100 bytes of overhead.
  EXPECT_EQ(bytes, 6 + 4 + 6 + 100);
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
