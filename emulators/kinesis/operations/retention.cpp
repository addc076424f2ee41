// IncreaseStreamRetentionPeriod, DecreaseStreamRetentionPeriod. Records older than the
// retention period are never returned, and deleted later (record_store.h trim_shard).
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"

namespace streamstack::kinesis {
namespace {

constexpr std::int64_t kMinRetentionHours = 24;
constexpr std::int64_t kMaxRetentionHours = 8760;

void check_bounds(std::int64_t hours) {
  if (hours < kMinRetentionHours) {
    // kinesalite actions/increaseStreamRetentionPeriod.js, against AWS.
    throw invalid_argument("Minimum allowed retention period is 24 hours. Requested retention "
                           "period (" + std::to_string(hours) + " hours) is too short.");
  }
  if (hours > kMaxRetentionHours) {
    // moto's words; AWS's text is unconfirmed.
    throw invalid_argument("Maximum allowed retention period is 8760 hours. Requested retention "
                           "period (" + std::to_string(hours) + " hours) is too long.");
  }
}

json change_retention(Env& env, const Context& context, json& input, bool increase) {
  auto ref = stream_ref(context, input);
  std::int64_t hours = input["RetentionPeriodHours"].get<std::int64_t>();
  // The request is checked before the stream is looked up, as AWS does.
  check_bounds(hours);
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    std::string text = "Requested retention period (" + std::to_string(hours) +
                       " hours) for stream " + stream.name + " can not be ";
    std::string existing = " than existing retention period (" +
                           std::to_string(stream.retention_hours) + " hours). Use ";
    if (increase && hours < stream.retention_hours) {
      throw invalid_argument(text + "shorter" + existing + "DecreaseRetentionPeriod API.");
    }
    if (!increase && hours > stream.retention_hours) {
      throw invalid_argument(text + "longer" + existing + "IncreaseRetentionPeriod API.");
    }
    // What has already passed the old period stays gone.
    if (increase) stream.expired_before_ms = stream.retention_cutoff_ms(core::Clock::now_millis());
    stream.retention_hours = static_cast<int>(hours);
    update_stream(c, stream);
  });
  return nullptr;
}

}  // namespace

json increase_stream_retention_period(Env& env, const Context& context, json& input) {
  return change_retention(env, context, input, true);
}

json decrease_stream_retention_period(Env& env, const Context& context, json& input) {
  return change_retention(env, context, input, false);
}

}  // namespace streamstack::kinesis
