// write_json must write exactly what nlohmann's dump(-1, ' ', false, replace) writes.
#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <random>

namespace streamstack::core {
namespace {

using nlohmann::json;

std::string reference(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

TEST(JsonWriter, WritesWhatDumpWritesForEveryKindOfValue) {
  json value = json::parse(R"({"b":true,"a":[1,-2,18446744073709551615,-9223372036854775808,1.5,0.1,1e300,null,false],
    "s":"plain","e":"quote \" backslash \\ slash / tab \t nl \n cr \r ff \f bs \b nul \u0000 \u001f del \u007f",
    "u":"é 漢字 😀","nested":{"z":{},"y":[],"x":[{"k":"v"}]},"":"empty key"})");
  EXPECT_EQ(to_json_text(value), reference(value));
}

TEST(JsonWriter, ReplacesInvalidUtf8AsDumpDoes) {
  for (std::string bad : {std::string("a\xff" "b"), std::string("\xc3"), std::string("\xed\xa0\x80"),
                          std::string("\xf4\x90\x80\x80"), std::string("\xe0\x80\xaf"), std::string("ok\xc3\xa9\x80")}) {
    json value = {{"k", bad}};
    EXPECT_EQ(to_json_text(value), reference(value)) << bad;
  }
}

TEST(JsonWriter, MatchesDumpOnRandomStrings) {
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 12, ' ');
    for (auto& c : s) c = static_cast<char>(rng() % 256);
    json value = json::array({s, {{s, s}}});
    ASSERT_EQ(to_json_text(value), reference(value)) << i;
  }
}

}  // namespace
}  // namespace streamstack::core
