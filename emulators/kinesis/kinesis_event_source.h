#pragma once
// Kinesis streams as a source of the Lambda stream dispatcher (lambda/event_source.h). Records
// become AWS's Kinesis event records; positions are the records' per-shard seq_ix.
//
// The event names the function's execution role in `invokeIdentityArn`, which a stream does not
// know: it is `invoke_identity_arn` (a placeholder by default) for the dispatcher to replace.
#include "lambda/event_source.h"
#include "store/database.h"

#include <string>

namespace streamstack::kinesis {

inline constexpr const char* kPlaceholderInvokeIdentityArn =
    "arn:aws:iam::000000000000:role/lambda-role";

class KinesisEventSource : public lambda::EventSource {
 public:
  explicit KinesisEventSource(store::Database& db,
                              std::string invoke_identity_arn = kPlaceholderInvokeIdentityArn)
      : db_(db), invoke_identity_arn_(std::move(invoke_identity_arn)) {}

  // A stream ARN, or an enhanced fan-out consumer ARN of one (read as its stream).
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
  std::string invoke_identity_arn_;
};

}  // namespace streamstack::kinesis
