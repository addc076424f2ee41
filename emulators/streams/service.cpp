#include "streams/service.h"

#include "streams/stream_catalog.h"

namespace streamstack::streams {

bool StreamsService::has_operation(std::string_view operation) const {
  return operation == "ListStreams" || operation == "DescribeStream" ||
         operation == "GetShardIterator" || operation == "GetRecords";
}

nlohmann::json StreamsService::invoke(const core::RequestContext& context,
                                      std::string_view operation, nlohmann::json& input) {
  if (operation == "ListStreams") return list_streams(db_, context, input);
  if (operation == "DescribeStream") return describe_stream(db_, context, input);
  if (operation == "GetShardIterator") return get_shard_iterator(db_, context, input);
  if (operation == "GetRecords") return get_records(db_, context, input);
  throw core::ApiError::unknown_operation();
}

std::vector<store::Migration> StreamsService::migrations() { return streams::migrations(); }

}  // namespace streamstack::streams
