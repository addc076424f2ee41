#pragma once
// The records of a stream's shard, in SQLite table `dynamodb_stream_records`, one row per record
// in sequence-number order. A reader's position is a row number: it reads the records at or after
// it.
//
// Retention: records older than 24 h are trimmed. Reads treat them as gone at once (a shard's
// trim point moves with the clock), and writes delete them lazily, remembering the newest row they
// removed in the stream's `trimmed_seq`; a position at or before the trim point is trimmed data.
#include "store/database.h"
#include "streams/stream_catalog.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace streamstack::streams {

// The newest row number of the shard that is no longer readable at `now_ms` (0: none).
std::int64_t trim_point(store::Connection& c, const StreamInfo& stream, std::int64_t now_ms);

// The shard's newest record's row number, if it has one.
std::optional<std::int64_t> newest_seq(store::Connection& c, const StreamInfo& stream);

struct RecordPage {
  nlohmann::json records = nlohmann::json::array();  // GetRecords records, oldest first
  std::vector<std::int64_t> created_ms;              // each record's write time, in ms
  std::int64_t next_position = 0;                    // where the next read starts
};

// Up to `limit` records at or after `position`, stopping before the page would pass `max_bytes`
// (a page always holds at least one record, however large).
RecordPage read_records(store::Connection& c, const StreamInfo& stream, std::int64_t position,
                        std::size_t limit, std::size_t max_bytes);

// Inside a write transaction: appends `record` (whose SequenceNumber must be that of `seq`).
void append_record(store::Connection& c, const StreamInfo& stream, std::int64_t seq,
                   std::int64_t created_ms, std::string_view record);

// Inside a write transaction: the row number the next appended record gets.
std::int64_t next_record_seq(store::Connection& c);

// Inside a write transaction, before records are deleted: remembers the newest row number so
// that next_record_seq never issues it again.
void raise_seq_floor(store::Connection& c);

// Inside a write transaction: deletes the shard's records older than retention.
void trim_shard(store::Connection& c, const StreamInfo& stream, std::int64_t now_ms);

}  // namespace streamstack::streams
