#pragma once
// What other modules use of Kinesis without going through its API: appending a record inside
// their own write transaction (DynamoDB's Kinesis streaming destination commits the record with
// the item change that caused it), and reading shards in order (the Lambda event source).
// `scope` is core::RequestContext::scope(): "<account>/<region>".
#include "store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::kinesis {

struct AppendedRecord {
  std::string shard_id;
  std::string sequence_number;
};

// Appends a record to the stream, on the shard its partition key hashes to, within the caller's
// write transaction (`c` is the writer, inside Database::write). Throws core::ApiError
// ResourceNotFoundException when the stream does not exist or is not ACTIVE or UPDATING.
AppendedRecord put_record(store::Connection& c, const std::string& scope,
                          const std::string& stream_name, std::string_view partition_key,
                          std::string_view data, std::int64_t arrival_ms);

// The scope and name a stream ARN names; nullopt when it is not a Kinesis stream ARN.
struct StreamLocation {
  std::string scope;
  std::string name;
};
std::optional<StreamLocation> locate_stream(std::string_view stream_arn);

struct ShardLineage {
  std::string shard_id;
  std::string parent_shard_id;           // "" when none
  std::string adjacent_parent_shard_id;  // "" when none
  bool closed = false;
};
// The stream's shards, parents before children; nullopt when there is no such stream.
std::optional<std::vector<ShardLineage>> stream_shards(store::Connection& c,
                                                       const std::string& scope,
                                                       const std::string& stream_name);

// A record and its position: an integer that increases along the shard (0 = before the first).
struct ShardRecord {
  std::int64_t position;
  std::string sequence_number;
  std::string partition_key;
  std::string data;
  std::int64_t arrival_ms;
  bool kms = false;  // written while the stream was encrypted (Lambda's kinesis.encryptionType)
};
// Records after `after_position` within retention, oldest first, at most `limit`.
std::vector<ShardRecord> read_shard(store::Connection& c, const std::string& scope,
                                    const std::string& stream_name, const std::string& shard_id,
                                    std::int64_t after_position, std::size_t limit);
// The position of the shard's newest record (0 when it has none).
std::int64_t latest_position(store::Connection& c, const std::string& scope,
                             const std::string& stream_name, const std::string& shard_id);
// The position just before the first record that arrived at or after `epoch_ms` (the newest
// record's position when none did).
std::int64_t position_before_time(store::Connection& c, const std::string& scope,
                                  const std::string& stream_name, const std::string& shard_id,
                                  std::int64_t epoch_ms);

}  // namespace streamstack::kinesis
