#pragma once
// Creating shards and resharding (SplitShard, MergeShards, UpdateShardCount). Every new shard
// takes the stream's next index, so indexes increase across reshards and a child always comes
// after its parents; parents are closed (EndingSequenceNumber set), never removed, so readers
// finish a parent and move on to its children in order.
#include "kinesis/stream_info.h"

namespace streamstack::kinesis {

// Builds the `count` shards of a new stream (not stored: insert_stream stores them).
void make_initial_shards(StreamInfo& stream, int count, std::int64_t now_ms);

// The effects, applied to the stored stream and to `stream`. Arguments are already checked.
void split_shard(store::Connection& c, StreamInfo& stream, std::int64_t parent_index,
                 HashKey new_starting_hash_key, std::int64_t now_ms);
void merge_shards(store::Connection& c, StreamInfo& stream, std::int64_t shard_index,
                  std::int64_t adjacent_index, std::int64_t now_ms);
// UNIFORM_SCALING to `target` open shards of equal ranges, as AWS does it: splits at every new
// boundary inside an open shard, then merges of the pieces of each new range, so each resulting
// shard descends from the shards that held its keys.
void scale_shards(store::Connection& c, StreamInfo& stream, int target, std::int64_t now_ms);

// A deferred reshard as recorded in StreamInfo::pending.
nlohmann::json split_action(std::int64_t parent_index, HashKey new_starting_hash_key);
nlohmann::json merge_action(std::int64_t shard_index, std::int64_t adjacent_index);
nlohmann::json scale_action(int target);
void apply_reshard(store::Connection& c, StreamInfo& stream, const nlohmann::json& action,
                   std::int64_t now_ms);

}  // namespace streamstack::kinesis
