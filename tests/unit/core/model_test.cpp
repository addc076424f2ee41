// The service-independent part of the model tables: lookups and the constraint checks.
#include "core/model/constraints.h"
#include "core/model/shapes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace streamstack::core::model {
namespace {

constexpr Member kMembers[] = {{"Name", 1, true}};
constexpr Shape kShapes[] = {
    {.name = "GetThingInput", .kind = Kind::kStructure, .members = kMembers},
    {.name = "Name", .kind = Kind::kString, .min = 3, .max = 255, .pattern = "[a-zA-Z0-9_.-]+"},
};
constexpr OperationInput kOperations[] = {{"GetThing", 0}};
constexpr ShapeTable kTable{kShapes, kOperations};

TEST(ShapeTable, FindsOperationInputsAndShapesByName) {
  ASSERT_NE(kTable.input_shape("GetThing"), nullptr);
  EXPECT_EQ(kTable.input_shape("GetThing")->name, "GetThingInput");
  EXPECT_EQ(kTable.input_shape("PutThing"), nullptr);
  ASSERT_NE(kTable.find_shape("Name"), nullptr);
  EXPECT_EQ(kTable.find_shape("Name")->max, 255);
  EXPECT_EQ(kTable.find_shape("Nam"), nullptr);
  EXPECT_EQ(kTable.shape(kTable.shape(0).members[0].shape).name, "Name");
}

TEST(Constraints, JavaLengthCountsUtf16CodeUnits) {
  EXPECT_EQ(java_length(""), 0u);
  EXPECT_EQ(java_length("abc"), 3u);
  EXPECT_EQ(java_length("h\xC3\xA9"), 2u);         // é: one unit
  EXPECT_EQ(java_length("\xE6\xBC\xA2"), 1u);      // 漢: one unit
  EXPECT_EQ(java_length("\xF0\x9F\x98\x80"), 2u);  // 😀: a surrogate pair
}

TEST(Constraints, HandMatchedPatternsAgreeWithTheRegex) {
  for (std::string text : {"", "a", "my-table_1.x", "bad name", "tab\xC3\xA9", "-"}) {
    EXPECT_EQ(matches_pattern("[a-zA-Z0-9_.-]+", text),
              matches_pattern("([a-zA-Z0-9_.-]+)", text)) << text;
  }
  std::vector<std::string> decimals = {"0", "1", "10", "01", "", "12a", std::string(39, '9'),
                                       std::string(40, '9')};
  for (const std::string& text : decimals) {
    EXPECT_EQ(matches_pattern("0|([1-9]\\d{0,38})", text),
              matches_pattern("(0|([1-9]\\d{0,38}))", text)) << text;
  }
  EXPECT_TRUE(matches_pattern("0|([1-9]\\d{0,128})", std::string(129, '1')));
  EXPECT_FALSE(matches_pattern("0|([1-9]\\d{0,128})", std::string(130, '1')));
}

}  // namespace
}  // namespace streamstack::core::model
