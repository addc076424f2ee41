#pragma once
// What the dispatcher reads from: a stream (DynamoDB Streams or Kinesis) seen as shards of
// records in order. Positions are opaque increasing integers per shard (a checkpoint is the
// position of the last record processed; 0 = before the first record).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace streamstack::lambda {

struct SourceRecord {
  std::int64_t position;
  std::string sequence_number;  // what ReportBatchItemFailures' itemIdentifier names
  std::int64_t arrival_ms;
  nlohmann::json record;        // the Lambda event record, eventSourceARN included
  std::size_t size_bytes;       // for the 6 MB payload cap
};

struct SourceShard {
  SourceShard(std::string id, std::string parent, bool is_closed, std::string adjacent_parent = "")
      : shard_id(std::move(id)),
        parent_shard_id(std::move(parent)),
        closed(is_closed),
        adjacent_parent_shard_id(std::move(adjacent_parent)) {}

  std::string shard_id;
  std::string parent_shard_id;  // read after the parent is finished
  bool closed = false;
  // A Kinesis shard born of MergeShards has two parents, both finished before it is read.
  std::string adjacent_parent_shard_id;
};

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Whether this source serves `arn` (e.g. a DynamoDB stream ARN).
  virtual bool handles(const std::string& arn) const = 0;
  virtual bool exists(const std::string& arn) = 0;
  // Shards in an order where parents come before children.
  virtual std::vector<SourceShard> shards(const std::string& arn) = 0;
  // Records after `after_position`, oldest first, at most `limit`.
  virtual std::vector<SourceRecord> read(const std::string& arn, const std::string& shard_id,
                                         std::int64_t after_position, std::size_t limit) = 0;
  // The position of the newest record of the shard (LATEST starts after it).
  virtual std::int64_t latest_position(const std::string& arn, const std::string& shard_id) = 0;
  // The checkpoint that starts at the first record that arrived at or after `epoch_ms`.
  virtual std::int64_t position_before_time(const std::string& arn, const std::string& shard_id,
                                            std::int64_t epoch_ms) = 0;
  // A number that changes after every commit that may have made new records of `arn` readable,
  // so the dispatcher need not read its shards after commits of other kinds (checkpoints, logs,
  // other tables' writes). 0: unknown, read every time.
  virtual std::uint64_t activity(const std::string& arn) const {
    (void)arn;
    return 0;
  }
};

}  // namespace streamstack::lambda
