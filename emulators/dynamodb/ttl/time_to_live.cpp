#include "dynamodb/ttl/time_to_live.h"

#include <charconv>

namespace streamstack::dynamodb::time_to_live {
namespace {

// "TTL processes ignore items whose expiration is more than five years in the past" (the TTL
// chapter of AWS's developer guide); a year of 365 days here.
constexpr std::int64_t kFiveYearsMs = 5LL * 365 * 24 * 3600 * 1000;

}  // namespace

std::vector<store::Migration> migrations() {
  return {{171, "dynamodb_time_to_live",
           "CREATE TABLE dynamodb_time_to_live ("
           " table_id INTEGER PRIMARY KEY,"
           " attribute_name TEXT NOT NULL,"
           " enabled INTEGER NOT NULL,"
           " changed_ms INTEGER NOT NULL,"
           " settles_ms INTEGER NOT NULL)"}};
}

std::string status(const std::optional<Setting>& setting, std::int64_t now_ms) {
  if (!setting) return "DISABLED";
  bool settled = now_ms >= setting->settles_ms;
  if (setting->enabled) return settled ? "ENABLED" : "ENABLING";
  return settled ? "DISABLED" : "DISABLING";
}

std::optional<Setting> find(store::Connection& c, std::int64_t table_id) {
  auto& st = c.prepare(
      "SELECT attribute_name, enabled, changed_ms, settles_ms FROM dynamodb_time_to_live WHERE "
      "table_id = ?");
  st.bind(1, table_id);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return Setting{st.column_text(0), st.column_int(1) != 0, st.column_int(2), st.column_int(3)};
}

void save(store::Connection& c, std::int64_t table_id, const Setting& setting) {
  c.prepare(
       "INSERT INTO dynamodb_time_to_live (table_id, attribute_name, enabled, changed_ms, "
       "settles_ms) "
       "VALUES (?, ?, ?, ?, ?) ON CONFLICT(table_id) DO UPDATE SET attribute_name = "
       "excluded.attribute_name, "
       "enabled = excluded.enabled, changed_ms = excluded.changed_ms, settles_ms = "
       "excluded.settles_ms")
      .bind(1, table_id)
      .bind_text(2, setting.attribute_name)
      .bind(3, setting.enabled ? 1 : 0)
      .bind(4, setting.changed_ms)
      .bind(5, setting.settles_ms)
      .run();
}

void erase(store::Connection& c, std::int64_t table_id) {
  c.prepare("DELETE FROM dynamodb_time_to_live WHERE table_id = ?").bind(1, table_id).run();
}

std::vector<EnabledTable> enabled_tables(store::Connection& c, std::int64_t now_ms) {
  auto& st = c.prepare(
      "SELECT l.table_id, t.scope, t.name, l.attribute_name FROM dynamodb_time_to_live l "
      "JOIN dynamodb_tables t ON t.id = l.table_id WHERE l.enabled = 1 AND l.settles_ms <= ? "
      "AND t.status IN ('ACTIVE', 'UPDATING') ORDER BY l.table_id");
  st.bind(1, now_ms);
  store::ResetOnExit reset{st};
  std::vector<EnabledTable> out;
  while (st.step())
    out.push_back({st.column_int(0), st.column_text(1), st.column_text(2), st.column_text(3)});
  return out;
}

double oldest_expiry_seconds(std::int64_t now_ms) {
  return static_cast<double>(now_ms - kFiveYearsMs) / 1000.0;
}

bool expired(const nlohmann::json& item, const std::string& attribute_name, std::int64_t now_ms) {
  auto it = item.find(attribute_name);
  if (it == item.end() || !it->is_object()) return false;
  auto n = it->find("N");
  if (n == it->end() || !n->is_string()) return false;
  // Numbers are canonical decimal text; a double holds epoch seconds to well under a millisecond.
  const std::string& text = n->get_ref<const std::string&>();
  double seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size()) return false;
  double now_seconds = static_cast<double>(now_ms) / 1000.0;
  return seconds < now_seconds && seconds >= oldest_expiry_seconds(now_ms);
}

}  // namespace streamstack::dynamodb::time_to_live
