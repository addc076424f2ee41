// The one clock: it moves forward only, and tells its listeners when it moves.
#include "core/clock.h"

#include <gtest/gtest.h>

namespace streamstack::core {
namespace {

TEST(Clock, AdvancesForwardAndIgnoresAStepBack) {
  std::int64_t offset = Clock::offset_millis();
  Clock::advance_for_tests(std::chrono::seconds(30));
  EXPECT_EQ(Clock::offset_millis(), offset + 30'000);
  Clock::advance_for_tests(std::chrono::seconds(-10));
  EXPECT_EQ(Clock::offset_millis(), offset + 30'000);
}

TEST(Clock, IsSetToALaterTimeOnly) {
  std::int64_t later = Clock::now_millis() + 3'600'000;
  EXPECT_TRUE(Clock::set_for_tests(later));
  EXPECT_GE(Clock::now_millis(), later);
  EXPECT_LT(Clock::now_millis(), later + 60'000);
  EXPECT_FALSE(Clock::set_for_tests(later - 1'000));
  EXPECT_GE(Clock::now_millis(), later);
}

TEST(Clock, ListenersHearEachMoveUntilTheyLeave) {
  int heard = 0;
  std::uint64_t handle = Clock::on_change([&] { ++heard; });
  Clock::advance_for_tests(std::chrono::milliseconds(1));
  Clock::set_for_tests(Clock::now_millis() + 1'000);
  EXPECT_EQ(heard, 2);
  Clock::off_change(handle);
  Clock::advance_for_tests(std::chrono::milliseconds(1));
  EXPECT_EQ(heard, 2);
}

}  // namespace
}  // namespace streamstack::core
