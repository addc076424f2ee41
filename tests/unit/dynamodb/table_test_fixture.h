#pragma once
// DynamoDbService over a database in memory, called directly (no HTTP), for the table
// operations' tests.
#include "core/api_error.h"
#include "core/request_context.h"
#include "dynamodb/service.h"
#include "store/database.h"
#include "streams/service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace streamstack::dynamodb::testing {

using json = nlohmann::json;

class TableTest : public ::testing::Test {
 protected:
  explicit TableTest(Options options = {}) {
    // Tables open and close their streams in the streams module's schema, as the server
    // migrates it (server/app.cpp).
    db.add_migrations(DynamoDbService::migrations());
    db.add_migrations(streams::StreamsService::migrations());
    db.migrate();
    service = std::make_unique<DynamoDbService>(db, options);
  }

  json call(const std::string& operation, json input) {
    return service->invoke(context, operation, input);
  }

  // The error an operation throws; a failed test when it succeeds.
  core::ApiError error_of(const std::string& operation, json input) {
    try {
      service->invoke(context, operation, input);
    } catch (const core::ApiError& e) {
      return e;
    }
    ADD_FAILURE() << operation << " succeeded: " << input.dump();
    return core::ApiError(0, "", "", "");
  }

  // The message of a ValidationException an operation throws.
  std::string validation_message(const std::string& operation, json input) {
    core::ApiError e = error_of(operation, std::move(input));
    EXPECT_EQ(e.wire_type(), "com.amazon.coral.validate#ValidationException") << e.message();
    return e.message();
  }

  // The message of a SerializationException an operation throws.
  std::string serialization_message(const std::string& operation, json input) {
    core::ApiError e = error_of(operation, std::move(input));
    EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#SerializationException") << e.message();
    EXPECT_EQ(e.message_key(), "Message");
    return e.message();
  }

  // A table keyed by "a" (S), with 1/1 provisioned capacity.
  static json hash_table(const std::string& name) {
    return {{"TableName", name},
            {"AttributeDefinitions", {{{"AttributeName", "a"}, {"AttributeType", "S"}}}},
            {"KeySchema", {{{"AttributeName", "a"}, {"KeyType", "HASH"}}}},
            {"ProvisionedThroughput", {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}}};
  }

  // A table keyed by "a" (S) and "b" (S).
  static json range_table(const std::string& name) {
    json t = hash_table(name);
    t["AttributeDefinitions"].push_back({{"AttributeName", "b"}, {"AttributeType", "S"}});
    t["KeySchema"].push_back({{"AttributeName", "b"}, {"KeyType", "RANGE"}});
    return t;
  }

  store::Database db{":memory:"};
  core::RequestContext context;
  std::unique_ptr<DynamoDbService> service;
};

}  // namespace streamstack::dynamodb::testing
