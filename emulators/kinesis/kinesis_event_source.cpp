#include "kinesis/kinesis_event_source.h"

#include "core/base64.h"
#include "kinesis/kinesis_store.h"
#include "kinesis/stream_info.h"

namespace streamstack::kinesis {
namespace {

std::string region_of(const std::string& scope) { return scope.substr(scope.find('/') + 1); }

}  // namespace

bool KinesisEventSource::handles(const std::string& arn) const {
  return arn.rfind("arn:", 0) == 0 && arn.find(":kinesis:") != std::string::npos &&
         locate_stream(arn).has_value();
}

bool KinesisEventSource::exists(const std::string& arn) {
  auto where = locate_stream(arn);
  return where && db_.read([&](store::Connection& c) {
           return load_stream(c, where->scope, where->name).has_value();
         });
}

std::vector<lambda::SourceShard> KinesisEventSource::shards(const std::string& arn) {
  std::vector<lambda::SourceShard> out;
  auto where = locate_stream(arn);
  if (!where) return out;
  auto lineage = db_.read(
      [&](store::Connection& c) { return stream_shards(c, where->scope, where->name); });
  if (!lineage) return out;
  for (const auto& shard : *lineage) {
    out.push_back({shard.shard_id, shard.parent_shard_id, shard.closed, shard.adjacent_parent_shard_id});
  }
  return out;
}

std::vector<lambda::SourceRecord> KinesisEventSource::read(const std::string& arn,
                                                           const std::string& shard_id,
                                                           std::int64_t after_position,
                                                           std::size_t limit) {
  std::vector<lambda::SourceRecord> out;
  auto where = locate_stream(arn);
  if (!where) return out;
  auto records = db_.read([&](store::Connection& c) {
    return read_shard(c, where->scope, where->name, shard_id, after_position, limit);
  });
  std::string stream_arn_text = stream_arn(region_of(where->scope),
                                           where->scope.substr(0, where->scope.find('/')), where->name);
  for (auto& r : records) {
    // AWS's Kinesis event record (Lambda developer guide; streams-lambda reference §2.2).
    nlohmann::json record = {
        {"kinesis",
         {{"kinesisSchemaVersion", "1.0"},
          {"partitionKey", r.partition_key},
          {"sequenceNumber", r.sequence_number},
          {"data", core::base64_encode(r.data)},
          {"approximateArrivalTimestamp", static_cast<double>(r.arrival_ms) / 1000.0}}},
        {"eventSource", "aws:kinesis"},
        {"eventVersion", "1.0"},
        {"eventID", shard_id + ":" + r.sequence_number},
        {"eventName", "aws:kinesis:record"},
        {"invokeIdentityArn", invoke_identity_arn_},
        {"awsRegion", region_of(where->scope)},
        {"eventSourceARN", stream_arn_text}};
    std::size_t size = record.dump().size();
    out.push_back({r.position, r.sequence_number, r.arrival_ms, std::move(record), size});
  }
  return out;
}

std::int64_t KinesisEventSource::latest_position(const std::string& arn,
                                                 const std::string& shard_id) {
  auto where = locate_stream(arn);
  if (!where) return 0;
  return db_.read([&](store::Connection& c) {
    return kinesis::latest_position(c, where->scope, where->name, shard_id);
  });
}

std::int64_t KinesisEventSource::position_before_time(const std::string& arn,
                                                      const std::string& shard_id,
                                                      std::int64_t epoch_ms) {
  auto where = locate_stream(arn);
  if (!where) return 0;
  return db_.read([&](store::Connection& c) {
    return kinesis::position_before_time(c, where->scope, where->name, shard_id, epoch_ms);
  });
}

}  // namespace streamstack::kinesis
