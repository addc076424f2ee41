// UpdateStreamMode, UpdateStreamWarmThroughput, UpdateMaxRecordSize: a stream's capacity mode,
// the warm throughput of an on-demand stream, and its largest record (1 to 10 MiB). AWS's
// API reference gives the rules (warm throughput is for on-demand streams of accounts with the
// minimum throughput billing commitment, at most 10 GiBps); the texts of their errors are
// unconfirmed, and these are inferred in the words of Kinesis's other messages.
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/account_settings.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/stream_changes.h"
#include "kinesis/pending_change.h"

namespace streamstack::kinesis {
namespace {

// "By default, you cannot ... scale to more than 10 GiBps for an on-demand stream."
constexpr std::int64_t kMaxWarmThroughputMiBps = 10240;

void check_warm_throughput(store::Connection& c, const Context& context, const std::string& mode,
                           std::int64_t target) {
  if (mode != "ON_DEMAND") {
    throw validation_error("Warm throughput is supported for streams in ON_DEMAND mode only.");
  }
  if (!throughput_commitment_enabled(c, context.scope(), core::Clock::now_millis())) {
    throw validation_error("Warm throughput requires the account's MinimumThroughputBillingCommitment to be "
                           "enabled.");
  }
  if (target > kMaxWarmThroughputMiBps) {
    throw limit_exceeded("Warm throughput cannot be more than " + std::to_string(kMaxWarmThroughputMiBps) +
                         " MiBps. Requested: " + std::to_string(target) + " MiBps.");
  }
}

}  // namespace

void check_create_warm_throughput(store::Connection& c, const Context& context, const std::string& mode,
                                  std::int64_t target) {
  check_warm_throughput(c, context, mode, target);
}

json update_stream_mode(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  const auto& mode = input["StreamModeDetails"]["StreamMode"].get_ref<const std::string&>();
  auto warm = integer_member(input, "WarmThroughputMiBps");
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    if (stream.mode == mode) {
      throw invalid_argument("Stream " + stream.name + " under account " + context.account_id +
                             " is already in " + mode + " mode.");
    }
    if (warm) check_warm_throughput(c, context, mode, *warm);
    json change = mode_change(mode);
    change_stream(c, env, stream, change);
    if (warm) {
      stream.warm_target_mibps = *warm;
      change_stream(c, env, stream, warm_throughput_change(*warm));
    }
  });
  return nullptr;
}

json update_stream_warm_throughput(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  auto target = input["WarmThroughputMiBps"].get<std::int64_t>();
  return env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    check_warm_throughput(c, context, stream.mode, target);
    stream.warm_target_mibps = target;
    change_stream(c, env, stream, warm_throughput_change(target));
    return json{{"StreamARN", stream.arn}, {"StreamName", stream.name}, {"WarmThroughput", warm_throughput_json(stream)}};
  });
}

json update_max_record_size(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  auto size = input["MaxRecordSizeInKiB"].get<std::int64_t>();
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    stream.max_record_kib = static_cast<int>(size);
    update_stream(c, stream);
  });
  return nullptr;
}

}  // namespace streamstack::kinesis
