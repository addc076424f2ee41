#pragma once
// Sequence numbers: 56-digit decimals that increase over time within a shard (AWS's PutRecord
// documentation; kinesalite test/createStream.js checks /^\d{56}$/ against AWS). The layout is
// kinesalite's reverse-engineered "version 2", as 47 hex digits (kinesalite db/index.js):
//
//   2 | shard creation, epoch s (9) | shard index, low digit (1) | seq_ix (16) | 00 |
//   arrival, epoch s (9) | shard index (8) | 2
//
// Within a shard everything before seq_ix is fixed, so the numeric order of its sequence numbers
// is the order of seq_ix: a per-shard counter that is also the record's position in storage.
// The shard index is recoverable from the last digits, as AWS's own numbers allow.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::kinesis {

struct SequenceFields {
  std::int64_t shard_created_s = 0;
  std::int64_t shard_index = 0;
  std::uint64_t seq_ix = 0;
  std::int64_t arrival_s = 0;
};

// A closed shard's EndingSequenceNumber: the largest seq_ix, stamped with the closing time
// (kinesalite actions/splitShard.js; AWS's exact value is unconfirmed).
inline constexpr std::uint64_t kEndingSeqIx = 0x7fffffffffffffffULL;

std::string format_sequence_number(const SequenceFields& fields);

// What a sequence number sent by a client says.
struct ParsedSequence {
  enum class Kind {
    kCurrent,   // this layout (version 2): all fields valid
    kVersion1,  // 47 hex digits ending in 1: creation and arrival times, shard index, and a
                // small counter in place of seq_ix (kinesalite db/index.js)
    kLegacy,    // an older layout that only names a shard index (shard_index valid)
  };
  Kind kind;
  SequenceFields fields;
  // The number as AWS reads it back in its messages: a number below 2^124 gains the oldest
  // layout's leading 1 ("0" reads as 21267647932558653966460912964485513216; kinesalite
  // test/getShardIterator.js, against AWS).
  std::string text;
};

// nullopt when the number is not one Kinesis could have issued. A shard index field past
// 2^31-1 (an 8 or more in its first digit) parses: PutRecord takes such a number, while
// GetShardIterator refuses it (shard_index_valid).
std::optional<ParsedSequence> parse_sequence_number(std::string_view decimal);
inline bool shard_index_valid(const ParsedSequence& parsed) { return parsed.fields.shard_index <= 0x7fffffff; }

}  // namespace streamstack::kinesis
