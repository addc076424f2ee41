// EnableEnhancedMonitoring, DisableEnhancedMonitoring: the shard-level metrics a stream
// publishes (none are published here; the setting is kept and shown by DescribeStream). "ALL"
// stands for every metric. The answer names the metrics before and after the change.
#include "kinesis/operations/operations.h"
#include "kinesis/operations/stream_changes.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace streamstack::kinesis {
namespace {

// The metrics in the model's order, which the answers keep.
constexpr std::array<std::string_view, 7> kMetrics = {
    "IncomingBytes",  "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded",
    "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"};

bool named(const json& list, std::string_view metric) {
  return std::any_of(list.begin(), list.end(), [&](const json& m) { return m == metric || m == "ALL"; });
}

json change_monitoring(Env& env, const Context& context, json& input, bool enable) {
  auto ref = stream_ref(context, input);
  const auto& requested = input["ShardLevelMetrics"];
  return env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    json before = stream.shard_level_metrics;
    json after = json::array();
    for (auto metric : kMetrics) {
      bool had = named(before, metric), asked = named(requested, metric);
      if (enable ? (had || asked) : (had && !asked)) after.push_back(metric);
    }
    stream.shard_level_metrics = after;
    update_stream(c, stream);
    return json{{"StreamName", stream.name},
                {"CurrentShardLevelMetrics", before},
                {"DesiredShardLevelMetrics", after},
                {"StreamARN", stream.arn}};
  });
}

}  // namespace

json enable_enhanced_monitoring(Env& env, const Context& context, json& input) {
  return change_monitoring(env, context, input, true);
}

json disable_enhanced_monitoring(Env& env, const Context& context, json& input) {
  return change_monitoring(env, context, input, false);
}

}  // namespace streamstack::kinesis
