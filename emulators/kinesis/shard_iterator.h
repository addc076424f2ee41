#pragma once
// Shard iterators: opaque base64 that AWS forms as 8 bytes 00..01 then 16-byte-aligned
// ciphertext, at least 152 bytes in all (kinesalite test/helpers.js, checked against AWS). Ours
// have the same shape: AES-256-CBC over the position they stand for. They name the stream (and
// its creation time, so a recreated stream's iterators are not reused) and expire after 300 s.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::kinesis {

struct IteratorState {
  std::int64_t created_ms = 0;
  std::string stream_name;
  std::int64_t stream_created_ms = 0;
  std::int64_t shard_index = 0;
  std::int64_t after_seq_ix = 0;  // the next read starts after this record
};

std::string encode_shard_iterator(const IteratorState& state);
// nullopt for anything that is not an iterator we issued (surrounding double quotes are
// tolerated, as AWS tolerates them).
std::optional<IteratorState> decode_shard_iterator(std::string_view iterator);

}  // namespace streamstack::kinesis
