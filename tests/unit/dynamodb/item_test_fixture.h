#pragma once
// A database in memory with the catalog and item store migrated, and tables to put items in:
// "hash" (key a: S), "range" (a: S, b: S), "numbers" (a: S, n: N) and "binary" (a: S, b: B).
#include "core/api_error.h"
#include "core/request_context.h"
#include "dynamodb/catalog.h"
#include "dynamodb/item_store.h"
#include "dynamodb/service.h"
#include "store/database.h"
#include "streams/service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace streamstack::dynamodb::testing {

using json = nlohmann::json;

class ItemTest : public ::testing::Test {
 public:
  ItemTest() {
    // The schemas the server migrates for DynamoDB, so item writes find every table they touch.
    db.add_migrations(DynamoDbService::migrations());
    db.add_migrations(streams::StreamsService::migrations());
    db.migrate();
    hash = create_table("hash", {"a", "S"}, std::nullopt);
    range = create_table("range", {"a", "S"}, KeyElement{"b", "S"});
    numbers = create_table("numbers", {"a", "S"}, KeyElement{"n", "N"});
    binary = create_table("binary", {"a", "S"}, KeyElement{"b", "B"});
  }

  TableInfo create_table(const std::string& name, const KeyElement& hash_key,
                         const std::optional<KeyElement>& range_key) {
    json key_schema = json::array({{{"AttributeName", hash_key.name}, {"KeyType", "HASH"}}});
    json definitions =
        json::array({{{"AttributeName", hash_key.name}, {"AttributeType", hash_key.type}}});
    if (range_key) {
      key_schema.push_back({{"AttributeName", range_key->name}, {"KeyType", "RANGE"}});
      definitions.push_back(
          {{"AttributeName", range_key->name}, {"AttributeType", range_key->type}});
    }
    TableInfo table;
    table.scope = context.scope();
    table.name = name;
    table.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
    table.description = {
        {"TableName", name}, {"KeySchema", key_schema}, {"AttributeDefinitions", definitions}};
    table.status = "ACTIVE";
    return db.write([&](store::Connection& c) { return catalog.insert(c, table); });
  }

  // Runs an operation on a copy of `input`.
  json call(const Operation& operation, json input) { return operation(env, context, input); }

  // The error an operation throws; a failed test when it succeeds.
  core::ApiError error_of(const Operation& operation, json input) {
    try {
      operation(env, context, input);
    } catch (const core::ApiError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << input.dump();
    return core::ApiError(0, "", "", "");
  }

  // Puts items as they are, without checks.
  void put(const TableInfo& table, const json& item) {
    db.write([&](store::Connection& c) { ItemStore::put(c, table, item); });
  }

  std::optional<json> stored(const TableInfo& table, const json& key) {
    return db.read([&](store::Connection& c) { return ItemStore::get(c, table, key); });
  }

  std::pair<std::int64_t, std::int64_t> counts(const TableInfo& table) {
    return db.read([&](store::Connection& c) { return ItemStore::count_and_size(c, table.id); });
  }

  store::Database db{":memory:"};
  Options options;
  Catalog catalog{db};
  Env env{db, catalog, options};
  core::RequestContext context;
  TableInfo hash, range, numbers, binary;
};

}  // namespace streamstack::dynamodb::testing
