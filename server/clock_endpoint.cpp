#include "clock_endpoint.h"

#include "core/clock.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

namespace streamstack::server {
namespace {

using nlohmann::json;

std::string iso8601(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return text;
}

// "2030-01-01T00:00:00Z", with optional fractional seconds and a "Z", "+hh:mm" or "-hh:mm"
// zone (none: UTC).
std::optional<std::int64_t> parse_iso8601(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  std::string_view rest(text);
  rest.remove_prefix(static_cast<std::size_t>(consumed));
  std::int64_t millis = 0;
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int digits = 0;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      if (digits < 3) millis = millis * 10 + (rest.front() - '0');
      ++digits;
      rest.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  std::int64_t zone_seconds = 0;
  if (rest == "Z" || rest.empty()) {
    rest = {};
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int hours = 0;
    int minutes = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &hours, &minutes) != 2)
      return std::nullopt;
    zone_seconds = (rest[0] == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  } else {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return (static_cast<std::int64_t>(seconds) - zone_seconds) * 1000 + millis;
}

ClockAnswer refused(const std::string& message) { return {400, json{{"message", message}}.dump()}; }

ClockAnswer now() {
  std::int64_t epoch_ms = core::Clock::now_millis();
  return {200, json{{"now", iso8601(epoch_ms)},
                    {"epochMillis", epoch_ms},
                    {"offsetMillis", core::Clock::offset_millis()}}
                   .dump()};
}

}  // namespace

ClockAnswer clock_endpoint(bool post, std::string_view body) {
  if (!post) return now();
  json request = json::parse(body, nullptr, false);
  if (request.is_discarded() || !request.is_object()) {
    return refused("Expected a JSON object: {\"advanceSeconds\": N} or {\"set\": \"<ISO-8601>\"}");
  }
  auto advance = request.find("advanceSeconds");
  auto set = request.find("set");
  if ((advance == request.end()) == (set == request.end())) {
    return refused("Expected exactly one of advanceSeconds and set");
  }
  if (advance != request.end()) {
    if (!advance->is_number() || advance->get<double>() < 0 ||
        !std::isfinite(advance->get<double>())) {
      return refused(
          "advanceSeconds must be a number of seconds, 0 or more: the clock only moves forward");
    }
    core::Clock::advance_for_tests(std::chrono::milliseconds(
        static_cast<std::int64_t>(std::llround(advance->get<double>() * 1000))));
    return now();
  }
  std::optional<std::int64_t> target =
      set->is_string() ? parse_iso8601(set->get<std::string>()) : std::nullopt;
  if (!target) return refused("set must be an ISO-8601 time, such as 2030-01-01T00:00:00Z");
  if (*target < core::Clock::now_millis()) {
    return refused("The clock only moves forward: it is " + iso8601(core::Clock::now_millis()) +
                   " already");
  }
  core::Clock::set_for_tests(*target);
  return now();
}

}  // namespace streamstack::server
