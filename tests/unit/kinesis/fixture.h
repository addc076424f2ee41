#pragma once
// A Kinesis service over an in-memory store, called as the edge calls it.
#include "core/api_error.h"
#include "core/clock.h"
#include "core/request_context.h"
#include "kinesis/service.h"
#include "store/database.h"

#include <gtest/gtest.h>

#include <string>

namespace streamstack::kinesis::testing {

using json = nlohmann::json;

class KinesisTest : public ::testing::Test {
 protected:
  explicit KinesisTest(Options options = {}) : db_(":memory:") {
    db_.add_migrations(KinesisService::migrations());
    db_.migrate();
    service_ = std::make_unique<KinesisService>(db_, options);
    context_.account_id = "123456789012";
    context_.region = "us-east-1";
  }

  json call(const std::string& operation, json input) {
    return service_->invoke(context_, operation, input);
  }

  // The error `call` throws: {"__type", "message"} as the edge renders it.
  json error_of(const std::string& operation, json input) {
    try {
      call(operation, std::move(input));
    } catch (const core::ApiError& e) {
      return {{"__type", e.code()}, {"message", e.message()}};
    }
    ADD_FAILURE() << operation << " did not fail";
    return nullptr;
  }

  std::string iterator(const std::string& stream, const std::string& type = "TRIM_HORIZON") {
    return call("GetShardIterator", {{"StreamName", stream},
                                     {"ShardId", "shardId-000000000000"},
                                     {"ShardIteratorType", type}})["ShardIterator"];
  }

  // Moves the clock on and settles what is due, as the timer would at that moment.
  void advance(std::chrono::milliseconds by) {
    core::Clock::advance_for_tests(by);
    service_->settle_due();
  }

  void put(const std::string& stream, const std::string& base64_data) {
    call("PutRecord", {{"StreamName", stream}, {"PartitionKey", "k"}, {"Data", base64_data}});
  }

  store::Database db_;
  std::unique_ptr<KinesisService> service_;
  core::RequestContext context_;
};

}  // namespace streamstack::kinesis::testing
