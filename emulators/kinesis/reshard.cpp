#include "kinesis/reshard.h"

#include "kinesis/sequence_number.h"

#include <algorithm>

namespace streamstack::kinesis {
namespace {

ShardInfo new_shard(const StreamInfo& stream, HashKey start, HashKey end, std::int64_t now_ms) {
  ShardInfo shard;
  shard.index = stream.shards.empty() ? 0 : stream.shards.back().index + 1;
  shard.starting_hash_key = start;
  shard.ending_hash_key = end;
  shard.created_ms = now_ms;
  shard.starting_sequence_number =
      format_sequence_number({now_ms / 1000, shard.index, 0, now_ms / 1000});
  return shard;
}

ShardInfo& find(StreamInfo& stream, std::int64_t index) {
  for (auto& shard : stream.shards)
    if (shard.index == index) return shard;
  throw std::logic_error("no shard " + std::to_string(index));
}

std::int64_t add_child(store::Connection& c, StreamInfo& stream, HashKey start, HashKey end,
                       std::int64_t parent, std::int64_t adjacent, std::int64_t now_ms) {
  ShardInfo child = new_shard(stream, start, end, now_ms);
  child.parent_index = parent;
  child.adjacent_parent_index = adjacent;
  insert_shard(c, stream, child);
  stream.shards.push_back(child);
  return child.index;
}

// The open shards, ordered by their hash key ranges.
std::vector<std::int64_t> open_by_range(const StreamInfo& stream) {
  std::vector<const ShardInfo*> open;
  for (const auto& s : stream.shards)
    if (s.open()) open.push_back(&s);
  std::sort(open.begin(), open.end(), [](const ShardInfo* a, const ShardInfo* b) {
    return a->starting_hash_key < b->starting_hash_key;
  });
  std::vector<std::int64_t> indexes;
  for (const auto* s : open) indexes.push_back(s->index);
  return indexes;
}

}  // namespace

void make_initial_shards(StreamInfo& stream, int count, std::int64_t now_ms) {
  for (int i = 0; i < count; ++i) {
    auto [start, end] = even_range(i, count);
    stream.shards.push_back(new_shard(stream, start, end, now_ms));
  }
}

void split_shard(store::Connection& c, StreamInfo& stream, std::int64_t parent_index,
                 HashKey new_starting_hash_key, std::int64_t now_ms) {
  ShardInfo& parent = find(stream, parent_index);
  HashKey start = parent.starting_hash_key, end = parent.ending_hash_key;
  close_shard(c, parent, now_ms);
  add_child(c, stream, start, new_starting_hash_key - 1, parent_index, -1, now_ms);
  add_child(c, stream, new_starting_hash_key, end, parent_index, -1, now_ms);
}

void merge_shards(store::Connection& c, StreamInfo& stream, std::int64_t shard_index,
                  std::int64_t adjacent_index, std::int64_t now_ms) {
  ShardInfo& first = find(stream, shard_index);
  HashKey a_start = first.starting_hash_key, a_end = first.ending_hash_key;
  close_shard(c, first, now_ms);
  ShardInfo& second = find(stream, adjacent_index);
  HashKey b_start = second.starting_hash_key, b_end = second.ending_hash_key;
  close_shard(c, second, now_ms);
  add_child(c, stream, std::min(a_start, b_start), std::max(a_end, b_end), shard_index,
            adjacent_index, now_ms);
}

void scale_shards(store::Connection& c, StreamInfo& stream, int target, std::int64_t now_ms) {
  // 1. Split every open shard at each new boundary strictly inside it.
  for (int j = 1; j < target; ++j) {
    HashKey boundary = even_range(j, target).first;
    for (std::int64_t index : open_by_range(stream)) {
      const ShardInfo& s = find(stream, index);
      if (boundary > s.starting_hash_key && boundary <= s.ending_hash_key) {
        split_shard(c, stream, index, boundary, now_ms);
        break;
      }
    }
  }
  // 2. Merge, left to right, the pieces that now lie in the same new range.
  for (int j = 0; j < target; ++j) {
    auto [start, end] = even_range(j, target);
    std::vector<std::int64_t> pieces;
    for (std::int64_t index : open_by_range(stream)) {
      const ShardInfo& s = find(stream, index);
      if (s.starting_hash_key >= start && s.ending_hash_key <= end) pieces.push_back(index);
    }
    std::int64_t merged = pieces.empty() ? -1 : pieces.front();
    for (std::size_t k = 1; k < pieces.size(); ++k) {
      merge_shards(c, stream, merged, pieces[k], now_ms);
      merged = stream.shards.back().index;
    }
  }
}

nlohmann::json split_action(std::int64_t parent_index, HashKey new_starting_hash_key) {
  return {{"op", "split"}, {"shard", parent_index}, {"key", to_decimal(new_starting_hash_key)}};
}

nlohmann::json merge_action(std::int64_t shard_index, std::int64_t adjacent_index) {
  return {{"op", "merge"}, {"shard", shard_index}, {"adjacent", adjacent_index}};
}

nlohmann::json scale_action(int target) { return {{"op", "scale"}, {"target", target}}; }

void apply_reshard(store::Connection& c, StreamInfo& stream, const nlohmann::json& action,
                   std::int64_t now_ms) {
  const auto& op = action.at("op");
  if (op == "split") {
    auto key = parse_hash_key(action.at("key").get<std::string>()).value_or(0);
    split_shard(c, stream, action.at("shard").get<std::int64_t>(), key, now_ms);
  } else if (op == "merge") {
    merge_shards(c, stream, action.at("shard").get<std::int64_t>(),
                 action.at("adjacent").get<std::int64_t>(), now_ms);
  } else if (op == "scale") {
    scale_shards(c, stream, action.at("target").get<int>(), now_ms);
  }
}

}  // namespace streamstack::kinesis
