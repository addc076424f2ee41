// PutRecord and PutRecords: the write hot path. The stream comes from the metadata cache, every
// record of a request is appended in one transaction, and nothing is re-encoded on the way.
#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/record_store.h"
#include "kinesis/sequence_number.h"

#include <random>

namespace streamstack::kinesis {
namespace {

// PutRecords' request limit on data plus partition keys ([M] docs: 5 MiB, or up to the
// stream's largest record when that is more: "up to 10 MiB per record and per request").
constexpr std::size_t kMaxRequestBytes = 5 * 1024 * 1024;

std::size_t request_limit(const StreamInfo& stream) {
  return std::max(kMaxRequestBytes, static_cast<std::size_t>(stream.max_record_kib) * 1024);
}

// Writes are refused unless the stream is ACTIVE or UPDATING, as if it did not exist
// (kinesalite actions/putRecord.js, test/createStream.js against AWS).
std::shared_ptr<const StreamInfo> writable_stream(Env& env, const Context& context,
                                                  const StreamRef& ref) {
  auto stream = require_stream(env, context, ref);
  if (stream->status != "ACTIVE" && stream->status != "UPDATING") {
    throw stream_not_found(ref.name, context.account_id);
  }
  return stream;
}

HashKey hash_key_of(const std::string& partition_key, const std::string* explicit_hash_key) {
  if (!explicit_hash_key) return partition_key_hash(partition_key);
  auto key = parse_hash_key(*explicit_hash_key);
  if (!key) {
    throw invalid_argument(
        "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified "
        "value was " + *explicit_hash_key);
  }
  return *key;
}

void check_sequence_for_ordering(const json& input, const StreamInfo& stream,
                                 const Context& context) {
  const auto* seq = string_member(input, "SequenceNumberForOrdering");
  if (!seq) return;
  auto parsed = parse_sequence_number(*seq);
  // A number from the future cannot be a previous record's (kinesalite actions/putRecord.js).
  bool future = parsed && parsed->kind != ParsedSequence::Kind::kLegacy &&
                parsed->fields.arrival_s * 1000 > core::Clock::now_millis();
  if (!parsed || future) {
    throw invalid_argument("ExclusiveMinimumSequenceNumber " + *seq + " used in PutRecord on stream " +
                           stream.name + " under account " + context.account_id + " is invalid.");
  }
}

// A record is limited to the stream's maximum record size, data and partition key together.
// Data alone over it gets the validation error AWS gave for the 1 MiB data limit; AWS's text
// for a key that tips it over is unconfirmed.
void check_record_size(const StreamInfo& stream, const std::string& partition_key,
                       std::string_view data, const std::string& path) {
  std::size_t max = static_cast<std::size_t>(stream.max_record_kib) * 1024;
  if (data.size() > max) {
    auto n = std::to_string(data.size());
    throw validation_error("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=" +
                           n + " cap=" + n + "]' at '" + path +
                           "' failed to satisfy constraint: Member must have length less than or "
                           "equal to " + std::to_string(max));
  }
  if (data.size() + partition_key.size() > max) {
    throw invalid_argument("Record size (data and partition key) exceeds the maximum of " +
                           std::to_string(max) + " bytes.");
  }
}

void trim_if_due(Env& env, store::Connection& c, const StreamInfo& stream, std::int64_t now) {
  if (!env.catalog.trim_due(stream.key, now)) return;
  for (const auto& shard : stream.shards) trim_shard(c, shard.key, stream.retention_cutoff_ms(now));
}

// The stream as the writer sees it; a stream deleted or recreated meanwhile is not found.
std::shared_ptr<const StreamInfo> in_write(Env& env, store::Connection& c,
                                           const std::shared_ptr<const StreamInfo>& snapshot,
                                           const Context& context) {
  auto stream = env.catalog.current(c, snapshot);
  if (!stream || stream->key != snapshot->key ||
      (stream->status != "ACTIVE" && stream->status != "UPDATING")) {
    throw stream_not_found(snapshot->name, context.account_id);
  }
  return stream;
}

bool throttled(const Env& env) {
  if (env.options.throughput_error_percent <= 0) return false;
  thread_local std::mt19937 random(std::random_device{}());
  return static_cast<int>(random() % 100) < env.options.throughput_error_percent;
}

}  // namespace

json put_record(Env& env, const Context& context, json& input) {
  auto snapshot = writable_stream(env, context, stream_ref(context, input));
  const auto& partition_key = input["PartitionKey"].get_ref<const std::string&>();
  const auto* explicit_hash_key = string_member(input, "ExplicitHashKey");
  HashKey hash = hash_key_of(partition_key, explicit_hash_key);
  check_sequence_for_ordering(input, *snapshot, context);
  std::string_view data = blob_bytes(input["Data"]);
  check_record_size(*snapshot, partition_key, data, "data");
  std::int64_t now = core::Clock::now_millis();
  return env.catalog.db().write([&](store::Connection& c) {
    auto stream = in_write(env, c, snapshot, context);
    const ShardInfo* shard = stream->shard_for(hash);
    if (!shard) throw core::ApiError::internal();
    RecordAppender appender(c, *stream);
    auto sequence_number = appender.append(*shard, partition_key, data,
                                           explicit_hash_key ? *explicit_hash_key : "", now);
    trim_if_due(env, c, *stream, now);
    json out = {{"ShardId", shard->shard_id()}, {"SequenceNumber", std::move(sequence_number)}};
    // Only an encrypted stream's answer says so (kinesalite test/putRecord.js, against AWS).
    if (stream->encrypted()) out["EncryptionType"] = "KMS";
    return out;
  });
}

json put_records(Env& env, const Context& context, json& input) {
  auto snapshot = writable_stream(env, context, stream_ref(context, input));
  auto& records = input["Records"];
  std::vector<HashKey> hashes;
  hashes.reserve(records.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& record = records[i];
    const auto& partition_key = record["PartitionKey"].get_ref<const std::string&>();
    hashes.push_back(hash_key_of(partition_key, string_member(record, "ExplicitHashKey")));
    std::string_view data = blob_bytes(record["Data"]);
    check_record_size(*snapshot, partition_key, data,
                      "records." + std::to_string(i + 1) + ".member.data");
    total += data.size() + partition_key.size();
  }
  if (total > request_limit(*snapshot)) {
    // moto's words; AWS's text is unconfirmed.
    throw invalid_argument("Records size exceeds " + std::to_string(request_limit(*snapshot) / (1024 * 1024)) +
                           " MB limit");
  }
  std::int64_t now = core::Clock::now_millis();
  return env.catalog.db().write([&](store::Connection& c) {
    auto stream = in_write(env, c, snapshot, context);
    RecordAppender appender(c, *stream);
    json results = json::array();
    int failed = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const ShardInfo* shard = stream->shard_for(hashes[i]);
      if (!shard || throttled(env)) {
        // Each entry fails on its own; the rest of the request is still written ([M] docs).
        ++failed;
        results.push_back(
            shard ? json{{"ErrorCode", "ProvisionedThroughputExceededException"},
                         {"ErrorMessage", "Rate exceeded for shard " + shard->shard_id() +
                                              " in stream " + stream->name + " under account " +
                                              context.account_id + "."}}
                  : json{{"ErrorCode", "InternalFailure"}, {"ErrorMessage", "Internal Service Failure"}});
        continue;
      }
      const auto& record = records[i];
      const auto* explicit_hash_key = string_member(record, "ExplicitHashKey");
      auto sequence_number = appender.append(
          *shard, record["PartitionKey"].get_ref<const std::string&>(), blob_bytes(record["Data"]),
          explicit_hash_key ? *explicit_hash_key : "", now);
      results.push_back({{"ShardId", shard->shard_id()}, {"SequenceNumber", std::move(sequence_number)}});
    }
    trim_if_due(env, c, *stream, now);
    json out = {{"FailedRecordCount", failed}, {"Records", std::move(results)}};
    if (stream->encrypted()) out["EncryptionType"] = "KMS";
    return out;
  });
}

}  // namespace streamstack::kinesis
