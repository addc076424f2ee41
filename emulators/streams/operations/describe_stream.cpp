// DescribeStream: the stream and a page of its shards.
#include "core/clock.h"
#include "streams/errors.h"
#include "streams/operations/lookup.h"
#include "streams/request.h"
#include "streams/service.h"

namespace streamstack::streams {
namespace {

struct ShardPage {
  const std::string* exclusive_start = nullptr;
  bool children_only = false;  // ShardFilter CHILD_SHARDS: the children of its ShardId
  std::size_t limit = 100;
};

// The shards in ShardId order (shard ids start with their creation time, so this is also
// creation order). An ExclusiveStartShardId that is not a shard of the stream gives an empty page,
// not an error (AWS; Alternator's tests).
nlohmann::json page_of_shards(const StreamInfo& stream, const ShardPage& page,
                              nlohmann::json& description) {
  std::vector<nlohmann::json> shards = {shard_description(stream)};
  std::size_t first = 0;
  if (page.exclusive_start != nullptr) {
    first = shards.size();
    for (std::size_t i = 0; i < shards.size(); ++i) {
      if (shards[i]["ShardId"] == *page.exclusive_start) first = i + 1;
    }
  }
  nlohmann::json listed = nlohmann::json::array();
  for (std::size_t i = first; i < shards.size(); ++i) {
    // A stream's one shard has no parent, so it is nobody's child.
    if (page.children_only) continue;
    if (listed.size() == page.limit) {
      description["LastEvaluatedShardId"] = listed.back()["ShardId"];
      break;
    }
    listed.push_back(std::move(shards[i]));
  }
  return listed;
}

}  // namespace

nlohmann::json describe_stream(store::Database& db, const core::RequestContext& context,
                               const nlohmann::json& input) {
  Request request(input);
  const std::string* arn = request.string("StreamArn");
  auto limit = request.integer("Limit");
  const std::string* start = request.string("ExclusiveStartShardId");
  const nlohmann::json* filter = request.structure("ShardFilter");
  const std::string* filter_type = nullptr;
  const std::string* filter_shard = nullptr;
  if (filter != nullptr) {
    Request filter_request(*filter);
    filter_type = filter_request.string("Type");
    filter_shard = filter_request.string("ShardId");
  }
  ConstraintErrors errors;
  errors.required(arn, "streamArn");
  errors.length(arn, "streamArn", 37, 1024);
  errors.at_least(limit, "limit", 1);
  errors.length(start, "exclusiveStartShardId", 28, 65);
  errors.one_of(filter_type, "shardFilter.type", {"CHILD_SHARDS"});
  errors.length(filter_shard, "shardFilter.shardId", 28, 65);
  errors.throw_if_any();
  if (limit && *limit > 100) throw invalid_parameter("Limit should be less than or equal to 100");

  std::int64_t now_ms = core::Clock::now_millis();
  StreamInfo stream =
      db.read([&](store::Connection& c) { return require_stream(c, context, *arn, now_ms); });
  nlohmann::json description = {
      {"StreamArn", stream.arn},
      {"StreamLabel", stream.label},
      {"StreamStatus", stream.status},
      {"StreamViewType", stream.view_type},
      {"CreationRequestDateTime", static_cast<double>(stream.created_ms) / 1000.0},
      {"TableName", stream.table_name},
      {"KeySchema", stream.key_schema},
  };
  ShardPage page{start, filter_type != nullptr, static_cast<std::size_t>(limit.value_or(100))};
  description["Shards"] = page_of_shards(stream, page, description);
  return {{"StreamDescription", std::move(description)}};
}

}  // namespace streamstack::streams
