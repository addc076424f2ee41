// ListShards: paged by NextToken (which names the stream, so it stands alone), filtered by
// ExclusiveStartShardId and ShardFilter as AWS documents them ([M] ListShardsInput, ShardFilter).
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"

namespace streamstack::kinesis {
namespace {

constexpr std::int64_t kDefaultMaxResults = 1000;

struct Filter {
  std::string type = "FROM_TRIM_HORIZON";
  std::string after_shard_id;
  std::int64_t timestamp_ms = 0;
};

Filter filter_of(const json& input) {
  Filter filter;
  auto it = input.find("ShardFilter");
  if (it == input.end()) return filter;
  filter.type = it->value("Type", filter.type);
  const auto* shard_id = string_member(*it, "ShardId");
  auto timestamp = integer_member(*it, "Timestamp");
  // AWS's texts for a missing ShardId or Timestamp are unconfirmed.
  if (filter.type == "AFTER_SHARD_ID") {
    if (!shard_id) throw invalid_argument("ShardId is required when ShardFilter type is AFTER_SHARD_ID.");
    filter.after_shard_id = *shard_id;
  }
  if (filter.type == "AT_TIMESTAMP" || filter.type == "FROM_TIMESTAMP") {
    if (!timestamp) {
      throw invalid_argument("Timestamp is required when ShardFilter type is " + filter.type + ".");
    }
    filter.timestamp_ms = *timestamp;
  }
  return filter;
}

bool open_at(const ShardInfo& shard, std::int64_t ms) {
  return shard.created_ms <= ms && (shard.open() || shard.closed_ms > ms);
}

// Whether the filter lists the shard. "At" a time: the shards open then (at the stream's start
// when the time is earlier); "from" a time: those and every shard opened since.
bool selected(const Filter& filter, const StreamInfo& stream, const ShardInfo& shard,
              std::int64_t now) {
  std::int64_t horizon = std::max(stream.retention_cutoff_ms(now), stream.created_ms);
  std::int64_t at = std::max(filter.timestamp_ms, stream.created_ms);
  if (filter.type == "AT_LATEST") return shard.open();
  if (filter.type == "AT_TRIM_HORIZON") return open_at(shard, horizon);
  if (filter.type == "AT_TIMESTAMP") return open_at(shard, at);
  if (filter.type == "FROM_TIMESTAMP") return shard.open() || shard.closed_ms > at;
  if (filter.type == "AFTER_SHARD_ID") return shard.shard_id() > filter.after_shard_id;
  return true;  // FROM_TRIM_HORIZON
}

}  // namespace

json list_shards(Env& env, const Context& context, json& input) {
  const auto* token = string_member(input, "NextToken");
  bool named = input.contains("StreamName") || input.contains("StreamARN");
  // kinesalite actions/listShards.js, against AWS.
  if (!named && !token) throw invalid_argument("Either NextToken or StreamName should be provided.");
  if (named && token) throw invalid_argument("NextToken and StreamName cannot be provided together.");
  StreamRef ref;
  Filter filter;
  std::string after;
  if (token) {
    auto state = read_next_token(*token);
    ref.name = state.value("s", "");
    after = state.value("k", "");
    filter.type = state.value("f", filter.type);
    filter.after_shard_id = state.value("a", "");
    filter.timestamp_ms = state.value("ts", std::int64_t{0});
  } else {
    ref = stream_ref(context, input);
    filter = filter_of(input);
    if (const auto* start = string_member(input, "ExclusiveStartShardId")) after = *start;
  }
  auto stream = require_stream(env, context, ref);
  std::int64_t limit = integer_member(input, "MaxResults").value_or(kDefaultMaxResults);
  std::int64_t now = core::Clock::now_millis();
  json shards = json::array();
  bool more = false;
  if (stream->status != "CREATING") {
    for (const auto& shard : stream->shards) {
      if (shard_expired(*stream, shard, now) || !selected(filter, *stream, shard, now)) continue;
      if (!after.empty() && shard.shard_id() <= after) continue;
      if (static_cast<std::int64_t>(shards.size()) == limit) {
        more = true;
        break;
      }
      shards.push_back(shard_json(shard));
    }
  }
  json out = {{"Shards", shards}};
  if (more) {
    out["NextToken"] = make_next_token({{"s", stream->name},
                                        {"k", shards.back()["ShardId"]},
                                        {"f", filter.type},
                                        {"a", filter.after_shard_id},
                                        {"ts", filter.timestamp_ms}});
  }
  return out;
}

}  // namespace streamstack::kinesis
