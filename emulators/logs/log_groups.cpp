// CreateLogGroup, DeleteLogGroup, DescribeLogGroups.
#include "core/clock.h"
#include "logs/errors.h"
#include "logs/service.h"
#include "logs/service_support.h"

namespace streamstack::logs {

using namespace detail;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

void check_group_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 512;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' && c != '/' && c != '#')
      ok = false;
  if (!ok)
    throw invalid_parameter("1 validation error detected: Value '" + name +
                            "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular "
                            "expression pattern: [\\.\\-_/#A-Za-z0-9]+");
}

}  // namespace

json LogsService::create_log_group(const core::RequestContext& context, const json& input) {
  auto name = string_input(input, "logGroupName").value_or("");
  check_group_name(name);
  if (!store_->create_group(context.scope(), name, core::Clock::now_millis()))
    throw logs_error("ResourceAlreadyExistsException", "The specified log group already exists");
  return json::object();
}

json LogsService::delete_log_group(const core::RequestContext& context, const json& input) {
  auto name = string_input(input, "logGroupName").value_or("");
  if (!store_->delete_group(context.scope(), name)) throw log_group_not_found();
  return json::object();
}

json LogsService::describe_log_groups(const core::RequestContext& context, const json& input) {
  auto prefix = string_input(input, "logGroupNamePrefix").value_or("");
  auto limit = limit_input(input, 50, 50);
  auto token = string_input(input, "nextToken");
  ordered_json groups = ordered_json::array();
  std::string next;
  // The token is the name of the next group: names are unique and the list is in name order.
  for (const auto& g : store_->list_groups(context.scope(), prefix)) {
    if (token && g.name < *token) continue;
    if (groups.size() == limit) {
      next = g.name;
      break;
    }
    ordered_json group;
    group["logGroupName"] = g.name;
    group["creationTime"] = g.creation_time;
    group["metricFilterCount"] = 0;
    group["arn"] = log_group_arn(context, g.name) + ":*";
    group["storedBytes"] = g.stored_bytes;
    group["logGroupClass"] = "STANDARD";
    group["logGroupArn"] = log_group_arn(context, g.name);
    groups.push_back(std::move(group));
  }
  ordered_json out;
  out["logGroups"] = std::move(groups);
  if (!next.empty()) out["nextToken"] = next;
  return json::parse(out.dump());
}

}  // namespace streamstack::logs
