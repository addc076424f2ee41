// The catalog of tables over SQLite in memory.
#include "dynamodb/catalog.h"
#include "core/api_error.h"
#include "core/clock.h"
#include "dynamodb/item_store.h"
#include "dynamodb/service.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

class CatalogTest : public ::testing::Test {
 protected:
  CatalogTest() {
    // Every DynamoDB schema: erasing a table also clears what hangs off its id elsewhere.
    db.add_migrations(DynamoDbService::migrations());
    db.migrate();
  }

  TableInfo table(const std::string& name, const core::RequestContext& in) {
    TableInfo t;
    t.scope = in.scope();
    t.name = name;
    t.arn = "arn:aws:dynamodb:" + in.region + ":" + in.account_id + ":table/" + name;
    t.description = {{"TableName", name},
                     {"KeySchema",
                      {{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                       {{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
                     {"AttributeDefinitions",
                      {{{"AttributeName", "sk"}, {"AttributeType", "N"}},
                       {{"AttributeName", "pk"}, {"AttributeType", "S"}}}}};
    t.status = "ACTIVE";
    return t;
  }

  TableInfo insert(const std::string& name, const core::RequestContext& in) {
    return db.write([&](store::Connection& c) { return catalog.insert(c, table(name, in)); });
  }

  store::Database db{":memory:"};
  Catalog catalog{db};
  core::RequestContext context;
};

TEST_F(CatalogTest, MigrationsAreTheCatalogsVersions) {
  for (const auto& m : Catalog::migrations()) {
    EXPECT_GE(m.version, 100);
    EXPECT_LE(m.version, 149);
  }
}

TEST_F(CatalogTest, InsertedTableIsFoundByNameAndByArn) {
  TableInfo inserted = insert("orders", context);
  EXPECT_GT(inserted.id, 0);
  auto by_name = catalog.find(context, "orders");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->id, inserted.id);
  EXPECT_EQ(by_name->scope, "000000000000/us-east-1");
  EXPECT_EQ(by_name->arn, "arn:aws:dynamodb:us-east-1:000000000000:table/orders");
  EXPECT_EQ(by_name->description["TableName"], "orders");
  auto by_arn = catalog.find(context, "arn:aws:dynamodb:us-east-1:000000000000:table/orders");
  ASSERT_TRUE(by_arn);
  EXPECT_EQ(by_arn->id, inserted.id);
}

TEST_F(CatalogTest, KeySchemaIsReadFromTheDescription) {
  insert("orders", context);
  auto t = catalog.find(context, "orders");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->key.hash.name, "pk");
  EXPECT_EQ(t->key.hash.type, "S");
  ASSERT_TRUE(t->key.range);
  EXPECT_EQ(t->key.range->name, "sk");
  EXPECT_EQ(t->key.range->type, "N");
}

TEST_F(CatalogTest, TablesAreScopedByAccountAndRegion) {
  insert("orders", context);
  core::RequestContext other = context;
  other.region = "eu-west-1";
  EXPECT_FALSE(catalog.find(other, "orders"));
  other = context;
  other.account_id = "111111111111";
  EXPECT_FALSE(catalog.find(other, "orders"));
  // An ARN reaches only its own account and region.
  EXPECT_FALSE(catalog.find(context, "arn:aws:dynamodb:eu-west-1:000000000000:table/orders"));
  EXPECT_FALSE(catalog.find(context, "arn:aws:dynamodb:us-east-1:000000000000:table/orders/x"));
  // The same name in another region is another table.
  core::RequestContext eu = context;
  eu.region = "eu-west-1";
  insert("orders", eu);
  EXPECT_NE(catalog.find(eu, "orders")->id, catalog.find(context, "orders")->id);
}

TEST_F(CatalogTest, NameIsUniqueInItsScope) {
  insert("orders", context);
  EXPECT_THROW(insert("orders", context), std::runtime_error);
}

TEST_F(CatalogTest, RequireThrowsResourceNotFoundWithTheMessage) {
  try {
    catalog.require(context, "missing", "Requested resource not found: Table: missing not found");
    FAIL() << "no exception";
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.wire_type(), "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    EXPECT_EQ(e.message(), "Requested resource not found: Table: missing not found");
  }
}

TEST_F(CatalogTest, NamesAreInOrderAfterTheStartAndLimited) {
  for (const char* name : {"delta", "alpha", "charlie", "bravo"}) insert(name, context);
  core::RequestContext eu = context;
  eu.region = "eu-west-1";
  insert("echo", eu);
  EXPECT_EQ(catalog.names(context, "", 10),
            (std::vector<std::string>{"alpha", "bravo", "charlie", "delta"}));
  EXPECT_EQ(catalog.names(context, "bravo", 10), (std::vector<std::string>{"charlie", "delta"}));
  EXPECT_EQ(catalog.names(context, "", 2), (std::vector<std::string>{"alpha", "bravo"}));
  EXPECT_EQ(catalog.names(eu, "", 10), (std::vector<std::string>{"echo"}));
}

TEST_F(CatalogTest, UpdateStoresDescriptionAndStatus) {
  TableInfo t = insert("orders", context);
  t.description["DeletionProtectionEnabled"] = true;
  t.status = "UPDATING";
  t.status_until_ms = core::Clock::now_millis() + 60'000;
  db.write([&](store::Connection& c) { catalog.update(c, t); });
  auto found = catalog.find(context, "orders");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, "UPDATING");
  EXPECT_EQ(found->description["DeletionProtectionEnabled"], true);
}

TEST_F(CatalogTest, EraseRemovesTheTable) {
  TableInfo t = insert("orders", context);
  db.write([&](store::Connection& c) { catalog.erase(c, t.id); });
  EXPECT_FALSE(catalog.find(context, "orders"));
  EXPECT_TRUE(catalog.names(context, "", 10).empty());
}

TEST_F(CatalogTest, ATransientStatusEndsWhenItsTimeIsUp) {
  TableInfo t = table("orders", context);
  t.status = "CREATING";
  t.status_until_ms = core::Clock::now_millis() + 500;
  db.write([&](store::Connection& c) { catalog.insert(c, t); });
  EXPECT_EQ(catalog.find(context, "orders")->status, "CREATING");
  core::Clock::advance_for_tests(std::chrono::milliseconds(501));
  EXPECT_EQ(catalog.find(context, "orders")->status, "ACTIVE");
}

TEST_F(CatalogTest, ADeletedTableGoesWithItsItemsWhenItsTimeIsUp) {
  TableInfo t = insert("orders", context);
  db.write([&](store::Connection& c) {
    ItemStore::put(c, t, {{"pk", {{"S", "a"}}}, {"sk", {{"N", "1"}}}});
    t.status = "DELETING";
    t.status_until_ms = core::Clock::now_millis() + 500;
    catalog.update(c, t);
  });
  EXPECT_EQ(catalog.names(context, "", 10), (std::vector<std::string>{"orders"}));
  core::Clock::advance_for_tests(std::chrono::milliseconds(501));
  EXPECT_TRUE(catalog.names(context, "", 10).empty());
  EXPECT_FALSE(catalog.find(context, "orders"));
  auto [count, size] =
      db.read([&](store::Connection& c) { return ItemStore::count_and_size(c, t.id); });
  EXPECT_EQ(count, 0);
  EXPECT_EQ(size, 0);
}

}  // namespace
}  // namespace streamstack::dynamodb
