// CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, DescribeLimits.
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/lifecycle.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/tag_rules.h"
#include "kinesis/reshard.h"

namespace streamstack::kinesis {
namespace {

// CreateStream without a shard count makes an on-demand stream of 4 shards (LocalStack's AWS
// recording test_create_stream_without_shard_count; moto).
constexpr int kOnDemandShards = 4;
// DescribeStream's and ListStreams' Limit: default 100, and never more than 100 results.
constexpr std::int64_t kDescribeLimit = 100;

std::string status_after(const Env& env, std::string_view transient) {
  return env.options.stream_delay_ms > 0 ? std::string(transient) : "ACTIVE";
}

json enhanced_monitoring(const StreamInfo& stream) {
  return json::array({{{"ShardLevelMetrics", stream.shard_level_metrics}}});
}

// EncryptionType always; KeyId only while encrypted.
void add_encryption(const StreamInfo& stream, json& description) {
  description["EncryptionType"] = stream.encryption_type;
  if (stream.encrypted()) description["KeyId"] = stream.key_id;
}

}  // namespace

json create_stream(Env& env, const Context& context, json& input) {
  const auto& name = input["StreamName"].get_ref<const std::string&>();
  auto count = integer_member(input, "ShardCount");
  std::string mode = count ? "PROVISIONED" : "ON_DEMAND";
  if (auto it = input.find("StreamModeDetails"); it != input.end()) {
    mode = it->value("StreamMode", mode);
  }
  if (mode == "PROVISIONED" && !count) {
    // The text AWS gave when ShardCount was required (kinesalite test/createStream.js).
    throw validation_error(
        "1 validation error detected: Value null at 'shardCount' failed to satisfy constraint: "
        "Member must not be null");
  }
  int shards = mode == "ON_DEMAND" ? kOnDemandShards : static_cast<int>(*count);
  if (auto it = input.find("Tags"); it != input.end()) {
    check_tag_count(*it, name, context.account_id);
    check_tags_to_add(*it, name, context.account_id);
  }
  std::int64_t now = core::Clock::now_millis();
  env.catalog.write([&](store::Connection& c) {
    if (load_stream(c, context.scope(), name)) {
      throw resource_in_use("Stream " + name + " under account " + context.account_id +
                            " already exists.");
    }
    check_shard_limit(c, env, context, shards);
    auto warm = integer_member(input, "WarmThroughputMiBps");
    if (warm) check_create_warm_throughput(c, context, mode, *warm);
    StreamInfo stream;
    stream.scope = context.scope();
    stream.name = name;
    stream.arn = stream_arn(context.region, context.account_id, name);
    stream.status = status_after(env, "CREATING");
    stream.status_until_ms = now + env.options.stream_delay_ms;
    stream.mode = mode;
    stream.created_ms = now;
    stream.max_record_kib = static_cast<int>(integer_member(input, "MaxRecordSizeInKiB").value_or(1024));
    if (warm) {
      stream.warm_target_mibps = *warm;
      stream.warm_current_mibps = *warm;
    }
    make_initial_shards(stream, shards, now);
    insert_stream(c, stream);
    if (stream.status != "ACTIVE") env.lifecycle.schedule_stream(stream.key, stream.status_until_ms);
    if (auto it = input.find("Tags"); it != input.end()) {
      put_tags(c, stream.key, *it, name, context.account_id);
    }
  });
  return nullptr;
}

json delete_stream(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  bool enforce = input.value("EnforceConsumerDeletion", false);
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    if (!enforce && consumer_count(c, stream.key) > 0) {
      // kinesis-mock's words; AWS's text is unconfirmed.
      throw resource_in_use("Consumers exist in stream " + stream.name +
                            " and enforceConsumerDeletion is either not set or is false");
    }
    if (env.options.stream_delay_ms == 0) {
      delete_stream_rows(c, stream);
      return;
    }
    // A stream deleted before it was ACTIVE never had shards to show (AWS: `Shards: []`).
    if (stream.status == "CREATING") {
      for (const auto& shard : stream.shards) delete_shard_row(c, shard);
      stream.shards.clear();
    }
    stream.status = "DELETING";
    stream.status_until_ms = core::Clock::now_millis() + env.options.stream_delay_ms;
    stream.pending = json::array();
    update_stream(c, stream);
    env.lifecycle.schedule_stream(stream.key, stream.status_until_ms);
  });
  return nullptr;
}

