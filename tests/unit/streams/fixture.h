#pragma once
// A store with the streams schema, a table's stream, and an item model that sizes items by
// DynamoDB's rule for the strings and numbers these tests use.
#include "core/api_error.h"
#include "core/clock.h"
#include "core/request_context.h"
#include "store/database.h"
#include "streams/change_capture.h"
#include "streams/service.h"
#include "streams/stream_catalog.h"

#include <gtest/gtest.h>

#include <string>

namespace streamstack::streams::testing {

using json = nlohmann::json;

// Names and strings count their bytes; a number ceil(significant digits / 2) + 1.
inline std::size_t test_value_size(const json& value) {
  if (value.contains("S")) return value["S"].get<std::string>().size();
  std::string digits = value.at("N").get<std::string>();
  std::size_t count = 0;
  for (char c : digits) count += (c >= '0' && c <= '9') ? 1 : 0;
  return (count + 1) / 2 + 1;
}

inline std::size_t test_item_size(const json& item) {
  std::size_t size = 0;
  for (auto it = item.begin(); it != item.end(); ++it) size += it.key().size() + test_value_size(*it);
  return size;
}

inline bool test_items_equal(const json& a, const json& b) { return a == b; }

inline const ItemModel kTestModel{&test_item_size, &test_items_equal};

class StreamsTest : public ::testing::Test {
 protected:
  StreamsTest() : db_(":memory:"), service_(db_) {
    db_.add_migrations(StreamsService::migrations());
    db_.migrate();
    context_.account_id = "123456789012";
    context_.region = "us-east-1";
  }

  // Opens a stream on table `name` (hash key "Id", N) with `view_type`.
  OpenedStream open(const std::string& name, const std::string& view_type,
                    std::int64_t table_id = 1) {
    json key_schema = json::array({{{"AttributeName", "Id"}, {"KeyType", "HASH"}}});
    return db_.write([&](store::Connection& c) {
      return open_stream(c, context_.scope(), name, table_id, key_schema, view_type,
                         core::Clock::now_millis());
    });
  }

  void close(const std::string& arn) {
    db_.write([&](store::Connection& c) { close_stream(c, arn, core::Clock::now_millis()); });
  }

  std::optional<std::string> capture(const std::string& arn, const json* old_item,
                                     const json* new_item,
                                     const UserIdentity* identity = nullptr) {
    return db_.write([&](store::Connection& c) {
      ChangeContext change;
      change.stream_arn = arn;
      change.old_item = old_item;
      change.new_item = new_item;
      change.model = kTestModel;
      change.user_identity = identity;
      return capture_change(c, change);
    });
  }

  json call(const std::string& operation, json input) {
    return service_.invoke(context_, operation, input);
  }

  // The ApiError `operation` throws, as "<__type>|<message>".
  std::string error_of(const std::string& operation, json input) {
    try {
      call(operation, std::move(input));
    } catch (const core::ApiError& error) {
      return error.wire_type() + "|" + error.message();
    }
    return "no error";
  }

  std::string shard_of(const std::string& arn) {
    return call("DescribeStream", {{"StreamArn", arn}})["StreamDescription"]["Shards"][0]
        ["ShardId"];
  }

  std::string iterator(const std::string& arn, const std::string& type,
                       const std::string& sequence = "") {
    json input = {{"StreamArn", arn}, {"ShardId", shard_of(arn)}, {"ShardIteratorType", type}};
    if (!sequence.empty()) input["SequenceNumber"] = sequence;
    return call("GetShardIterator", input)["ShardIterator"];
  }

  store::Database db_;
  StreamsService service_;
  core::RequestContext context_;
};

}  // namespace streamstack::streams::testing
