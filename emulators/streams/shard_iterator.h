#pragma once
// ShardIterator: opaque to clients, shaped as AWS's ("{StreamArn}|1|<base64>"), carrying the
// shard, the position (the row number the next read starts at) and when it was handed out, so an
// iterator needs no server-side state and survives a restart.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::streams {

// AWS expires an iterator 15 minutes after GetShardIterator (or GetRecords) returned it.
inline constexpr std::int64_t kIteratorLifetimeMs = 15LL * 60 * 1000;

struct ShardIteratorState {
  std::string stream_arn;
  std::string shard_id;
  std::int64_t position = 0;
  std::int64_t created_ms = 0;
};

std::string encode_shard_iterator(const ShardIteratorState& state);
// nullopt when `text` is not an iterator this emulator handed out.
std::optional<ShardIteratorState> decode_shard_iterator(std::string_view text);

}  // namespace streamstack::streams
