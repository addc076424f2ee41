#pragma once
// The 128-bit hash key space of a stream: a partition key maps to the unsigned big-endian value
// of the MD5 of its UTF-8 bytes, and each open shard owns an inclusive range of it (AWS's
// PutRecord documentation; kinesalite db/index.js). Decimal text on the wire.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace streamstack::kinesis {

using HashKey = unsigned __int128;
inline constexpr HashKey kMaxHashKey = ~HashKey{0};  // 2^128 - 1

std::string to_decimal(HashKey key);
// A decimal without sign or exponent that fits in 128 bits; nullopt otherwise.
std::optional<HashKey> parse_hash_key(std::string_view decimal);

// MD5 of the partition key's bytes, read as an unsigned big-endian integer.
HashKey partition_key_hash(std::string_view partition_key);

// CreateStream's split of the key space into `count` shards: step = floor(2^128 / count),
// shard i = [i * step, (i + 1) * step - 1], the last ending at 2^128 - 1 (kinesalite
// actions/createStream.js; the 3-shard values are checked against AWS in its tests).
std::pair<HashKey, HashKey> even_range(int index, int count);

}  // namespace streamstack::kinesis
