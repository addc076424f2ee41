// GetRecords: the read hot path. One range scan of the shard's records on a read connection,
// encoded straight into the output (base64 text for JSON, byte strings for CBOR).
#include "core/clock.h"
#include "core/json_service.h"
#include "core/json_writer.h"
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/record_json.h"
#include "kinesis/record_store.h"
#include "kinesis/shard_iterator.h"

#include <ctime>

namespace streamstack::kinesis {
namespace {

constexpr std::int64_t kIteratorLifetimeMs = 300000;
constexpr std::int64_t kDefaultLimit = 10000;
// A response holds at most 10 MiB of data ([M] GetRecords docs).
constexpr std::size_t kMaxResponseBytes = 10 * 1024 * 1024;

// Java's Date.toString() in UTC: "Thu Jan 22 01:22:02 UTC 2015" (kinesalite getRecords.js).
std::string amz_utc(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buffer;
}

struct Page {
  json records = json::array();
  std::string text;  // the records as JSON text instead, for a JSON caller at the edge
  std::int64_t count = 0;
  std::int64_t last_seq_ix = -1;
  bool more = false;
  std::int64_t next_arrival_ms = 0;
};

Page read_page(Env& env, const Context& context, const StreamInfo& stream, const ShardInfo& shard,
               std::int64_t after, std::int64_t limit, std::int64_t now) {
  Page page;
  std::size_t bytes = 0;
  env.catalog.db().read([&](store::Connection& c) {
    for_each_record(c, shard.key, after, stream.retention_cutoff_ms(now), [&](const RecordView& r) {
      if (page.count >= limit || (page.count > 0 && bytes + r.data.size() > kMaxResponseBytes)) {
        page.more = true;
        page.next_arrival_ms = r.arrival_ms;
        return false;
      }
      bytes += r.data.size();
      ++page.count;
      page.last_seq_ix = r.seq_ix;
      if (context.raw_json_ok) {
        append_record_json(r, page.text);
        return true;
      }
      json record = json::object();
      record["SequenceNumber"] = r.sequence_number;
      record["ApproximateArrivalTimestamp"] = epoch_seconds(r.arrival_ms);
      record["Data"] = blob(context, r.data);
      record["PartitionKey"] = r.partition_key;
      if (r.kms) record["EncryptionType"] = "KMS";
      page.records.push_back(std::move(record));
      return true;
    });
  });
  return page;
}

}  // namespace

json get_records(Env& env, const Context& context, json& input) {
  auto state = decode_shard_iterator(input["ShardIterator"].get_ref<const std::string&>());
  std::int64_t now = core::Clock::now_millis();
  if (!state || state->created_ms > now + 1000) throw invalid_argument("Invalid ShardIterator.");
  if (now - state->created_ms > kIteratorLifetimeMs) {
    throw kinesis_error("ExpiredIteratorException",
                        "Iterator expired. The iterator was created at time " +
                            amz_utc(state->created_ms) + " while right now it is " + amz_utc(now) +
                            " which is further in the future than the tolerated delay of 300000 "
                            "milliseconds.");
  }
  std::string shard_id = shard_id_of(state->shard_index);
  auto stream = env.catalog.find(context.scope(), state->stream_name);
  const ShardInfo* shard = stream && stream->created_ms == state->stream_created_ms
                               ? stream->shard(state->shard_index)
                               : nullptr;
  if (!shard) throw shard_does_not_exist(shard_id, state->stream_name, context.account_id);

  std::int64_t limit = integer_member(input, "Limit").value_or(kDefaultLimit);
  Page page = read_page(env, context, *stream, *shard, state->after_seq_ix, limit, now);
  json out = {{"MillisBehindLatest", page.more ? std::max<std::int64_t>(now - page.next_arrival_ms, 0) : 0}};
  // At the end of a closed shard the reader is sent on to its children, with no iterator.
  if (!page.more && !shard->open()) {
    out["ChildShards"] = child_shards_json(*stream, *shard);
  } else {
    state->created_ms = now;
    if (page.last_seq_ix >= 0) state->after_seq_ix = page.last_seq_ix;
    out["NextShardIterator"] = encode_shard_iterator(*state);
  }
  if (!context.raw_json_ok) {
    out["Records"] = std::move(page.records);
    return out;
  }
  // {"ChildShards"?, "MillisBehindLatest", "NextShardIterator"?, "Records": [...]}
  std::string text = core::to_json_text(out);
  text.pop_back();
  text += R"(,"Records":[)";
  text += page.text;
  text += "]}";
  return core::raw_json(text);
}

}  // namespace streamstack::kinesis
