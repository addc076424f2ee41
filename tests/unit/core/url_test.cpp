#include "core/url.h"

#include <gtest/gtest.h>

namespace streamstack::core {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(QueryString, DecodesPlusAsSpaceAndPercentEscapes) {
  EXPECT_EQ(parse_query_string("email=test%2Balias@gmail.com&plus=a+b&space=foo%20bar"),
            (Pairs{{"email", "test+alias@gmail.com"}, {"plus", "a b"}, {"space", "foo bar"}}));
}

TEST(QueryString, KeepsRepeatedKeysInOrder) {
  EXPECT_EQ(parse_query_string("price=10&price=20&price=30"),
            (Pairs{{"price", "10"}, {"price", "20"}, {"price", "30"}}));
}

TEST(QueryString, AKeyWithoutValueIsEmptyAndEmptyKeysAreDropped) {
  EXPECT_EQ(parse_query_string("flag&=x&&a="), (Pairs{{"flag", ""}, {"a", ""}}));
}

TEST(QueryString, StopsAtTheFragment) {
  EXPECT_EQ(parse_query_string("zhash=abort/#&ignored=1"), (Pairs{{"zhash", "abort/"}}));
}

TEST(QueryString, LeavesBrokenEscapesAsTheyAre) {
  EXPECT_EQ(parse_query_string("a=%&b=%zz&c=%4"), (Pairs{{"a", "%"}, {"b", "%zz"}, {"c", "%4"}}));
}

TEST(QueryParameter, IsTheFirstValueOfTheDecodedKey) {
  EXPECT_EQ(query_parameter("Marker=a%2Bb&Marker=c", "Marker"), "a+b");
  EXPECT_EQ(query_parameter("Function%4Eame=f+1", "FunctionName"), "f 1");
  EXPECT_EQ(query_parameter("MaxItems=1", "Marker"), "");
}

TEST(PercentDecode, PlusStaysAPlusInPaths) { EXPECT_EQ(percent_decode("a+b%2Fc%41"), "a+b/cA"); }

TEST(PathSegments, IgnoreOneLeadingAndOneTrailingSlash) {
  EXPECT_EQ(path_segments("/a/b/"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(path_segments("/"), std::vector<std::string_view>{});
  EXPECT_EQ(path_segments(""), std::vector<std::string_view>{});
  EXPECT_EQ(path_segments("//a"), (std::vector<std::string_view>{"", "a"}));
}

}  // namespace
}  // namespace streamstack::core
