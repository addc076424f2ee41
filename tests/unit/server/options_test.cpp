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

TEST(Options, AuthIsAnyUnlessVerifyIsAsked) {
  int code = -1;
  EXPECT_EQ(parse({}, code)->auth, "any");
  EXPECT_EQ(parse({"--auth", "verify"}, code)->auth, "verify");
  setenv("STREAMSTACK_AUTH", "verify", 1);
  auto from_env = parse({}, code);
  unsetenv("STREAMSTACK_AUTH");
  EXPECT_EQ(from_env->auth, "verify");
  EXPECT_FALSE(parse({"--auth", "sometimes"}, code));
  EXPECT_EQ(code, 2);
}

TEST(Options, CredentialsAddUpAndFlagsReplaceTheVariablesPairs) {
  int code = -1;
  auto o = parse({"--credentials", "AKID1:secret1", "--credentials=AKID2:sec:ret2"}, code);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->credentials, (std::vector<std::string>{"AKID1:secret1", "AKID2:sec:ret2"}));
  setenv("STREAMSTACK_CREDENTIALS", "ENV1:a,ENV2:b", 1);
  auto from_env = parse({}, code);
  auto flag_wins = parse({"--credentials", "AKID3:c"}, code);
  unsetenv("STREAMSTACK_CREDENTIALS");
  EXPECT_EQ(from_env->credentials, (std::vector<std::string>{"ENV1:a", "ENV2:b"}));
  EXPECT_EQ(flag_wins->credentials, (std::vector<std::string>{"AKID3:c"}));
  EXPECT_FALSE(parse({"--credentials", "no-secret"}, code));
  EXPECT_FALSE(parse({"--credentials", ":secret"}, code));
  EXPECT_EQ(code, 2);
}

TEST(Options, TemplateAndItsParametersAreFlagsAndVariables) {
  int code = -1;
  auto o = parse({"--template", "cdk.out/App.template.json", "--parameter", "Env=prod", "--parameter=Size=5=x"}, code);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->template_path, "cdk.out/App.template.json");
  EXPECT_EQ(o->parameters, (std::vector<std::string>{"Env=prod", "Size=5=x"}));
  setenv("STREAMSTACK_TEMPLATE", "t.json", 1);
  setenv("STREAMSTACK_PARAMETER", "Env=dev", 1);
  auto from_env = parse({"--parameter", "Env=prod"}, code);
  unsetenv("STREAMSTACK_TEMPLATE");
  unsetenv("STREAMSTACK_PARAMETER");
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->template_path, "t.json");
  // The flag comes after the variable, so its value wins when the template's values are read.
  EXPECT_EQ(from_env->parameters, (std::vector<std::string>{"Env=dev", "Env=prod"}));
  EXPECT_FALSE(parse({"--parameter", "=x"}, code));
  EXPECT_FALSE(parse({"--parameter", "Env"}, code));
  EXPECT_EQ(code, 2);
}

TEST(Options, LambdaConcurrencyConnectionCapAndHeaderTimeoutAreFlagsAndVariables) {
  int code = -1;
  auto defaults = parse({}, code);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->lambda_concurrency, 1000);
  EXPECT_EQ(defaults->max_connections, 10000u);
  EXPECT_EQ(defaults->header_timeout_ms, 10000);
  setenv("STREAMSTACK_LAMBDA_CONCURRENCY", "50", 1);
  setenv("STREAMSTACK_MAX_CONNECTIONS", "20", 1);
  auto from_env = parse({"--header-timeout-ms", "500"}, code);
  auto flag_wins = parse({"--lambda-concurrency=7"}, code);
  unsetenv("STREAMSTACK_LAMBDA_CONCURRENCY");
  unsetenv("STREAMSTACK_MAX_CONNECTIONS");
  ASSERT_TRUE(from_env && flag_wins);
  EXPECT_EQ(from_env->lambda_concurrency, 50);
  EXPECT_EQ(from_env->max_connections, 20u);
  EXPECT_EQ(from_env->header_timeout_ms, 500);
  EXPECT_EQ(flag_wins->lambda_concurrency, 7);
  EXPECT_FALSE(parse({"--lambda-concurrency", "0"}, code));
  EXPECT_EQ(code, 2);
}
