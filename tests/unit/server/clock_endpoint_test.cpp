// POST /_streamstack/clock: its requests, its answers and its refusals.
#include "clock_endpoint.h"

#include "core/clock.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace streamstack::server {
namespace {

using nlohmann::json;

json answer_of(const ClockAnswer& answer) { return json::parse(answer.body); }

TEST(ClockEndpoint, GetAnswersTheClock) {
  ClockAnswer answer = clock_endpoint(false, "");
  EXPECT_EQ(answer.status, 200);
  json body = answer_of(answer);
  EXPECT_EQ(body["offsetMillis"], core::Clock::offset_millis());
  EXPECT_NEAR(body["epochMillis"].get<double>(), static_cast<double>(core::Clock::now_millis()),
              5'000);
  EXPECT_EQ(body["now"].get<std::string>().size(), std::string("2030-01-01T00:00:00.000Z").size());
}

TEST(ClockEndpoint, AdvanceSecondsMovesTheClockForward) {
  std::int64_t offset = core::Clock::offset_millis();
  ClockAnswer answer = clock_endpoint(true, R"({"advanceSeconds": 90.5})");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer_of(answer)["offsetMillis"], offset + 90'500);
}

TEST(ClockEndpoint, SetTakesIso8601WithAZoneOrFraction) {
  ClockAnswer answer = clock_endpoint(true, R"({"set": "2099-01-01T00:00:00Z"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  json body = answer_of(answer);
  EXPECT_EQ(body["now"].get<std::string>().substr(0, 16), "2099-01-01T00:00");
  EXPECT_GE(body["epochMillis"].get<std::int64_t>(), 4'070'908'800'000);
  answer = clock_endpoint(true, R"({"set": "2099-01-01T03:00:00.250+02:00"})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_GE(answer_of(answer)["epochMillis"].get<std::int64_t>(), 4'070'912'400'250);
}

TEST(ClockEndpoint, RefusesToMoveBackOrToGuess) {
  EXPECT_EQ(clock_endpoint(true, R"({"set": "2001-01-01T00:00:00Z"})").status, 400);
  EXPECT_EQ(answer_of(clock_endpoint(true, R"({"advanceSeconds": -1})"))["message"],
            "advanceSeconds must be a number of seconds, 0 or more: the clock only moves forward");
  EXPECT_EQ(answer_of(clock_endpoint(true, R"({"set": "tomorrow"})"))["message"],
            "set must be an ISO-8601 time, such as 2030-01-01T00:00:00Z");
  EXPECT_EQ(answer_of(clock_endpoint(
                true, R"({"advanceSeconds": 1, "set": "2100-01-01T00:00:00Z"})"))["message"],
            "Expected exactly one of advanceSeconds and set");
  EXPECT_EQ(clock_endpoint(true, "not json").status, 400);
}

}  // namespace
}  // namespace streamstack::server
