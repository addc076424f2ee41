#include "kinesis/service.h"

#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/validation.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace streamstack::kinesis {
namespace {

using Operation = nlohmann::json (*)(Env&, const Context&, nlohmann::json&);

// SubscribeToShard's answer is an event stream, which only the HTTP edge can send
// (open_stream); in-process callers get here.
nlohmann::json subscribe_to_shard_elsewhere(Env&, const Context&, nlohmann::json&) {
  throw invalid_argument("SubscribeToShard is served as an event stream over HTTP only.");
}

struct Entry {
  std::string_view name;
  Operation run;
};

// Sorted by name.
// Sorted by name: every operation of the model (README's Kinesis table).
constexpr std::array kOperations = {
    Entry{"AddTagsToStream", add_tags_to_stream},
    Entry{"CreateStream", create_stream},
    Entry{"DecreaseStreamRetentionPeriod", decrease_stream_retention_period},
    Entry{"DeleteResourcePolicy", delete_resource_policy},
    Entry{"DeleteStream", delete_stream},
    Entry{"DeregisterStreamConsumer", deregister_stream_consumer},
    Entry{"DescribeAccountSettings", describe_account_settings},
    Entry{"DescribeLimits", describe_limits},
    Entry{"DescribeStream", describe_stream},
    Entry{"DescribeStreamConsumer", describe_stream_consumer},
    Entry{"DescribeStreamSummary", describe_stream_summary},
    Entry{"DisableEnhancedMonitoring", disable_enhanced_monitoring},
    Entry{"EnableEnhancedMonitoring", enable_enhanced_monitoring},
    Entry{"GetRecords", get_records},
    Entry{"GetResourcePolicy", get_resource_policy},
    Entry{"GetShardIterator", get_shard_iterator},
    Entry{"IncreaseStreamRetentionPeriod", increase_stream_retention_period},
    Entry{"ListShards", list_shards},
    Entry{"ListStreamConsumers", list_stream_consumers},
    Entry{"ListStreams", list_streams},
    Entry{"ListTagsForResource", list_tags_for_resource},
    Entry{"ListTagsForStream", list_tags_for_stream},
    Entry{"MergeShards", merge_shards},
    Entry{"PutRecord", put_record},
    Entry{"PutRecords", put_records},
    Entry{"PutResourcePolicy", put_resource_policy},
    Entry{"RegisterStreamConsumer", register_stream_consumer},
    Entry{"RemoveTagsFromStream", remove_tags_from_stream},
    Entry{"SplitShard", split_shard},
    Entry{"StartStreamEncryption", start_stream_encryption},
    Entry{"StopStreamEncryption", stop_stream_encryption},
    Entry{"SubscribeToShard", subscribe_to_shard_elsewhere},
    Entry{"TagResource", tag_resource},
    Entry{"UntagResource", untag_resource},
    Entry{"UpdateAccountSettings", update_account_settings},
    Entry{"UpdateMaxRecordSize", update_max_record_size},
    Entry{"UpdateShardCount", update_shard_count},
    Entry{"UpdateStreamMode", update_stream_mode},
    Entry{"UpdateStreamWarmThroughput", update_stream_warm_throughput},
};

}  // namespace

namespace {

// STREAMSTACK_KINESIS_SUBSCRIPTION_MS and STREAMSTACK_KINESIS_HEARTBEAT_MS shorten how long a
// SubscribeToShard subscription lasts (5 minutes) and how long it stays silent without records
// (2 s), and STREAMSTACK_KINESIS_SUBSCRIBE_INTERVAL_MS and STREAMSTACK_KINESIS_TAKEOVER_MS the
// one call per second per consumer and shard and the 5 s before a new call takes a
// subscription over, so that tests need not wait for AWS's times.
std::int64_t positive_env(const char* name, std::int64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr) return fallback;
  std::int64_t parsed = std::atoll(value);
  return parsed > 0 ? parsed : fallback;
}

std::int64_t non_negative_env(const char* name, std::int64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  std::int64_t parsed = std::atoll(value);
  return parsed >= 0 ? parsed : fallback;
}

Options with_environment(Options options) {
  options.subscription_ms = positive_env("STREAMSTACK_KINESIS_SUBSCRIPTION_MS", options.subscription_ms);
  options.subscription_heartbeat_ms =
      positive_env("STREAMSTACK_KINESIS_HEARTBEAT_MS", options.subscription_heartbeat_ms);
  options.subscribe_interval_ms = non_negative_env("STREAMSTACK_KINESIS_SUBSCRIBE_INTERVAL_MS", options.subscribe_interval_ms);
  options.subscription_takeover_ms =
      non_negative_env("STREAMSTACK_KINESIS_TAKEOVER_MS", options.subscription_takeover_ms);
  return options;
}

}  // namespace

KinesisService::KinesisService(store::Database& db, Options options)
    : options_(with_environment(options)),
      catalog_(db),
      subscriptions_(std::chrono::milliseconds(options_.subscribe_interval_ms),
                     std::chrono::milliseconds(options_.subscription_takeover_ms)),
      lifecycle_(catalog_),
      env_{catalog_, options_, subscriptions_, lifecycle_} {
  lifecycle_.start(options_.settle_on_timer);
}

void KinesisService::check_input(const core::RequestContext& context, std::string_view operation,
                                 nlohmann::json& input) const {
  // A list where the request structure belongs gets the parser's words for any misplaced list;
  // a bare value gets the bare type (kinesalite index.js, against AWS).
  if (input.is_array()) throw serialization_error("Start of list found where not expected");
  if (!input.is_object()) throw serialization_error("");
  validate_request(operation, input, context.protocol);
}

std::unique_ptr<core::ResponseStream> KinesisService::open_stream(const core::RequestContext& context,
                                                                  std::string_view operation,
                                                                  nlohmann::json& input) {
  if (operation != "SubscribeToShard") throw kinesis_error("UnknownOperationException", "");
  check_input(context, operation, input);
  return subscribe_to_shard(env_, context, input);
}

nlohmann::json KinesisService::invoke(const core::RequestContext& context,
                                      std::string_view operation, nlohmann::json& input) {
  auto it = std::lower_bound(kOperations.begin(), kOperations.end(), operation,
                             [](const Entry& e, std::string_view name) { return e.name < name; });
  // AWS answers an operation it does not know with the bare type and no message.
  if (it == kOperations.end() || it->name != operation) {
    throw kinesis_error("UnknownOperationException", "");
  }
  check_input(context, operation, input);
  return it->run(env_, context, input);
}

}  // namespace streamstack::kinesis
