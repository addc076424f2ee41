#include "kinesis/operations/common.h"

#include "core/base64.h"
#include "core/clock.h"
#include "kinesis/errors.h"

namespace streamstack::kinesis {
namespace {

using nlohmann::json;

// NextTokens expire after 300 s (AWS's ListShards, ListStreams and ListStreamConsumers docs).
constexpr std::int64_t kNextTokenLifetimeMs = 300 * 1000;

}  // namespace

std::optional<std::string> stream_name_in_arn(std::string_view arn, std::string* region,
                                              std::string* account) {
  // arn:<partition>:kinesis:<region>:<account>:stream/<name>[/consumer/...]
  std::string_view parts[6];
  std::size_t from = 0;
  for (int i = 0; i < 5; ++i) {
    auto colon = arn.find(':', from);
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = arn.substr(from, colon - from);
    from = colon + 1;
  }
  parts[5] = arn.substr(from);
  if (parts[0] != "arn" || parts[2] != "kinesis" || parts[5].substr(0, 7) != "stream/") {
    return std::nullopt;
  }
  std::string_view name = parts[5].substr(7);
  name = name.substr(0, name.find('/'));
  if (name.empty()) return std::nullopt;
  if (region) *region = std::string(parts[3]);
  if (account) *account = std::string(parts[4]);
  return std::string(name);
}

StreamRef stream_ref(const core::RequestContext& context, const json& input) {
  if (const auto* arn = string_member(input, "StreamARN")) {
    std::string region, account;
    auto name = stream_name_in_arn(*arn, &region, &account);
    if (!name) return StreamRef{*arn, true};
    return StreamRef{*name, region != context.region || account != context.account_id};
  }
  const auto* name = string_member(input, "StreamName");
  return StreamRef{name ? *name : std::string(), false};
}

std::shared_ptr<const StreamInfo> require_stream(Env& env, const core::RequestContext& context,
                                                 const StreamRef& ref) {
  std::shared_ptr<const StreamInfo> stream;
  if (!ref.elsewhere) stream = env.catalog.find(context.scope(), ref.name);
  if (!stream) throw stream_not_found(ref.name, context.account_id);
  return stream;
}

StreamInfo require_stream(store::Connection& c, const core::RequestContext& context,
                          const StreamRef& ref) {
  std::optional<StreamInfo> stream;
  if (!ref.elsewhere) stream = load_stream(c, context.scope(), ref.name);
  if (!stream) throw stream_not_found(ref.name, context.account_id);
  return std::move(*stream);
}

void check_shard_limit(store::Connection& c, const Env& env, const core::RequestContext& context,
                       std::int64_t more) {
  std::int64_t current = open_shards_in_scope(c, context.scope());
  if (current + more <= env.options.shard_limit) return;
  throw limit_exceeded(
      "This request would exceed the shard limit for the account " + context.account_id + " in " +
      context.region + ". Current shard count for the account: " + std::to_string(current) +
      ". Limit: " + std::to_string(env.options.shard_limit) +
      ". Number of additional shards that would have resulted from this request: " +
      std::to_string(more) +
      ". Refer to the AWS Service Limits page "
      "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
      "and how to request higher limits.");
}

std::optional<std::int64_t> shard_index_of(std::string_view shard_id) {
  auto dash = shard_id.rfind('-');
  std::string_view digits = dash == std::string_view::npos ? shard_id : shard_id.substr(dash + 1);
  if (digits.empty() || digits.size() > 20) return std::nullopt;
  std::int64_t index = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + (c - '0');
    if (index > 2147483647) return std::nullopt;
  }
  return index;
}

json blob(const core::RequestContext& context, std::string_view bytes) {
  if (context.protocol == core::RequestContext::Protocol::kCbor) {
    return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  return core::base64_encode(bytes);
}

std::string_view blob_bytes(const json& value) {
  const auto& bytes = value.get_binary();
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

const std::string* string_member(const json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<std::int64_t> integer_member(const json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || !it->is_number()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::string make_next_token(json state) {
  state["t"] = core::Clock::now_millis();
  return core::base64_encode(state.dump());
}

json read_next_token(const std::string& token) {
  json state;
  if (core::base64_problem(token, core::PaddingInData::kInvalidCharacter).empty()) {
    state = json::parse(core::base64_decode(token), nullptr, false);
  }
  if (!state.is_object() || !state.contains("t") || !state["t"].is_number_integer()) {
    // AWS's text is unconfirmed.
    throw invalid_argument("Invalid NextToken.");
  }
  if (core::Clock::now_millis() - state["t"].get<std::int64_t>() > kNextTokenLifetimeMs) {
    throw kinesis_error("ExpiredNextTokenException", "The timestamp of the NextToken has expired.");
  }
  return state;
}

json stream_mode_details(const StreamInfo& stream) { return {{"StreamMode", stream.mode}}; }

json warm_throughput_json(const StreamInfo& stream) {
  json warm = {{"TargetMiBps", stream.warm_target_mibps}};
  if (stream.warm_current_mibps >= 0) warm["CurrentMiBps"] = stream.warm_current_mibps;
  return warm;
}

json shard_json(const ShardInfo& shard) {
  json out = {{"ShardId", shard.shard_id()},
              {"HashKeyRange",
               {{"StartingHashKey", to_decimal(shard.starting_hash_key)},
                {"EndingHashKey", to_decimal(shard.ending_hash_key)}}}};
  if (shard.parent_index >= 0) out["ParentShardId"] = shard_id_of(shard.parent_index);
  if (shard.adjacent_parent_index >= 0) {
    out["AdjacentParentShardId"] = shard_id_of(shard.adjacent_parent_index);
  }
  json range = {{"StartingSequenceNumber", shard.starting_sequence_number}};
  if (!shard.open()) range["EndingSequenceNumber"] = shard.ending_sequence_number;
  out["SequenceNumberRange"] = range;
  return out;
}

bool shard_expired(const StreamInfo& stream, const ShardInfo& shard, std::int64_t now_ms) {
  return !shard.open() && shard.closed_ms < stream.retention_cutoff_ms(now_ms);
}

}  // namespace streamstack::kinesis
