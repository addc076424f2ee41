// CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams, DescribeLimits.
#include "core/clock.h"
#include "kinesis/errors.h"
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

json enhanced_monitoring() { return json::array({{{"ShardLevelMetrics", json::array()}}}); }

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
    check_tags_to_add(*it, name, context.account_id);
  }
  std::int64_t now = core::Clock::now_millis();
  env.catalog.write([&](store::Connection& c) {
    if (load_stream(c, context.scope(), name)) {
      throw resource_in_use("Stream " + name + " under account " + context.account_id +
                            " already exists.");
    }
    check_shard_limit(c, env, context, shards);
    StreamInfo stream;
    stream.scope = context.scope();
    stream.name = name;
    stream.arn = stream_arn(context.region, context.account_id, name);
    stream.status = status_after(env, "CREATING");
    stream.status_until_ms = now + env.options.stream_delay_ms;
    stream.mode = mode;
    stream.created_ms = now;
    stream.max_record_kib = static_cast<int>(integer_member(input, "MaxRecordSizeInKiB").value_or(1024));
    make_initial_shards(stream, shards, now);
    insert_stream(c, stream);
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
    stream.status = "DELETING";
    stream.status_until_ms = core::Clock::now_millis() + env.options.stream_delay_ms;
    update_stream(c, stream);
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
  return {{"StreamDescription",
           {{"StreamName", stream->name},
            {"StreamARN", stream->arn},
            {"StreamStatus", stream->status},
            {"StreamModeDetails", stream_mode_details(*stream)},
            {"Shards", std::move(shards)},
            {"HasMoreShards", more},
            {"RetentionPeriodHours", stream->retention_hours},
            {"StreamCreationTimestamp", epoch_seconds(stream->created_ms)},
            {"EnhancedMonitoring", enhanced_monitoring()},
            {"EncryptionType", "NONE"}}}};
}

json describe_stream_summary(Env& env, const Context& context, json& input) {
  auto stream = require_stream(env, context, stream_ref(context, input));
  int consumers = env.catalog.db().read(
      [&](store::Connection& c) { return consumer_count(c, stream->key); });
  return {{"StreamDescriptionSummary",
           {{"StreamName", stream->name},
            {"StreamARN", stream->arn},
            {"StreamStatus", stream->status},
            {"StreamModeDetails", stream_mode_details(*stream)},
            {"RetentionPeriodHours", stream->retention_hours},
            {"StreamCreationTimestamp", epoch_seconds(stream->created_ms)},
            {"EnhancedMonitoring", enhanced_monitoring()},
            {"EncryptionType", "NONE"},
            {"OpenShardCount", stream->status == "CREATING" ? 0 : stream->open_shard_count()},
            {"ConsumerCount", consumers},
            {"MaxRecordSizeInKiB", stream->max_record_kib}}}};
}

json list_streams(Env& env, const Context& context, json& input) {
  std::int64_t limit = std::min(integer_member(input, "Limit").value_or(kDescribeLimit), kDescribeLimit);
  std::string after;
  if (const auto* token = string_member(input, "NextToken")) {
    after = read_next_token(*token).value("k", "");
  } else if (const auto* start = string_member(input, "ExclusiveStartStreamName")) {
    after = *start;
  }
  auto names = env.catalog.db().read(
      [&](store::Connection& c) { return list_stream_names(c, context.scope(), after); });
  bool more = static_cast<std::int64_t>(names.size()) > limit;
  if (more) names.resize(static_cast<std::size_t>(limit));
  json summaries = json::array();
  for (const auto& name : names) {
    auto stream = env.catalog.find(context.scope(), name);
    if (!stream) continue;
    summaries.push_back({{"StreamName", stream->name},
                         {"StreamARN", stream->arn},
                         {"StreamStatus", stream->status},
                         {"StreamModeDetails", stream_mode_details(*stream)},
                         {"StreamCreationTimestamp", epoch_seconds(stream->created_ms)}});
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
