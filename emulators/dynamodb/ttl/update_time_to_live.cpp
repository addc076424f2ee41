// UpdateTimeToLive and DescribeTimeToLive. AWS's checks after the request's constraints
// (dynalite test/updateTimeToLive.js, recorded against AWS, and DynamoDB Local's messages): an
// empty attribute name, the table, a change that changes nothing ("TimeToLive is already
// enabled" / "... disabled"), an attribute other than the active one, then one change per hour
// ("Time to live has been modified multiple times within a fixed interval").
#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/service.h"
#include "dynamodb/ttl/time_to_live.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

constexpr std::int64_t kChangeIntervalMs = 60 * 60 * 1000;

bool is_active(const std::string& status) { return status == "ENABLED" || status == "ENABLING"; }

void check_change(const std::optional<time_to_live::Setting>& current, bool enable,
                  const std::string& attribute, std::int64_t now_ms) {
  std::string status = time_to_live::status(current, now_ms);
  if (enable && is_active(status)) {
    if (current->attribute_name == attribute)
      throw validation_error("TimeToLive is already enabled");
    throw validation_error("TimeToLive is active on a different AttributeName");
  }
  if (!enable && !is_active(status)) throw validation_error("TimeToLive is already disabled");
  if (!enable && current->attribute_name != attribute) {
    throw validation_error("TimeToLive is active on a different AttributeName");
  }
  if (current && now_ms < current->changed_ms + kChangeIntervalMs) {
    throw validation_error("Time to live has been modified multiple times within a fixed interval");
  }
}

}  // namespace

json update_time_to_live(Env& env, const core::RequestContext& context, json& input) {
  validate_request("UpdateTimeToLive", input, TableNameRule::kTable);
  const json& spec = input["TimeToLiveSpecification"];
  const std::string attribute = spec["AttributeName"].get<std::string>();
  const bool enable = spec["Enabled"].get<bool>();
  if (attribute.empty())
    throw validation_error("TimeToLiveSpecification.AttributeName must be non empty");

  const std::string& name = input["TableName"].get_ref<const std::string&>();
  env.db.write([&](store::Connection& c) {
    TableInfo table = tables::require_table(env, c, context, name);
    if (table.status == "CREATING" || table.status == "DELETING") {
      throw resource_in_use(
          "Time to live cannot be configured when table is in CREATING or DELETING state");
    }
    std::int64_t now_ms = core::Clock::now_millis();
    auto current = time_to_live::find(c, table.id);
    check_change(current, enable, attribute, now_ms);
    time_to_live::save(c, table.id,
                       {attribute, enable, now_ms, now_ms + env.options.table_delay_ms});
  });
  return {{"TimeToLiveSpecification", {{"Enabled", enable}, {"AttributeName", attribute}}}};
}

json describe_time_to_live(Env& env, const core::RequestContext& context, json& input) {
  validate_request("DescribeTimeToLive", input, TableNameRule::kTable);
  const std::string& name = input["TableName"].get_ref<const std::string&>();
  TableInfo table = tables::require_table(env, context, name);
  auto setting = env.db.read([&](store::Connection& c) { return time_to_live::find(c, table.id); });
  std::string status = time_to_live::status(setting, core::Clock::now_millis());
  json description = {{"TimeToLiveStatus", status}};
  // A disabled table names no attribute (AWS's DescribeTimeToLive of a table never enabled and
  // of one disabled since, in dynalite's tests).
  if (status != "DISABLED") description["AttributeName"] = setting->attribute_name;
  return {{"TimeToLiveDescription", std::move(description)}};
}

}  // namespace streamstack::dynamodb