json describe_stream(Env& env, const Context& context, json& input) {
  auto stream = require_stream(env, context, stream_ref(context, input));
  std::int64_t limit = std::min(integer_member(input, "Limit").value_or(kDescribeLimit), kDescribeLimit);
  const auto* start = string_member(input, "ExclusiveStartShardId");
  std::int64_t now = core::Clock::now_millis();
  json shards = json::array();
  bool more = false;
  // While CREATING the shards are not shown yet (kinesalite test/createStream.js, against AWS).
  if (stream->status != "CREATING") {
    for (const auto& shard : stream->shards) {
      if (shard_expired(*stream, shard, now)) continue;
      if (start && shard.shard_id() <= *start) continue;
      if (static_cast<std::int64_t>(shards.size()) == limit) {
        more = true;
        break;
      }
      shards.push_back(shard_json(shard));
    }
  }
  json description = {{"StreamName", stream->name},
                      {"StreamARN", stream->arn},
                      {"StreamStatus", stream->status},
                      {"StreamModeDetails", stream_mode_details(*stream)},
                      {"Shards", std::move(shards)},
                      {"HasMoreShards", more},
                      {"RetentionPeriodHours", stream->retention_hours},
                      {"StreamCreationTimestamp", epoch_seconds(stream->created_ms)},
                      {"EnhancedMonitoring", enhanced_monitoring(*stream)}};
  add_encryption(*stream, description);
  return {{"StreamDescription", std::move(description)}};
}

json describe_stream_summary(Env& env, const Context& context, json& input) {
  auto stream = require_stream(env, context, stream_ref(context, input));
  int consumers = env.catalog.db().read(
      [&](store::Connection& c) { return consumer_count(c, stream->key); });
  json summary = {{"StreamName", stream->name},
                  {"StreamARN", stream->arn},
                  {"StreamStatus", stream->status},
                  {"StreamModeDetails", stream_mode_details(*stream)},
                  {"RetentionPeriodHours", stream->retention_hours},
                  {"StreamCreationTimestamp", epoch_seconds(stream->created_ms)},
                  {"EnhancedMonitoring", enhanced_monitoring(*stream)},
                  {"OpenShardCount", stream->status == "CREATING" ? 0 : stream->open_shard_count()},
                  {"ConsumerCount", consumers},
                  {"MaxRecordSizeInKiB", stream->max_record_kib}};
  add_encryption(*stream, summary);
  if (stream->warm_target_mibps >= 0) summary["WarmThroughput"] = warm_throughput_json(*stream);
  return {{"StreamDescriptionSummary", std::move(summary)}};
}

json list_streams(Env& env, const Context& context, json& input) {
  std::int64_t limit = std::min(integer_member(input, "Limit").value_or(kDescribeLimit), kDescribeLimit);
  std::string after;
  if (const auto* token = string_member(input, "NextToken")) {
    after = read_next_token(*token).value("k", "");
  } else if (const auto* start = string_member(input, "ExclusiveStartStreamName")) {
    after = *start;
  }
  // Names and summaries from one read, so they always name the same streams.
  auto streams = env.catalog.db().read(
      [&](store::Connection& c) { return list_streams_after(c, context.scope(), after, limit + 1); });
  bool more = static_cast<std::int64_t>(streams.size()) > limit;
  if (more) streams.resize(static_cast<std::size_t>(limit));
  json names = json::array();
  json summaries = json::array();
  for (const auto& stream : streams) {
    names.push_back(stream.name);
    summaries.push_back({{"StreamName", stream.name},
                         {"StreamARN", stream.arn},
                         {"StreamStatus", stream.status},
                         {"StreamModeDetails", stream_mode_details(stream)},
                         {"StreamCreationTimestamp", epoch_seconds(stream.created_ms)}});
  }
  json out = {{"StreamNames", names}, {"HasMoreStreams", more}, {"StreamSummaries", summaries}};
  if (more) out["NextToken"] = make_next_token({{"k", names.back()}});
  return out;
}

json describe_limits(Env& env, const Context& context, json&) {
  auto [open, on_demand] = env.catalog.db().read([&](store::Connection& c) {
    auto& st = c.prepare("SELECT count(*) FROM kinesis_streams WHERE scope = ? AND mode = 'ON_DEMAND'");
    st.bind_text(1, context.scope());
    int streams = st.step() ? static_cast<int>(st.column_int(0)) : 0;
    st.reset();
    return std::pair{open_shards_in_scope(c, context.scope()), streams};
  });
  return {{"ShardLimit", env.options.shard_limit},
          {"OpenShardCount", open},
          {"OnDemandStreamCount", on_demand},
          {"OnDemandStreamCountLimit", env.options.on_demand_stream_limit}};
}

}  // namespace streamstack::kinesis
