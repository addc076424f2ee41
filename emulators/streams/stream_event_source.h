#pragma once
// A DynamoDB stream as the dispatcher reads it (lambda::EventSource): one shard per stream,
// positions are the records' row numbers, and each record is delivered as AWS's DynamoDB-stream
// Lambda event record (the GetRecords record plus eventSourceARN).
#include "lambda/event_source.h"
#include "store/database.h"
#include "streams/stream_catalog.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace streamstack::streams {

class StreamEventSource : public lambda::EventSource {
 public:
  // Register it before the dispatcher's own commit listener: activity() must have moved by the
  // time the dispatcher is told of the commit.
  explicit StreamEventSource(store::Database& db);
  ~StreamEventSource() override;
  StreamEventSource(const StreamEventSource&) = delete;
  StreamEventSource& operator=(const StreamEventSource&) = delete;

  bool handles(const std::string& arn) const override;
  bool exists(const std::string& arn) override;
  std::vector<lambda::SourceShard> shards(const std::string& arn) override;
  std::vector<lambda::SourceRecord> read(const std::string& arn, const std::string& shard_id,
                                         std::int64_t after_position, std::size_t limit) override;
  std::int64_t latest_position(const std::string& arn, const std::string& shard_id) override;
  std::int64_t position_before_time(const std::string& arn, const std::string& shard_id,
                                    std::int64_t epoch_ms) override;
  // Moves after each commit that appended a record to the stream.
  std::uint64_t activity(const std::string& arn) const override;

 private:
  // The dispatcher asks for a mapping's stream several times per commit; reading (and parsing)
  // its row each time cost more than the dispatch itself. A stream's row changes only when the
  // stream is disabled or trimmed, which the dispatcher may see up to kStreamCacheFor late.
  static constexpr auto kStreamCacheFor = std::chrono::milliseconds(500);
  std::optional<StreamInfo> stream(store::Connection& c, const std::string& arn);

  struct Cached {
    std::chrono::steady_clock::time_point until;
    std::optional<StreamInfo> stream;
  };
  store::Database& db_;
  std::uint64_t commit_listener_ = 0;
  mutable std::mutex activity_mutex_;
  std::unordered_map<std::string, std::uint64_t> activity_;  // by stream ARN; absent: 1
  std::mutex cache_mutex_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace streamstack::streams
