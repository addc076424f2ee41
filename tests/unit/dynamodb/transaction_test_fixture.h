#pragma once
// The service over a database in memory with three tables for transactions: "streamed" (key a,
// a NEW_AND_OLD_IMAGES stream), "plain" (key a, no stream) and "pair" (keys a and b).
#include "table_test_fixture.h"

#include <vector>

namespace streamstack::dynamodb::testing {

class TransactionTest : public TableTest {
 protected:
  TransactionTest() {
    json streamed = hash_table("streamed");
    streamed["StreamSpecification"] = {{"StreamEnabled", true},
                                       {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
    call("CreateTable", streamed);
    call("CreateTable", hash_table("plain"));
    call("CreateTable", range_table("pair"));
  }

  static json key(const std::string& a) { return {{"a", {{"S", a}}}}; }
  static json item(const std::string& a, int n) {
    return {{"a", {{"S", a}}}, {"n", {{"N", std::to_string(n)}}}};
  }

  void put(const std::string& table, const json& item) {
    call("PutItem", {{"TableName", table}, {"Item", item}});
  }

  std::optional<json> get(const std::string& table, const json& key) {
    json out = call("GetItem", {{"TableName", table}, {"Key", key}});
    if (!out.contains("Item")) return std::nullopt;
    return out["Item"];
  }

  // Every stream record written so far, oldest first.
  std::vector<json> stream_records() {
    return db.read([](store::Connection& c) {
      std::vector<json> out;
      auto& st = c.prepare("SELECT record FROM dynamodb_stream_records ORDER BY seq");
      while (st.step()) out.push_back(json::parse(st.column_text_view(0)));
      st.reset();
      return out;
    });
  }

  // A transaction's actions as TransactItems.
  json transact(std::vector<json> actions) { return {{"TransactItems", json(std::move(actions))}}; }

  static json put_action(const std::string& table, const json& item) {
    return {{"Put", {{"TableName", table}, {"Item", item}}}};
  }
  static json delete_action(const std::string& table, const json& key) {
    return {{"Delete", {{"TableName", table}, {"Key", key}}}};
  }
  // Update n by `delta`, on condition that n + delta stays at or above 0 (an account that cannot
  // go overdrawn).
  static json transfer_action(const std::string& table, const std::string& a, int delta) {
    return {{"Update",
             {{"TableName", table},
              {"Key", key(a)},
              {"UpdateExpression", "SET n = n + :d"},
              {"ConditionExpression", "n >= :floor"},
              {"ExpressionAttributeValues",
               {{":d", {{"N", std::to_string(delta)}}},
                {":floor", {{"N", std::to_string(-delta)}}}}}}}};
  }
  static json check_action(const std::string& table, const json& key,
                           const std::string& condition) {
    return {{"ConditionCheck",
             {{"TableName", table}, {"Key", key}, {"ConditionExpression", condition}}}};
  }
};

}  // namespace streamstack::dynamodb::testing
