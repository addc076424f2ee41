// SplitShard, MergeShards, UpdateShardCount: checks in AWS's order (kinesalite
// actions/{splitShard,mergeShards,updateShardCount}.js and their tests, against AWS), then the
// change, at once or, with a stream delay, when UPDATING ends (the old shards stay in use until
// then, as on AWS).
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/stream_changes.h"
#include "kinesis/operations/operations.h"
#include "kinesis/reshard.h"

namespace streamstack::kinesis {
namespace {

std::int64_t shard_index_or_throw(const std::string& raw, const StreamRef& ref,
                                  const Context& context) {
  auto index = shard_index_of(raw);
  if (!index) throw could_not_find_shard(raw, ref.name, context.account_id);
  return *index;
}

const ShardInfo& existing_shard(const StreamInfo& stream, std::int64_t index,
                                const Context& context) {
  const ShardInfo* shard = stream.shard(index);
  if (!shard) throw could_not_find_shard(shard_id_of(index), stream.name, context.account_id);
  return *shard;
}

// Resharding is for provisioned streams only ([M] docs). moto's words; AWS's are unconfirmed.
void check_provisioned(const StreamInfo& stream, const Context& context) {
  if (stream.mode == "ON_DEMAND") {
    throw validation_error("Request is invalid. Stream " + stream.name + " under account " +
                           context.account_id + " is in On-Demand mode.");
  }
}

// moto's words; AWS's are unconfirmed.
void check_open(const StreamInfo& stream, const ShardInfo& shard, const Context& context) {
  if (!shard.open()) {
    throw resource_in_use("Shard " + shard.shard_id() + " in stream " + stream.name +
                          " under account " + context.account_id +
                          " has already been merged or split, and thus is not eligible for "
                          "merging or splitting.");
  }
}

}  // namespace

json split_shard(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  std::int64_t index = shard_index_or_throw(input["ShardToSplit"].get<std::string>(), ref, context);
  const auto& key_text = input["NewStartingHashKey"].get_ref<const std::string&>();
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    const ShardInfo& shard = existing_shard(stream, index, context);
    check_active(stream, context);
    check_provisioned(stream, context);
    check_open(stream, shard, context);
    auto key = parse_hash_key(key_text);
    if (!key || *key <= shard.starting_hash_key + 1 || *key >= shard.ending_hash_key) {
      throw invalid_argument("NewStartingHashKey " + key_text + " used in SplitShard() on shard " +
                             shard.shard_id() + " in stream " + stream.name + " under account " +
                             context.account_id +
                             " is not both greater than one plus the shard's StartingHashKey " +
                             to_decimal(shard.starting_hash_key) +
                             " and less than the shard's EndingHashKey " +
                             to_decimal(shard.ending_hash_key) + ".");
    }
    check_shard_limit(c, env, context, 1);
    change_stream(c, env, stream, split_action(index, *key));
  });
  return nullptr;
}

json merge_shards(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  std::int64_t first = shard_index_or_throw(input["ShardToMerge"].get<std::string>(), ref, context);
  std::int64_t second =
      shard_index_or_throw(input["AdjacentShardToMerge"].get<std::string>(), ref, context);
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    const ShardInfo& a = existing_shard(stream, first, context);
    const ShardInfo& b = existing_shard(stream, second, context);
    if (a.ending_hash_key == kMaxHashKey || a.ending_hash_key + 1 != b.starting_hash_key) {
      throw invalid_argument("Shards " + a.shard_id() + " and " + b.shard_id() + " in stream " +
                             stream.name + " under account " + context.account_id +
                             " are not an adjacent pair of shards eligible for merging");
    }
    check_active(stream, context);
    check_provisioned(stream, context);
    check_open(stream, a, context);
    check_open(stream, b, context);
    change_stream(c, env, stream, merge_action(first, second));
  });
  return nullptr;
}

json update_shard_count(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  auto target = input["TargetShardCount"].get<std::int64_t>();
  json out;
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    check_provisioned(stream, context);
    int open = stream.open_shard_count();
    std::string counts = "Current open shard count: " + std::to_string(open) +
                         ", Target shard count: " + std::to_string(target);
    if (target > env.options.shard_limit) {
      throw limit_exceeded("Target shard count or number of open shards cannot be greater than " +
                           std::to_string(env.options.shard_limit) + ". " + counts);
    }
    if (target > open * 2) {
      throw limit_exceeded("UpdateShardCount cannot scale up over double your current open shard "
                           "count. " + counts);
    }
    if (target * 2 < open) {
      throw limit_exceeded("UpdateShardCount cannot scale down below half your current open shard "
                           "count. " + counts);
    }
    check_shard_limit(c, env, context, std::max<std::int64_t>(target - open, 0));
    change_stream(c, env, stream, scale_action(static_cast<int>(target)));
    out = {{"StreamName", stream.name},
           {"CurrentShardCount", open},
           {"TargetShardCount", target},
           {"StreamARN", stream.arn}};
  });
  return out;
}

}  // namespace streamstack::kinesis
