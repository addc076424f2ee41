// CreateLogStream, DescribeLogStreams.
#include "core/clock.h"
#include "logs/errors.h"
#include "logs/service.h"
#include "logs/service_support.h"

#include <algorithm>

namespace streamstack::logs {

using namespace detail;
using nlohmann::json;
using nlohmann::ordered_json;

json LogsService::create_log_stream(const core::RequestContext& context, const json& input) {
  auto group = require_group(*store_, context, string_input(input, "logGroupName").value_or(""));
  auto name = string_input(input, "logStreamName").value_or("");
  if (name.empty() || name.size() > 512 || name.find_first_of(":*") != std::string::npos)
    throw invalid_parameter("1 validation error detected: Value '" + name +
                            "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular "
                            "expression pattern: [^:*]*");
  if (!store_->create_stream(group.id, name, core::Clock::now_millis()))
    throw logs_error("ResourceAlreadyExistsException", "The specified log stream already exists");
  return json::object();
}

json LogsService::describe_log_streams(const core::RequestContext& context, const json& input) {
  auto group_name = group_name_input(input);
  auto group = require_group(*store_, context, group_name);
  auto prefix = string_input(input, "logStreamNamePrefix").value_or("");
  auto order_by = string_input(input, "orderBy").value_or("LogStreamName");
  if (order_by != "LogStreamName" && order_by != "LastEventTime")
    throw invalid_parameter("1 validation error detected: Value '" + order_by +
                            "' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: "
                            "[LogStreamName, LastEventTime]");
  if (order_by == "LastEventTime" && !prefix.empty())
    throw invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  bool descending = boolean_input(input, "descending", false);
  auto limit = limit_input(input, 50, 50);

  auto streams = store_->list_streams(group.id);
  std::erase_if(streams, [&](const LogStreamRow& s) { return s.name.compare(0, prefix.size(), prefix) != 0; });
  if (order_by == "LastEventTime")
    std::stable_sort(streams.begin(), streams.end(), [](const LogStreamRow& a, const LogStreamRow& b) {
      return a.last_event.value_or(0) < b.last_event.value_or(0);
    });
  if (descending) std::reverse(streams.begin(), streams.end());

  // The token is the offset of the page's first stream in this order.
  std::size_t start = 0;
  if (auto token = string_input(input, "nextToken")) {
    try {
      start = std::stoul(*token);
    } catch (const std::exception&) {
      throw invalid_parameter("The specified nextToken is invalid.");
    }
  }
  ordered_json list = ordered_json::array();
  for (std::size_t i = start; i < streams.size() && list.size() < limit; ++i) {
    const auto& s = streams[i];
    ordered_json stream;
    stream["logStreamName"] = s.name;
    stream["creationTime"] = s.creation_time;
    if (s.first_event) stream["firstEventTimestamp"] = *s.first_event;
    if (s.last_event) stream["lastEventTimestamp"] = *s.last_event;
    if (s.last_ingestion) stream["lastIngestionTime"] = *s.last_ingestion;
    stream["uploadSequenceToken"] = "4963" + std::string(48, '0') + std::to_string(1000 + s.id % 9000);
    stream["arn"] = log_stream_arn(context, group.name, s.name);
    stream["storedBytes"] = 0;  // AWS has reported 0 here since 2019
    list.push_back(std::move(stream));
  }
  ordered_json out;
  out["logStreams"] = std::move(list);
  if (start + limit < streams.size()) out["nextToken"] = std::to_string(start + limit);
  return json::parse(out.dump());
}

}  // namespace streamstack::logs
