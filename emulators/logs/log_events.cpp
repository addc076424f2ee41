// PutLogEvents, GetLogEvents, FilterLogEvents.
#include "core/clock.h"
#include "logs/errors.h"
#include "logs/filter_pattern.h"
#include "logs/service.h"
#include "logs/service_support.h"

#include <cinttypes>
#include <cstdio>
#include <limits>
#include <set>

namespace streamstack::logs {

using namespace detail;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
// How many events one FilterLogEvents call examines at most before it answers with a token, so
// a pattern that matches little never holds a request for long (AWS pages the same way).
constexpr std::size_t kFilterScanLimit = 100000;
constexpr std::size_t kFilterBatch = 1000;

// An event's position as 56 digits, the length of AWS's event ids and tokens.
std::string position_digits(const EventPosition& p) {
  char text[64];
  std::snprintf(text, sizeof text, "%020" PRId64 "%036" PRId64, p.timestamp, p.id);
  return text;
}

std::optional<EventPosition> parse_digits(std::string_view digits) {
  if (digits.size() != 56) return std::nullopt;
  for (char c : digits)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  return EventPosition{std::stoll(std::string(digits.substr(0, 20))), std::stoll(std::string(digits.substr(20)))};
}

// GetLogEvents' tokens: f/<position>/s reads forward after it, b/<position>/s backward before it.
struct Token {
  bool forward = true;
  EventPosition position;
};

Token parse_token(const std::string& text) {
  std::optional<EventPosition> position;
  if (text.size() == 60 && (text[0] == 'f' || text[0] == 'b') && text[1] == '/' && text.compare(58, 2, "/s") == 0)
    position = parse_digits(std::string_view(text).substr(2, 56));
  if (!position) throw invalid_parameter("The specified nextToken is invalid.");
  return {text[0] == 'f', *position};
}

std::string token_text(bool forward, const EventPosition& p) {
  return std::string(forward ? "f/" : "b/") + position_digits(p) + "/s";
}

json output_event(const LogEventRow& e) {
  return {{"timestamp", e.timestamp}, {"message", e.message}, {"ingestionTime", e.ingestion_time}};
}

EventRange range_input(const json& input, bool end_exclusive) {
  EventRange range;
  range.start_time = integer_input(input, "startTime");
  range.end_time = integer_input(input, "endTime");
  if (range.end_time && end_exclusive) *range.end_time -= 1;
  return range;
}

}  // namespace

json LogsService::put_log_events(const core::RequestContext& context, const json& input) {
  auto group = require_group(*store_, context, string_input(input, "logGroupName").value_or(""));
  auto stream = store_->find_stream(group.id, string_input(input, "logStreamName").value_or(""));
  if (!stream) throw log_stream_not_found();
  auto it = input.find("logEvents");
  if (it == input.end() || !it->is_array() || it->empty())
    throw invalid_parameter("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: "
                            "Member must not be null");
  std::vector<std::pair<std::int64_t, std::string>> events;
  for (const auto& e : *it) {
    if (!e.is_object()) throw logs_error("SerializationException", "");
    auto timestamp = integer_input(e, "timestamp");
    auto message = string_input(e, "message");
    if (!timestamp || !message) throw invalid_parameter("Log event must have a timestamp and a message");
    if (!events.empty() && *timestamp < events.back().first)
      throw invalid_parameter("Log events in a single PutLogEvents request must be in chronological order.");
    events.emplace_back(*timestamp, *message);
  }
  store_->append(group.id, stream->id, events, core::Clock::now_millis());
  return {{"nextSequenceToken", "4963" + std::string(48, '0') + std::to_string(1000 + stream->id % 9000)}};
}

json LogsService::get_log_events(const core::RequestContext& context, const json& input) {
  auto group = require_group(*store_, context, group_name_input(input));
  auto stream = store_->find_stream(group.id, string_input(input, "logStreamName").value_or(""));
  if (!stream) throw log_stream_not_found();
  auto limit = limit_input(input, 10000, 10000);
  auto range = range_input(input, true);
  Token token;
  if (auto text = string_input(input, "nextToken")) {
    token = parse_token(*text);
  } else if (boolean_input(input, "startFromHead", false)) {
    token = {true, {std::numeric_limits<std::int64_t>::min(), 0}};
  } else {
    // Without a token AWS answers the newest events.
    token = {false, {kMaxTime, 0}};
  }
  auto events = token.forward ? store_->stream_events_after(stream->id, token.position, range, limit)
                              : store_->stream_events_before(stream->id, token.position, range, limit);
  json out = {{"events", json::array()}};
  for (const auto& e : events) out["events"].push_back(output_event(e));
  // With nothing read, both tokens stay where the caller was: reading on returns the same token,
  // which is how clients know they reached the end.
  EventPosition first = token.position, last = token.position;
  if (!events.empty()) {
    first = {events.front().timestamp, events.front().id};
    last = {events.back().timestamp, events.back().id};
  } else if (first.timestamp < 0 || first.timestamp == kMaxTime) {
    first = last = {0, 0};
  }
  out["nextForwardToken"] = token_text(true, last);
  out["nextBackwardToken"] = token_text(false, first);
  return out;
}

json LogsService::filter_log_events(const core::RequestContext& context, const json& input) {
  auto group = require_group(*store_, context, group_name_input(input));
  std::set<std::string> names;
  if (auto it = input.find("logStreamNames"); it != input.end() && !it->is_null()) {
    if (!it->is_array()) throw logs_error("SerializationException", "");
    for (const auto& n : *it)
      if (n.is_string()) names.insert(n.get<std::string>());
  }
  auto prefix = string_input(input, "logStreamNamePrefix");
  if (!names.empty() && prefix)
    throw invalid_parameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  FilterPattern pattern(string_input(input, "filterPattern").value_or(""));
  auto limit = limit_input(input, 10000, 10000);
  auto range = range_input(input, false);

  EventPosition after{std::numeric_limits<std::int64_t>::min(), 0};
  if (auto token = string_input(input, "nextToken")) {
    auto position = parse_digits(*token);
    if (!position) throw invalid_parameter("The specified nextToken is invalid.");
    after = *position;
  }
  json events = json::array();
  std::size_t scanned = 0;
  bool more = false;
  while (true) {
    auto batch = store_->group_events_after(group.id, after, range, kFilterBatch);
    bool full = false;
    for (const auto& e : batch) {
      after = {e.timestamp, e.id};
      ++scanned;
      if (!names.empty() && !names.count(e.stream_name)) continue;
      if (prefix && e.stream_name.compare(0, prefix->size(), *prefix) != 0) continue;
      if (!pattern.matches(e.message)) continue;
      json event = {{"logStreamName", e.stream_name}, {"eventId", position_digits(after)}};
      event.update(output_event(e));
      events.push_back(std::move(event));
      if ((full = events.size() == limit)) break;
    }
    if (full) {
      more = !store_->group_events_after(group.id, after, range, 1).empty();
      break;
    }
    if (batch.size() < kFilterBatch) break;
    if (scanned >= kFilterScanLimit) {
      more = true;
      break;
    }
  }
  json out = {{"events", std::move(events)}, {"searchedLogStreams", json::array()}};
  if (more) out["nextToken"] = position_digits(after);
  return out;
}

}  // namespace streamstack::logs
