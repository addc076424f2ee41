#include "dynamodb/table_description.h"

#include "core/clock.h"
#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

// A new on-demand table or index can take this much at once before it scales (AWS's
// WarmThroughput of a new on-demand table); a provisioned one, its provisioned capacity.
constexpr std::int64_t kOnDemandWarmReads = 12000;
constexpr std::int64_t kOnDemandWarmWrites = 4000;

json warm_throughput(bool on_demand, const json& throughput, std::string_view status) {
  std::int64_t reads = on_demand ? kOnDemandWarmReads : throughput.value("ReadCapacityUnits", 0);
  std::int64_t writes = on_demand ? kOnDemandWarmWrites : throughput.value("WriteCapacityUnits", 0);
  return {{"ReadUnitsPerSecond", reads}, {"WriteUnitsPerSecond", writes}, {"Status", status}};
}

}  // namespace

std::string table_arn(const core::RequestContext& context, std::string_view table_name) {
  return "arn:aws:dynamodb:" + context.region + ":" + context.account_id + ":table/" +
         std::string(table_name);
}

std::string stream_label(std::int64_t epoch_millis) {
  std::time_t seconds = static_cast<std::time_t>(epoch_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_millis % 1000));
  return text;
}

double epoch_seconds(std::int64_t epoch_millis) {
  return static_cast<double>(epoch_millis) / 1000.0;
}

json throughput_description(std::int64_t read_capacity, std::int64_t write_capacity) {
  return {{"NumberOfDecreasesToday", 0},
          {"ReadCapacityUnits", read_capacity},
          {"WriteCapacityUnits", write_capacity}};
}

json copy_list(const json& list, std::initializer_list<const char*> members) {
  json out = json::array();
  for (const auto& element : list) {
    json copy = json::object();
    for (const char* m : members) {
      if (element.contains(m)) copy[m] = element[m];
    }
    out.push_back(std::move(copy));
  }
  return out;
}

json index_description(const json& definition, const std::string& table_arn, bool global) {
  json projection =
      copy_list(json::array({definition["Projection"]}), {"ProjectionType", "NonKeyAttributes"})[0];
  json out = {{"IndexName", definition["IndexName"]},
              {"KeySchema", copy_list(definition["KeySchema"], {"AttributeName", "KeyType"})},
              {"Projection", std::move(projection)},
              {"IndexSizeBytes", 0},
              {"ItemCount", 0},
              {"IndexArn", table_arn + "/index/" + definition["IndexName"].get<std::string>()}};
  if (global) {
    const json& throughput = definition.value("ProvisionedThroughput", json::object());
    out["ProvisionedThroughput"] =
        throughput_description(throughput.value("ReadCapacityUnits", std::int64_t{0}),
                               throughput.value("WriteCapacityUnits", std::int64_t{0}));
  }
  return out;
}

void prune_attribute_definitions(json& d) {
  std::set<std::string> used;
  auto use = [&](const json& key_schema) {
    for (const auto& e : key_schema) used.insert(e["AttributeName"].get<std::string>());
  };
  use(d["KeySchema"]);
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& index : d.value(list, json::array())) use(index["KeySchema"]);
  }
  auto& defs = d["AttributeDefinitions"];
  defs.erase(std::remove_if(defs.begin(), defs.end(),
                            [&](const json& def) {
                              return used.count(def["AttributeName"].get<std::string>()) == 0;
                            }),
             defs.end());
}

std::string billing_mode(const json& description) {
  auto it = description.find("BillingModeSummary");
  if (it == description.end()) return "PROVISIONED";
  return it->value("BillingMode", "PROVISIONED");
}

json live_description(const json& description, std::string_view status, std::int64_t item_count,
                      std::int64_t size_bytes) {
  json out = description;
  out["TableStatus"] = status;
  out["ItemCount"] = item_count;
  out["TableSizeBytes"] = size_bytes;
  bool on_demand = billing_mode(description) == "PAY_PER_REQUEST";
  out["WarmThroughput"] = warm_throughput(
      on_demand, description.value("ProvisionedThroughput", json::object()), status);
  if (out.contains("GlobalSecondaryIndexes")) {
    // Indexes created with the table are built with it.
    std::string index_status = status == "CREATING" ? "CREATING" : "ACTIVE";
    for (auto& index : out["GlobalSecondaryIndexes"]) {
      if (!index.contains("IndexStatus") || status == "CREATING") {
        index["IndexStatus"] = index_status;
      }
      index["WarmThroughput"] =
          warm_throughput(on_demand, index.value("ProvisionedThroughput", json::object()),
                          index["IndexStatus"].get<std::string>());
    }
  }
  return out;
}

void describe_indexes(store::Connection& c, const TableInfo& table, json& description) {
  const std::int64_t now_ms = core::Clock::now_millis();
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    auto described = description.find(list);
    if (described == description.end()) continue;
    for (json& d : *described) {
      bool deleting = d.value("IndexStatus", "") == "DELETING";
      const SecondaryIndex* index = nullptr;
      for (const SecondaryIndex& i : table.indexes) {
        if (i.name == d.value("IndexName", "") && i.deleting == deleting) index = &i;
      }
      if (index == nullptr) continue;
      auto [count, size] = IndexStore::count_and_size(c, index->id);
      d["IndexSizeBytes"] = size;
      d["ItemCount"] = count;
      if (!index->global || table.status == "CREATING" || deleting) continue;
      // DynamoDB Local's sequence: CREATING, Backfilling while the items are read in, then
      // ACTIVE without Backfilling.
      if (index->active(now_ms)) {
        d["IndexStatus"] = "ACTIVE";
        d.erase("Backfilling");
      } else {
        d["IndexStatus"] = "CREATING";
        d["Backfilling"] = true;
      }
      if (d.contains("WarmThroughput")) d["WarmThroughput"]["Status"] = d["IndexStatus"];
    }
  }
}

json describe(store::Connection& c, const TableInfo& table) {
  auto [count, size] = ItemStore::count_and_size(c, table.id);
  json description = live_description(table.description, table.status, count, size);
  describe_indexes(c, table, description);
  return description;
}

}  // namespace streamstack::dynamodb
