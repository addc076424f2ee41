#pragma once
// What the operations share: their environment, how a request names a stream or a shard, and how
// blobs and timestamps are written in each protocol.
#include "core/request_context.h"
#include "kinesis/stream_catalog.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::kinesis {

struct Options {
  // How long CREATING, UPDATING and DELETING last (and a consumer's CREATING); 0 = at once.
  std::int64_t stream_delay_ms = 0;
  // Open shards allowed per account and region (AWS's default quota in its larger regions).
  int shard_limit = 500;
  int on_demand_stream_limit = 50;
  // Percent of PutRecords entries answered ProvisionedThroughputExceededException, for testing
  // producers' retries. AWS never throttles here by default, and neither do we.
  int throughput_error_percent = 0;
  // How long a SubscribeToShard subscription lasts (AWS ends it after 5 minutes), and the
  // longest it stays silent: an event goes out as soon as records arrive, else after this long
  // with no records (AWS sends one at least every 5 s).
  std::int64_t subscription_ms = 300000;
  std::int64_t subscription_heartbeat_ms = 2000;
  // One SubscribeToShard call per this long per consumer and shard; a call this long after a
  // successful one takes its subscription over ([API] SubscribeToShard: 1 s and 5 s).
  std::int64_t subscribe_interval_ms = 1000;
  std::int64_t subscription_takeover_ms = 5000;
  // Whether a timer thread settles transient statuses when they are due (lifecycle.h); unit
  // tests that move core::Clock turn it off and call KinesisService::settle_due themselves.
  bool settle_on_timer = true;
};

class SubscriptionRegistry;
class Lifecycle;

struct Env {
  StreamCatalog& catalog;
  const Options& options;
  SubscriptionRegistry& subscriptions;  // SubscribeToShard's open subscriptions
  Lifecycle& lifecycle;                 // where transient statuses are scheduled to end
};

// The stream a request names by StreamName or StreamARN. An ARN of another account or region
// names a stream that is not found (with its name in the message, as AWS words it).
struct StreamRef {
  std::string name;
  bool elsewhere = false;
};
StreamRef stream_ref(const core::RequestContext& context, const nlohmann::json& input);
// The name inside a stream ARN ("arn:aws:kinesis:us-east-1:123456789012:stream/name").
std::optional<std::string> stream_name_in_arn(std::string_view arn, std::string* region = nullptr,
                                              std::string* account = nullptr);

// The stream, or ResourceNotFoundException "Stream <name> under account <acct> not found.".
std::shared_ptr<const StreamInfo> require_stream(Env& env, const core::RequestContext& context,
                                                 const StreamRef& ref);
// Inside a transaction.
StreamInfo require_stream(store::Connection& c, const core::RequestContext& context,
                          const StreamRef& ref);

// LimitExceededException when `more` open shards would take the account and region past its
// shard limit (kinesalite actions/createStream.js, against AWS). 64-bit: a ShardCount is
// clamped to 2^31-1 before it gets here, and must not wrap past the check.
void check_shard_limit(store::Connection& c, const Env& env, const core::RequestContext& context,
                       std::int64_t more);

// A shard named the way AWS accepts it: the digits after the last '-' ("shardId-000000000001",
// "shard-1", "1"), at most 2147483647 (kinesalite test/getShardIterator.js, against AWS).
std::optional<std::int64_t> shard_index_of(std::string_view shard_id);

// A blob for the output: base64 text in JSON, a byte string in CBOR.
nlohmann::json blob(const core::RequestContext& context, std::string_view bytes);
// The bytes of a validated blob member (json binary).
std::string_view blob_bytes(const nlohmann::json& value);
// A timestamp for the output: epoch seconds with a millisecond fraction (the CBOR encoder turns
// the members that are timestamps into tag 1 + integer milliseconds).
inline double epoch_seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

const std::string* string_member(const nlohmann::json& input, const char* name);
std::optional<std::int64_t> integer_member(const nlohmann::json& input, const char* name);

// Opaque, expiring NextToken of the List operations: base64 of {"k": <position>, "t": <ms>, ...}.
std::string make_next_token(nlohmann::json state);
// The token's state; InvalidArgumentException when it is not one of ours, and
// ExpiredNextTokenException after 300 s, as AWS documents.
nlohmann::json read_next_token(const std::string& token);

nlohmann::json stream_mode_details(const StreamInfo& stream);
// {"TargetMiBps", "CurrentMiBps"} of an on-demand stream with warm throughput.
nlohmann::json warm_throughput_json(const StreamInfo& stream);
// A Shard of DescribeStream and ListShards.
nlohmann::json shard_json(const ShardInfo& shard);
// Closed shards whose records have all passed retention are no longer listed.
bool shard_expired(const StreamInfo& stream, const ShardInfo& shard, std::int64_t now_ms);

}  // namespace streamstack::kinesis
