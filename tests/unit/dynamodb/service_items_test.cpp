// Item operations through DynamoDbService::invoke, with tables made by CreateTable.
#include "core/api_error.h"
#include "dynamodb/service.h"
#include "store/database.h"

#include <gtest/gtest.h>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

class ServiceItems : public ::testing::Test {
 protected:
  ServiceItems() {
    db.add_migrations(DynamoDbService::migrations());
    db.migrate();
    call("CreateTable", json::parse(R"({
      "TableName": "orders", "BillingMode": "PAY_PER_REQUEST",
      "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                               {"AttributeName": "placed", "AttributeType": "N"},
                               {"AttributeName": "status", "AttributeType": "S"}],
      "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                    {"AttributeName": "placed", "KeyType": "RANGE"}],
      "GlobalSecondaryIndexes": [{"IndexName": "byStatus",
                                  "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                  "Projection": {"ProjectionType": "ALL"}}]})"));
  }

  json call(std::string_view operation, json input) {
    return service.invoke(context, operation, input);
  }

  core::ApiError error_of(std::string_view operation, json input) {
    try {
      service.invoke(context, operation, input);
    } catch (const core::ApiError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << operation;
    return core::ApiError(0, "", "", "");
  }

  store::Database db{":memory:"};
  DynamoDbService service{db, Options{}};
  core::RequestContext context;
};

TEST_F(ServiceItems, ItemsWrittenThroughTheServiceAreCountedByDescribeTable) {
  for (const char* placed : {"3", "1", "2"}) {
    call("PutItem", {{"TableName", "orders"},
                     {"Item", {{"customer", {{"S", "c1"}}}, {"placed", {{"N", placed}}}}}});
  }
  json table = call("DescribeTable", {{"TableName", "orders"}})["Table"];
  EXPECT_EQ(table["ItemCount"], 3);
  // Each item: "customer" + "c1" (10 bytes) and "placed" + a one-digit number (6 + 2 bytes).
  EXPECT_EQ(table["TableSizeBytes"], 54);
  json out =
      call("Query", {{"TableName", "orders"},
                     {"KeyConditionExpression", "customer = :c AND placed > :p"},
                     {"ExpressionAttributeValues", {{":c", {{"S", "c1"}}}, {":p", {{"N", "1"}}}}},
                     {"ProjectionExpression", "placed"}});
  EXPECT_EQ(out, json::parse(R"({"Count":2,"ScannedCount":2,
                                 "Items":[{"placed":{"N":"2"}},{"placed":{"N":"3"}}]})"));
}

TEST_F(ServiceItems, IndexKeyAttributesMustHaveTheirDefinedType) {
  core::ApiError e = error_of(
      "PutItem",
      {{"TableName", "orders"},
       {"Item",
        {{"customer", {{"S", "c1"}}}, {"placed", {{"N", "1"}}}, {"status", {{"N", "7"}}}}}});
  EXPECT_EQ(e.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key status "
            "Expected: S Actual: N IndexName: byStatus");
}

TEST_F(ServiceItems, DeleteTableTakesItsItemsAlong) {
  call("PutItem", {{"TableName", "orders"},
                   {"Item", {{"customer", {{"S", "c1"}}}, {"placed", {{"N", "1"}}}}}});
  call("DeleteTable", {{"TableName", "orders"}});
  EXPECT_EQ(error_of("GetItem", {{"TableName", "orders"},
                                 {"Key", {{"customer", {{"S", "c1"}}}, {"placed", {{"N", "1"}}}}}})
                .code(),
            "ResourceNotFoundException");
}

TEST_F(ServiceItems, ItemOperationsAcceptTheTableArn) {
  std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/orders";
  call("PutItem",
       {{"TableName", arn}, {"Item", {{"customer", {{"S", "c1"}}}, {"placed", {{"N", "1"}}}}}});
  json out = call("GetItem", {{"TableName", "orders"},
                              {"Key", {{"customer", {{"S", "c1"}}}, {"placed", {{"N", "1"}}}}}});
  EXPECT_EQ(out, json::parse(R"({"Item":{"customer":{"S":"c1"},"placed":{"N":"1"}}})"));
}

}  // namespace
}  // namespace streamstack::dynamodb
