// Handler libraries loaded with dlopen: the example (built as its own CMake project, as a user
// builds it) works end to end; libraries that do not fit are refused at load with a message
// that names the library and the reason, before any of their code runs.
#include "handlers/sdk/host/handler_registry.h"
#include "test_host.h"

#include <gtest/gtest.h>

namespace streamstack::handlers {
namespace {

using nlohmann::json;

std::string load_error(HandlerRegistry& registry, const std::string& path) {
  try {
    registry.load_library(path);
  } catch (const HandlerLibraryError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(HandlerLibrary, ExampleLibraryRegistersAndRunsItsHandler) {
  HandlerRegistry registry;
  registry.load_library(EXAMPLE_HANDLER_LIBRARY);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"change_logger.handler", "visit_counter.handler"}));

  testing::FakeDynamoDb db;
  db.add_table("stream-demo-table");
  testing::TestHost host(db);
  Context context(host);
  testing::fill_test_context(context);
  const auto* handler = registry.find("visit_counter.handler");
  ASSERT_NE(handler, nullptr);
  auto first = (*handler)({{"page", "home"}}, context);
  auto second = (*handler)({{"page", "home"}}, context);
  EXPECT_TRUE(second.ok);
  EXPECT_EQ(first.result, (json{{"page", "home"}, {"visits", 1}}));
  EXPECT_EQ(second.result, (json{{"page", "home"}, {"visits", 2}}));
  EXPECT_EQ(host.lines, (std::vector<std::string>{"page home has 1 visits", "page home has 2 visits"}));
  EXPECT_EQ(db.item("stream-demo-table", "home"), (json{{"itemKey", {{"S", "home"}}}, {"visits", {{"N", "2"}}}}));
}

TEST(HandlerLibrary, ExceptionsInsideTheLibraryComeBackAsTheOutcome) {
  HandlerRegistry registry;
  registry.load_library(EXAMPLE_HANDLER_LIBRARY);
  testing::FakeDynamoDb db;
  testing::TestHost host(db);
  Context context(host);
  testing::fill_test_context(context);
  auto outcome = (*registry.find("visit_counter.handler"))({{"nopage", 1}}, context);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_type, "std::invalid_argument");
  EXPECT_EQ(outcome.error_message, "the event needs a \"page\" string");
  // The table does not exist in the fake: DynamoDB's error surfaces as botocore's ClientError.
  auto missing = (*registry.find("visit_counter.handler"))({{"page", "p"}}, context);
  EXPECT_EQ(missing.error_type, "ClientError");
  EXPECT_EQ(missing.error_message,
            "An error occurred (ResourceNotFoundException) when calling the UpdateItem operation: Requested resource "
            "not found");
}

TEST(HandlerLibrary, LoadingTheSameLibraryTwiceIsHarmless) {
  HandlerRegistry registry;
  registry.load_library(EXAMPLE_HANDLER_LIBRARY);
  registry.load_library(EXAMPLE_HANDLER_LIBRARY);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"change_logger.handler", "visit_counter.handler"}));
}

// The example's stream consumer logs each record's event, keys and images, "-" for an image the
// record does not carry.
TEST(HandlerLibrary, ExampleChangeLoggerLogsEachStreamRecord) {
  HandlerRegistry registry;
  registry.load_library(EXAMPLE_HANDLER_LIBRARY);
  testing::FakeDynamoDb db;
  testing::TestHost host(db);
  Context context(host);
  testing::fill_test_context(context);
  json keys = {{"itemKey", {{"S", "1"}}}};
  json image = {{"itemKey", {{"S", "1"}}}, {"name", {{"S", "a"}}}};
  json event = {{"Records",
                 {{{"eventName", "INSERT"}, {"dynamodb", {{"Keys", keys}, {"NewImage", image}}}},
                  {{"eventName", "REMOVE"}, {"dynamodb", {{"Keys", keys}, {"OldImage", image}}}}}}};
  auto outcome = (*registry.find("change_logger.handler"))(event, context);
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.result, (json{{"batchItemFailures", json::array()}}));
  EXPECT_EQ(host.lines, (std::vector<std::string>{R"(INSERT {"itemKey":"1"} - -> {"itemKey":"1","name":"a"})",
                                                  R"(REMOVE {"itemKey":"1"} {"itemKey":"1","name":"a"} -> -)"}));
}

TEST(HandlerLibrary, WrongAbiVersionIsRefusedBeforeItsCodeRuns) {
  HandlerRegistry registry;
  EXPECT_EQ(load_error(registry, BAD_ABI_HANDLERS_LIBRARY),
            std::string("handler library ") + BAD_ABI_HANDLERS_LIBRARY +
                " cannot be used: it was built for handler ABI version 999, but this streamstack speaks version 1; "
                "rebuild it against this streamstack's handlers/sdk/include");
  EXPECT_TRUE(registry.names().empty());
}

TEST(HandlerLibrary, OtherNlohmannJsonVersionIsRefused) {
  HandlerRegistry registry;
  EXPECT_EQ(load_error(registry, OLD_JSON_HANDLERS_LIBRARY),
            std::string("handler library ") + OLD_JSON_HANDLERS_LIBRARY +
                " cannot be used: it was built with nlohmann_json 3.9.5, but this streamstack uses " +
                std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR) +
                "." + std::to_string(NLOHMANN_JSON_VERSION_PATCH) +
                " (handlers exchange nlohmann::json with it); rebuild it with nlohmann_json " +
                std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR) +
                "." + std::to_string(NLOHMANN_JSON_VERSION_PATCH));
}

TEST(HandlerLibrary, LibraryWithoutTheEntryPointsIsRefused) {
  HandlerRegistry registry;
  EXPECT_EQ(load_error(registry, NOT_HANDLERS_LIBRARY),
            std::string("handler library ") + NOT_HANDLERS_LIBRARY +
                " is not a streamstack handler library: it exports no streamstack_handlers_abi (define its "
                "handlers with STREAMSTACK_HANDLERS from <streamstack/handlers/abi.h>)");
}

TEST(HandlerLibrary, MissingFileIsRefusedWithTheLoadersReason) {
  HandlerRegistry registry;
  auto error = load_error(registry, "/nonexistent/libnothing.so");
  EXPECT_EQ(error.rfind("handler library /nonexistent/libnothing.so cannot be loaded: ", 0), 0u) << error;
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
}

TEST(HandlerLibrary, RegistrationThatThrowsIsRefusedWithItsMessage) {
  HandlerRegistry registry;
  EXPECT_EQ(load_error(registry, THROWING_HANDLERS_LIBRARY),
            std::string("handler library ") + THROWING_HANDLERS_LIBRARY +
                ": registering handlers failed: no TABLE configured");
}

TEST(HandlerLibrary, HandlerNameTakenByTheEmulatorIsRefused) {
  HandlerRegistry registry;
  registry.register_builtin([](Registrar& r) {
    r.register_handler("visit_counter.handler", [](const json&, Context&) { return json(); });
  });
  EXPECT_EQ(load_error(registry, EXAMPLE_HANDLER_LIBRARY),
            std::string("handler library ") + EXAMPLE_HANDLER_LIBRARY +
                ": registering handlers failed: handler \"visit_counter.handler\" is already registered by the "
                "emulator");
}

}  // namespace
}  // namespace streamstack::handlers
