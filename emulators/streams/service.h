#pragma once
// DynamoDB Streams over JSON 1.0: `DynamoDBStreams_20120810.<Operation>` for ListStreams,
// DescribeStream, GetShardIterator and GetRecords. Every operation only reads: records are
// written by DynamoDB's item writes (change_capture.h), streams by its table operations.
#include "core/json_service.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace streamstack::streams {

class StreamsService : public core::JsonService {
 public:
  explicit StreamsService(store::Database& db) : db_(db) {}

  nlohmann::json invoke(const core::RequestContext& context, std::string_view operation,
                        nlohmann::json& input) override;
  bool has_operation(std::string_view operation) const override;

  // The tables of streams and their records (schema versions 200-249).
  static std::vector<store::Migration> migrations();

 private:
  store::Database& db_;
};

// The operations, each in its own file under operations/.
nlohmann::json list_streams(store::Database&, const core::RequestContext&, const nlohmann::json&);
nlohmann::json describe_stream(store::Database&, const core::RequestContext&,
                               const nlohmann::json&);
nlohmann::json get_shard_iterator(store::Database&, const core::RequestContext&,
                                  const nlohmann::json&);
nlohmann::json get_records(store::Database&, const core::RequestContext&, const nlohmann::json&);

}  // namespace streamstack::streams
