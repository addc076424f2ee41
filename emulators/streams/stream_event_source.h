#pragma once
// A DynamoDB stream as the dispatcher reads it (lambda::EventSource): one shard per stream,
// positions are the records' row numbers, and each record is delivered as AWS's DynamoDB-stream
// Lambda event record (the GetRecords record plus eventSourceARN).
#include "lambda/event_source.h"
#include "store/database.h"

namespace streamstack::streams {

class StreamEventSource : public lambda::EventSource {
 public:
  explicit StreamEventSource(store::Database& db) : db_(db) {}

  bool handles(const std::string& arn) const override;
  bool exists(const std::string& arn) override;
  std::vector<lambda::SourceShard> shards(const std::string& arn) override;
  std::vector<lambda::SourceRecord> read(const std::string& arn, const std::string& shard_id,
                                         std::int64_t after_position, std::size_t limit) override;
  std::int64_t latest_position(const std::string& arn, const std::string& shard_id) override;
  std::int64_t position_before_time(const std::string& arn, const std::string& shard_id,
                                    std::int64_t epoch_ms) override;

 private:
  store::Database& db_;
};

}  // namespace streamstack::streams
