// ListStreams: the readable streams of the caller's account and region, or of one table.
#include "core/clock.h"
#include "streams/errors.h"
#include "streams/operations/lookup.h"
#include "streams/request.h"
#include "streams/service.h"

namespace streamstack::streams {

nlohmann::json list_streams(store::Database& db, const core::RequestContext& context,
                            const nlohmann::json& input) {
  Request request(input);
  const std::string* table_name = request.string("TableName");
  auto limit = request.integer("Limit");
  const std::string* start = request.string("ExclusiveStartStreamArn");
  ConstraintErrors errors;
  errors.table_name(table_name, "tableName");
  errors.at_least(limit, "limit", 1);
  errors.length(start, "exclusiveStartStreamArn", 37, 1024);
  errors.throw_if_any();
  // The model sets no upper bound; the service refuses more than 100 (Alternator's tests, run
  // against AWS). The wording is DynamoDB Local's for GetRecords' bound.
  if (limit && *limit > 100) throw invalid_parameter("Limit should be less than or equal to 100");
  if (start != nullptr) check_stream_arn_shape(*start);

  StreamListing listing;
  std::string scope = context.scope();
  listing.scope = scope;
  if (table_name != nullptr) listing.table_name = *table_name;
  if (start != nullptr) listing.exclusive_start = *start;
  listing.limit = static_cast<std::size_t>(limit.value_or(100)) + 1;
  listing.now_ms = core::Clock::now_millis();
  // A table without streams, or no such table, lists nothing (AWS answers an empty list for a
  // table that never had a stream; an unknown table is not checked).
  auto streams = db.read([&](store::Connection& c) { return list_streams(c, listing); });

  nlohmann::json result = {{"Streams", nlohmann::json::array()}};
  std::size_t page = listing.limit - 1;
  for (std::size_t i = 0; i < streams.size() && i < page; ++i) {
    result["Streams"].push_back({{"StreamArn", streams[i].arn},
                                 {"TableName", streams[i].table_name},
                                 {"StreamLabel", streams[i].label}});
  }
  if (streams.size() > page) result["LastEvaluatedStreamArn"] = streams[page - 1].arn;
  return result;
}

}  // namespace streamstack::streams
