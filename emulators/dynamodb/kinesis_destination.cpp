#include "dynamodb/kinesis_destination.h"

#include "core/api_error.h"
#include "core/clock.h"
#include "core/ids.h"
#include "kinesis/kinesis_store.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

namespace streamstack::dynamodb::kinesis_destination {
namespace {

Destination read_row(store::Statement& st) {
  return Destination{st.column_text(0), st.column_text(1), st.column_text(2)};
}

json keys_of(const TableInfo& table, const json& item) {
  json keys = json::object();
  keys[table.key.hash.name] = item.at(table.key.hash.name);
  if (table.key.range) keys[table.key.range->name] = item.at(table.key.range->name);
  return keys;
}

std::string region_of(const TableInfo& table) { return table.scope.substr(table.scope.find('/') + 1); }

std::string upper_hex_md5(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

std::vector<store::Migration> migrations() {
  return {{120, "dynamodb_kinesis_destinations",
           "CREATE TABLE dynamodb_kinesis_destinations ("
           " table_id INTEGER NOT NULL,"
           " stream_arn TEXT NOT NULL,"
           " status TEXT NOT NULL,"
           " precision TEXT NOT NULL,"
           " enabled_order INTEGER NOT NULL,"
           " PRIMARY KEY (table_id, stream_arn))"}};
}

std::vector<Destination> list(store::Connection& c, std::int64_t table_id) {
  auto& st = c.prepare(
      "SELECT stream_arn, status, precision FROM dynamodb_kinesis_destinations WHERE table_id = ? "
      "ORDER BY enabled_order");
  st.bind(1, table_id);
  store::ResetOnExit reset{st};
  std::vector<Destination> out;
  while (st.step()) out.push_back(read_row(st));
  return out;
}

std::optional<Destination> find(store::Connection& c, std::int64_t table_id, const std::string& stream_arn) {
  auto& st = c.prepare(
      "SELECT stream_arn, status, precision FROM dynamodb_kinesis_destinations WHERE table_id = ? AND "
      "stream_arn = ?");
  st.bind(1, table_id).bind_text(2, stream_arn);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return read_row(st);
}

void save(store::Connection& c, std::int64_t table_id, const Destination& d) {
  c.prepare(
       "INSERT INTO dynamodb_kinesis_destinations (table_id, stream_arn, status, precision, enabled_order) "
       "VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(enabled_order), 0) + 1 FROM dynamodb_kinesis_destinations)) "
       "ON CONFLICT(table_id, stream_arn) DO UPDATE SET status = excluded.status, precision = excluded.precision")
      .bind(1, table_id)
      .bind_text(2, d.stream_arn)
      .bind_text(3, d.status)
      .bind_text(4, d.precision)
      .run();
}

void erase_all(store::Connection& c, std::int64_t table_id) {
  c.prepare("DELETE FROM dynamodb_kinesis_destinations WHERE table_id = ?").bind(1, table_id).run();
}

std::string record_data(const TableInfo& table, const json* old_item, const json* new_item,
                        const std::string& precision, std::int64_t now_micros, const std::string& event_id,
                        const streams::UserIdentity* identity) {
  // Written member by member in AWS's order (LocalStack's AWS recording), which readers that
  // compare text rather than parse it see; json objects would sort the members.
  auto text = [](const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); };
  const json& some = new_item != nullptr ? *new_item : *old_item;
  json keys = keys_of(table, some);
  bool micro = precision == "MICROSECOND";
  std::size_t size = item_size(keys);
  std::string dynamodb = "{\"ApproximateCreationDateTime\":" + std::to_string(micro ? now_micros : now_micros / 1000) +
                         ",\"Keys\":" + text(keys);
  if (new_item != nullptr) {
    dynamodb += ",\"NewImage\":" + text(*new_item);
    size += item_size(*new_item);
  }
  if (old_item != nullptr) {
    dynamodb += ",\"OldImage\":" + text(*old_item);
    size += item_size(*old_item);
  }
  dynamodb += ",\"SizeBytes\":" + std::to_string(size) + ",\"ApproximateCreationDateTimePrecision\":\"" +
              (micro ? "MICROSECOND" : "MILLISECOND") + "\"}";
  const char* event_name = old_item == nullptr ? "INSERT" : new_item == nullptr ? "REMOVE" : "MODIFY";
  // The destination's records name members in lower camel case, type first (AWS's TTL sample).
  std::string user_identity = identity == nullptr ? "null"
                                                  : "{\"type\":" + text(identity->type) +
                                                        ",\"principalId\":" + text(identity->principal_id) + "}";
  return "{\"awsRegion\":" + text(region_of(table)) + ",\"eventID\":" + text(event_id) + ",\"eventName\":\"" +
         event_name + "\",\"userIdentity\":" + user_identity +
         ",\"recordFormat\":\"application/json\",\"tableName\":" + text(table.name) + ",\"dynamodb\":" +
         dynamodb + ",\"eventSource\":\"aws:dynamodb\"}";
}

std::string partition_key(const TableInfo& table, const json& item) {
  std::string bytes = table.arn + '\n' + encode_key_value(item.at(table.key.hash.name));
  if (table.key.range) bytes += '\n' + encode_key_value(item.at(table.key.range->name));
  return upper_hex_md5(bytes);
}

void capture(store::Connection& c, const TableInfo& table, const json* old_item, const json* new_item,
             const streams::UserIdentity* identity) {
  auto destinations = list(c, table.id);
  if (destinations.empty()) return;
  const json& some = new_item != nullptr ? *new_item : *old_item;
  auto key = partition_key(table, some);
  auto now = core::Clock::now_micros();
  for (const auto& d : destinations) {
    if (d.status != "ACTIVE") continue;
    auto location = kinesis::locate_stream(d.stream_arn);
    if (!location) continue;
    auto data = record_data(table, old_item, new_item, d.precision, now, core::new_uuid(), identity);
    try {
      kinesis::put_record(c, location->scope, location->name, key, data, now / 1000);
    } catch (const core::ApiError& e) {
      // The stream was deleted or is being deleted: AWS keeps taking the table's writes and
      // stops delivering to it. The item write must not fail for it.
      if (e.code() != "ResourceNotFoundException") throw;
      spdlog::warn("table {}: Kinesis destination {} is gone; change not delivered", table.name, d.stream_arn);
    }
  }
}

}  // namespace streamstack::dynamodb::kinesis_destination
