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

TEST(Options, BadValuesAreRefusedWithExitCode2) {
  int code = -1;
  EXPECT_FALSE(parse({"--port", "70000"}, code));
  EXPECT_EQ(code, 2);
  EXPECT_FALSE(parse({"--log-format", "xml"}, code));
  EXPECT_FALSE(parse({"--nope", "1"}, code));
}
