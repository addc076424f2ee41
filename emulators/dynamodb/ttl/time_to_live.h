#pragma once
// A table's Time to Live setting, kept in SQLite table `dynamodb_time_to_live` (one row per
// table that ever had TTL enabled), and the rule that decides whether an item has expired.
//
// Status, as DescribeTimeToLive reports it: a change is ENABLING / DISABLING until it settles
// (at once, unless --table-delay-ms holds it), then ENABLED / DISABLED. Only an ENABLED table is
// swept. The status is derived from the row and the clock when read, never written by a read.
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::time_to_live {

std::vector<store::Migration> migrations();

struct Setting {
  std::string attribute_name;
  bool enabled = false;
  std::int64_t changed_ms = 0;  // when UpdateTimeToLive last changed it
  std::int64_t settles_ms = 0;  // when ENABLING / DISABLING ends
};

// ENABLING, ENABLED, DISABLING or DISABLED at `now_ms`; DISABLED for a table never configured.
std::string status(const std::optional<Setting>& setting, std::int64_t now_ms);

std::optional<Setting> find(store::Connection& c, std::int64_t table_id);
void save(store::Connection& c, std::int64_t table_id, const Setting& setting);
// The table is gone (Catalog::erase): its row id may be reused.
void erase(store::Connection& c, std::int64_t table_id);

// A table whose TTL is ENABLED at `now_ms`: the sweeper's work list.
struct EnabledTable {
  std::int64_t table_id = 0;
  std::string scope;  // account/region
  std::string table_name;
  std::string attribute_name;
};
std::vector<EnabledTable> enabled_tables(store::Connection& c, std::int64_t now_ms);

// Whether `item` has expired at `now_ms` under TTL attribute `attribute_name`: its value is a
// top-level Number of epoch seconds earlier than now, and not more than five years earlier
// (AWS ignores older values, as it ignores any attribute that is missing or not a Number).
bool expired(const nlohmann::json& item, const std::string& attribute_name, std::int64_t now_ms);

// The oldest expiry time AWS still acts on, in epoch seconds, at `now_ms`.
double oldest_expiry_seconds(std::int64_t now_ms);

}  // namespace streamstack::dynamodb::time_to_live
