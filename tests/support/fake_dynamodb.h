#pragma once
// An in-memory stand-in for the DynamoDB service, for tests of code that calls it in-process
// (handlers, the Lambda emulator). It knows tables with a string hash key and the item calls
// the handlers make: GetItem, PutItem, DeleteItem and UpdateItem with `SET a = :v` / `ADD a :n`.
// It records who called what, so tests can see the principal a call was made as.
#include "core/api_error.h"
#include "core/json_service.h"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

namespace streamstack::testing {

class FakeDynamoDb : public core::JsonService {
 public:
  struct Call {
    std::string operation;
    std::string principal_arn;
    std::string region;
    nlohmann::json input;
  };

  void add_table(const std::string& name, const std::string& hash_key = "itemKey") {
    std::lock_guard lock(mutex_);
    tables_[name].hash_key = hash_key;
  }

  nlohmann::json item(const std::string& table, const std::string& key) {
    std::lock_guard lock(mutex_);
    auto& items = tables_.at(table).items;
    auto it = items.find(key);
    return it == items.end() ? nullptr : it->second;
  }

  std::vector<Call> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  nlohmann::json invoke(const core::RequestContext& context, std::string_view operation,
                        nlohmann::json& input) override {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::string(operation), context.principal_arn, context.region, input});
    auto& table = require(input);
    if (operation == "GetItem") {
      auto it = table.items.find(key_of(table, input["Key"]));
      if (it == table.items.end()) return nlohmann::json::object();
      return {{"Item", it->second}};
    }
    if (operation == "PutItem") {
      table.items[key_of(table, input["Item"])] = input["Item"];
      return nlohmann::json::object();
    }
    if (operation == "DeleteItem") {
      table.items.erase(key_of(table, input["Key"]));
      return nlohmann::json::object();
    }
    if (operation == "UpdateItem") return update(table, input);
    throw core::ApiError::unknown_operation();
  }

 private:
  struct Table {
    std::string hash_key;
    std::map<std::string, nlohmann::json> items;
  };

  Table& require(const nlohmann::json& input) {
    auto it = tables_.find(input.value("TableName", ""));
    if (it == tables_.end())
      throw core::ApiError(400, "com.amazonaws.dynamodb.v20120810#", "ResourceNotFoundException",
                           "Requested resource not found");
    return it->second;
  }

  static std::string key_of(const Table& table, const nlohmann::json& item) {
    return item.at(table.hash_key).at("S").get<std::string>();
  }

  nlohmann::json update(Table& table, const nlohmann::json& input) {
    const auto& key = input["Key"];
    auto& item = table.items[key_of(table, key)];
    if (item.is_null()) item = key;
    std::istringstream words(input.value("UpdateExpression", ""));
    std::string verb, name, eq, value;
    nlohmann::json updated = nlohmann::json::object();
    words >> verb >> name;
    if (verb == "SET") words >> eq;
    words >> value;
    const auto& v = input["ExpressionAttributeValues"][value];
    if (verb == "SET") item[name] = v;
    if (verb == "ADD") {
      long long base = item.contains(name) ? std::stoll(item[name]["N"].get<std::string>()) : 0;
      item[name] = {{"N", std::to_string(base + std::stoll(v["N"].get<std::string>()))}};
    }
    updated[name] = item[name];
    if (input.value("ReturnValues", "NONE") == "UPDATED_NEW") return {{"Attributes", updated}};
    return nlohmann::json::object();
  }

  std::mutex mutex_;
  std::map<std::string, Table> tables_;
  std::vector<Call> calls_;
};

}  // namespace streamstack::testing
