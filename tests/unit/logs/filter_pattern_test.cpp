#include "logs/filter_pattern.h"

#include "core/api_error.h"

#include <gtest/gtest.h>

using streamstack::logs::FilterPattern;

TEST(FilterPattern, EveryTermMustAppear) {
  FilterPattern p("ERROR disk");
  EXPECT_TRUE(p.matches("ERROR: disk full"));
  EXPECT_FALSE(p.matches("ERROR: timeout"));
}

TEST(FilterPattern, TermsAreCaseSensitive) { EXPECT_FALSE(FilterPattern("ERROR").matches("error")); }

TEST(FilterPattern, QuotedPhrasesStayWhole) {
  FilterPattern p(R"("disk full" ERROR)");
  EXPECT_TRUE(p.matches("ERROR disk full"));
  EXPECT_FALSE(p.matches("ERROR full disk"));
}

TEST(FilterPattern, QuestionMarkTermsAreAlternatives) {
  FilterPattern p("?WARN ?ERROR");
  EXPECT_TRUE(p.matches("WARN slow"));
  EXPECT_TRUE(p.matches("ERROR x"));
  EXPECT_FALSE(p.matches("INFO x"));
}

TEST(FilterPattern, MinusTermsExclude) {
  FilterPattern p("disk -ERROR");
  EXPECT_TRUE(p.matches("INFO disk ok"));
  EXPECT_FALSE(p.matches("ERROR disk full"));
}

TEST(FilterPattern, EmptyMatchesEverything) {
  EXPECT_TRUE(FilterPattern("").matches("anything"));
  EXPECT_TRUE(FilterPattern("   ").matches(""));
}

TEST(FilterPattern, JsonAndSpaceDelimitedPatternsAreRefused) {
  EXPECT_THROW(FilterPattern("{ $.level = \"ERROR\" }"), streamstack::core::ApiError);
  EXPECT_THROW(FilterPattern("[ip, user]"), streamstack::core::ApiError);
  EXPECT_THROW(FilterPattern("\"unclosed"), streamstack::core::ApiError);
}
