#pragma once
// The streams of every table, in SQLite table `dynamodb_streams`: one row per stream, each with
// one shard. A new stream (new label, new ARN) is created every time a table's stream is enabled;
// disabling closes it, and a closed stream stays readable through its ARN for 24 hours.
//
// This module depends on core and store only. DynamoDB calls open_stream/close_stream from
// CreateTable, UpdateTable and DeleteTable inside their write transaction, and capture_change
// (change_capture.h) from its one item-write function; the Streams API reads what they wrote.
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::streams {

// How long records, and closed streams, stay readable.
inline constexpr std::int64_t kRetentionMs = 24LL * 60 * 60 * 1000;

struct StreamInfo {
  std::string arn;
  std::string scope;  // account/region (RequestContext::scope())
  std::string table_name;
  std::int64_t table_id = 0;
  std::string label;
  std::string view_type;  // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
  nlohmann::json key_schema;  // [{"AttributeName": ..., "KeyType": "HASH"|"RANGE"}]
  std::string status;         // ENABLED, DISABLED
  std::int64_t created_ms = 0;
  std::int64_t disabled_ms = 0;  // 0 while enabled
  std::string shard_id;
  // The shard's SequenceNumberRange as row numbers (ids.h). The start is fixed when the shard
  // opens (the next row number then), so it is at or before every record of the shard; the end is
  // set when the shard closes.
  std::int64_t starting_seq = 0;
  std::optional<std::int64_t> ending_seq;
  // The newest row number removed by retention; positions at or before it are trimmed.
  std::int64_t trimmed_seq = 0;
  // The stream's records carry this instead of the ARN (shard_records.h).
  std::int64_t key = 0;

  bool shard_open() const { return !ending_seq.has_value(); }
  std::string region() const;
};

struct OpenedStream {
  std::string arn;
  std::string label;
};

// Schema versions 200-249 are this module's.
std::vector<store::Migration> migrations();

// Inside the caller's write transaction. Creates a stream with one open shard; the label is the
// time `now_ms`, moved on by a millisecond while the table already has a stream of that label.
OpenedStream open_stream(store::Connection& c, const std::string& scope,
                         const std::string& table_name, std::int64_t table_id,
                         const nlohmann::json& key_schema, const std::string& view_type,
                         std::int64_t now_ms);

// Inside the caller's write transaction: DISABLED, its shard closed at its newest record. A stream
// already closed is left as it is.
void close_stream(store::Connection& c, const std::string& arn, std::int64_t now_ms);

// A stream still readable at `now_ms` (enabled, or closed less than 24 h ago); nullopt if not.
std::optional<StreamInfo> find_stream(store::Connection& c, std::string_view scope,
                                      std::string_view arn, std::int64_t now_ms);

// The stream's row whatever its state (for writers, who know the ARN is theirs).
std::optional<StreamInfo> load_stream(store::Connection& c, std::string_view arn);

// The table's enabled stream, if it has one. By id as well as name: a table deleted and created
// again under its name is another table.
std::optional<StreamInfo> enabled_stream_of(store::Connection& c, const std::string& scope,
                                            const std::string& table_name, std::int64_t table_id);

// ListStreams' order: newest label first, ties by ARN. A page starts after `exclusive_start`
// (a stream ARN, whose label orders it even if the stream is gone).
struct StreamListing {
  std::string_view scope;
  std::optional<std::string> table_name;
  std::optional<std::string> exclusive_start;
  std::size_t limit = 100;
  std::int64_t now_ms = 0;
};
std::vector<StreamInfo> list_streams(store::Connection& c, const StreamListing& listing);

// Removes what retention no longer keeps: streams closed 24 h ago with their records.
void purge_expired_streams(store::Connection& c, std::int64_t now_ms);

// The parts of a stream ARN, "arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{label}";
// nullopt when `arn` is not shaped so.
struct StreamArnParts {
  std::string region;
  std::string account;
  std::string table_name;
  std::string label;
};
std::optional<StreamArnParts> parse_stream_arn(std::string_view arn);

}  // namespace streamstack::streams
