// Enhanced fan-out consumers: RegisterStreamConsumer, DescribeStreamConsumer,
// ListStreamConsumers, DeregisterStreamConsumer. A consumer is CREATING (DELETING) for the stream
// delay, until its timer settles it (lifecycle.h). Where AWS's texts are unknown, kinesis-mock's
// are used.
#include "core/clock.h"
#include "kinesis/consumer_rows.h"
#include "kinesis/errors.h"
#include "kinesis/lifecycle.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/tag_rules.h"
#include "kinesis/subscription.h"

namespace streamstack::kinesis {
namespace {

// AWS's quotas ([M] RegisterStreamConsumer docs).
constexpr int kMaxConsumers = 20;
constexpr int kMaxCreating = 5;
constexpr std::int64_t kDefaultMaxResults = 100;

using Consumer = ConsumerRow;

std::vector<Consumer> select(store::Connection& c, const std::string& where, std::int64_t key,
                             const std::string& text = "") {
  return select_consumers(c, where, key, text);
}

json consumer_json(const Consumer& consumer) {
  return {{"ConsumerName", consumer.name},
          {"ConsumerARN", consumer.arn},
          {"ConsumerStatus", consumer.status},
          {"ConsumerCreationTimestamp", static_cast<double>(consumer.created_s)}};
}

StreamRef arn_ref(const Context& context, const std::string& arn) {
  json input = {{"StreamARN", arn}};
  return stream_ref(context, input);
}

// The consumer a request names by ConsumerARN, or by StreamARN and ConsumerName.
std::pair<StreamInfo, Consumer> find_consumer(store::Connection& c, const Context& context,
                                              const json& input) {
  const auto* consumer_arn = string_member(input, "ConsumerARN");
  const auto* stream_arn = string_member(input, "StreamARN");
  const auto* name = string_member(input, "ConsumerName");
  if (!consumer_arn && !(stream_arn && name)) {
    throw invalid_argument("ConsumerArn or both ConsumerName and StreamARN are required for this request.");
  }
  std::string arn_text = consumer_arn ? *consumer_arn : *stream_arn;
  StreamInfo stream = require_stream(c, context, arn_ref(context, arn_text));
  auto found = consumer_arn ? select(c, "WHERE stream_key = ? AND arn = ?", stream.key, *consumer_arn)
                            : select(c, "WHERE stream_key = ? AND name = ?", stream.key, *name);
  if (found.empty()) {
    throw resource_not_found("Consumer " + (consumer_arn ? *consumer_arn : *name) + " under stream " +
                             stream.name + " under account " + context.account_id + " not found.");
  }
  return {std::move(stream), std::move(found.front())};
}

}  // namespace

std::optional<std::string> consumer_status(store::Connection& c, const StreamInfo& stream,
                                           const std::string& consumer_arn) {
  auto found = select(c, "WHERE stream_key = ? AND arn = ?", stream.key, consumer_arn);
  if (found.empty()) return std::nullopt;
  return found.front().status;
}

json register_stream_consumer(Env& env, const Context& context, json& input) {
  const auto& arn = input["StreamARN"].get_ref<const std::string&>();
  const auto& name = input["ConsumerName"].get_ref<const std::string&>();
  return env.catalog.db().write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, arn_ref(context, arn));
    auto consumers = select(c, "WHERE stream_key = ?", stream.key);
    int creating = 0;
    for (const auto& consumer : consumers) {
      if (consumer.name == name) throw resource_in_use("Consumer " + name + " exists");
      creating += consumer.status == "CREATING" ? 1 : 0;
    }
    if (static_cast<int>(consumers.size()) >= kMaxConsumers) {
      throw limit_exceeded("Only 20 consumers can be registered to a stream at once");
    }
    if (creating >= kMaxCreating) throw limit_exceeded("Only 5 consumers can be created at the same time");
    std::int64_t now = core::Clock::now_millis();
    Consumer consumer{0, stream.key, name, "", env.options.stream_delay_ms > 0 ? "CREATING" : "ACTIVE",
                      now + env.options.stream_delay_ms, now / 1000};
    // arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<creation epoch s>
    consumer.arn = stream.arn + "/consumer/" + name + ":" + std::to_string(consumer.created_s);
    c.prepare(
         "INSERT INTO kinesis_consumers (stream_key, name, arn, status, status_until_ms, created_s) "
         "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, consumer.stream_key)
        .bind_text(2, consumer.name)
        .bind_text(3, consumer.arn)
        .bind_text(4, consumer.status)
        .bind(5, consumer.status_until_ms)
        .bind(6, consumer.created_s)
        .run();
    consumer.key = c.last_insert_rowid();
    if (auto tags = input.find("Tags"); tags != input.end()) put_consumer_tags(c, consumer.key, *tags, consumer.arn);
    if (consumer.status != "ACTIVE") env.lifecycle.schedule_consumer(consumer.key, consumer.status_until_ms);
    return json{{"Consumer", consumer_json(consumer)}};
  });
}

json describe_stream_consumer(Env& env, const Context& context, json& input) {
  return env.catalog.db().read([&](store::Connection& c) {
    auto [stream, consumer] = find_consumer(c, context, input);
    json description = consumer_json(consumer);
    description["StreamARN"] = stream.arn;
    return json{{"ConsumerDescription", description}};
  });
}

json list_stream_consumers(Env& env, const Context& context, json& input) {
  std::int64_t limit = integer_member(input, "MaxResults").value_or(kDefaultMaxResults);
  std::string after;
  if (const auto* token = string_member(input, "NextToken")) after = read_next_token(*token).value("k", "");
  return env.catalog.db().read([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, arn_ref(context, input["StreamARN"].get<std::string>()));
    auto consumers = select(c, "WHERE stream_key = ? ORDER BY name", stream.key);
    json list = json::array();
    bool more = false;
    for (const auto& consumer : consumers) {
      if (consumer.name <= after) continue;
      if (static_cast<std::int64_t>(list.size()) == limit) {
        more = true;
        break;
      }
      list.push_back(consumer_json(consumer));
    }
    json out = {{"Consumers", list}};
    if (more) out["NextToken"] = make_next_token({{"k", list.back()["ConsumerName"]}});
    return out;
  });
}

json deregister_stream_consumer(Env& env, const Context& context, json& input) {
  std::string arn, not_found;
  env.catalog.db().write([&](store::Connection& c) {
    auto [stream, consumer] = find_consumer(c, context, input);
    arn = consumer.arn;
    not_found = "Consumer " + consumer.arn + " under stream " + stream.name + " under account " +
                context.account_id + " not found.";
    if (env.options.stream_delay_ms == 0) {
      delete_consumer_row(c, consumer);
      return;
    }
    std::int64_t until = core::Clock::now_millis() + env.options.stream_delay_ms;
    c.prepare("UPDATE kinesis_consumers SET status = 'DELETING', status_until_ms = ? WHERE consumer_key = ?")
        .bind(1, until)
        .bind(2, consumer.key)
        .run();
    env.lifecycle.schedule_consumer(consumer.key, until);
  });
  // Its subscriptions end at once, even while it is DELETING (inferred: AWS's words for it are
  // unconfirmed, and these are its words for a consumer that is not there).
  env.subscriptions.end_consumer(arn, {"ResourceNotFoundException", not_found});
  return nullptr;
}

}  // namespace streamstack::kinesis
