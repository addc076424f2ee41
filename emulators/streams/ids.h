#pragma once
// The identifiers of DynamoDB Streams, shaped as AWS shapes them: stream labels, shard ids,
// sequence numbers and event ids.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::streams {

// A record's sequence number on the wire: "1" followed by the record's row number, zero-padded to
// 20 digits. 21 digits is the shortest the model allows (21-40), the leading 1 keeps every
// number the same length, so clients that compare them as big integers or as strings agree.
std::string format_sequence_number(std::int64_t seq);

// The row number a client's SequenceNumber denotes, for comparison with stored rows. Numbers
// below every number issued map to 0 and above to INT64_MAX, so range checks still order them;
// nullopt when the text is not decimal digits.
std::optional<std::int64_t> parse_sequence_number(std::string_view text);

// StreamLabel: the creation time as ISO-8601 with milliseconds and no zone, UTC
// ("2015-05-11T21:21:33.291").
std::string format_stream_label(std::int64_t epoch_ms);

// ShardId: "shardId-" + 20-digit zero-padded creation time in epoch ms + "-" + 8 hex digits
// (37 characters, inside the model's 28-65; SDKs check the length on input).
std::string make_shard_id(std::int64_t epoch_ms);

// `chars` random lowercase hex digits (eventID uses 32).
std::string random_hex(std::size_t chars);

}  // namespace streamstack::streams
