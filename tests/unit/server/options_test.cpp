#include "options.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

using streamstack::server::parse_options;

namespace {

std::optional<streamstack::server::Options> parse(std::vector<const char*> args, int& code) {
  args.insert(args.begin(), "streamstack");
  return parse_options(static_cast<int>(args.size()), const_cast<char**>(args.data()), code);
}

}  // namespace

TEST(Options, DefaultsMatchTheDocumentedOnes) {
  int code = -1;
  auto o = parse({}, code);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->host, "127.0.0.1");
  EXPECT_EQ(o->port, 4566);
  EXPECT_EQ(o->data, ".streamstack/streamstack.db");
}

TEST(Options, FlagsOverrideEnvironment) {
  setenv("STREAMSTACK_PORT", "5000", 1);
  setenv("STREAMSTACK_DATA", ":memory:", 1);
  int code = -1;
  auto o = parse({"--port", "0", "--log-level=debug"}, code);
  unsetenv("STREAMSTACK_PORT");
  unsetenv("STREAMSTACK_DATA");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->port, 0);
  EXPECT_EQ(o->data, ":memory:");
  EXPECT_EQ(o->log_level, "debug");
}

TEST(Options, KinesisErrorPercentIsAFlagAndAVariable) {
  int code = -1;
  EXPECT_EQ(parse({}, code)->kinesis_error_percent, 0);
  EXPECT_EQ(parse({"--kinesis-error-percent", "25"}, code)->kinesis_error_percent, 25);
  setenv("STREAMSTACK_KINESIS_ERROR_PERCENT", "50", 1);
  auto from_env = parse({}, code);
  auto flag_wins = parse({"--kinesis-error-percent=10"}, code);
  unsetenv("STREAMSTACK_KINESIS_ERROR_PERCENT");
  ASSERT_TRUE(from_env && flag_wins);
  EXPECT_EQ(from_env->kinesis_error_percent, 50);
  EXPECT_EQ(flag_wins->kinesis_error_percent, 10);
  EXPECT_FALSE(parse({"--kinesis-error-percent", "101"}, code));
  EXPECT_EQ(code, 2);
}

TEST(Options, BadValuesAreRefusedWithExitCode2) {
  int code = -1;
  EXPECT_FALSE(parse({"--port", "70000"}, code));
  EXPECT_EQ(code, 2);
  EXPECT_FALSE(parse({"--log-format", "xml"}, code));
  EXPECT_FALSE(parse({"--nope", "1"}, code));
}
