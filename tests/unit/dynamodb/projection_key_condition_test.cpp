// ProjectionExpression (what apply() keeps, errors) and KeyConditionExpression (what DynamoDB
// reads from it, and what it refuses).
#include "expression_test_support.h"

#include <gtest/gtest.h>

#include <ostream>

namespace streamstack::dynamodb::expr {
namespace {

using testing::key_condition_error;
using testing::Params;
using testing::projection_error;

const json kItem = json::parse(R"({
  "a": {"S": "x"}, "n": {"N": "1"},
  "m": {"M": {"b": {"S": "y"}, "c": {"S": "z"}, "d": {"M": {"e": {"N": "2"}, "f": {"N": "3"}}}}},
  "l": {"L": [{"S": "l0"}, {"M": {"k": {"S": "v"}, "w": {"S": "u"}}}, {"S": "l2"}]},
  "name": {"S": "reserved"}
})");

json project(std::string_view text, const json& item = kItem) {
  Params params;
  params.names = json::parse(R"({"#n": "name", "#m": "m"})");
  Substitutions subs = params.substitutions();
  return parse_projection(text, subs)->apply(item);
}

struct ProjectionCase {
  const char* text;
  const char* expected;
};

void PrintTo(const ProjectionCase& c, std::ostream* os) { *os << c.text; }

class ProjectionApply : public ::testing::TestWithParam<ProjectionCase> {};

TEST_P(ProjectionApply, KeepsOnlyTheProjectedPaths) {
  EXPECT_EQ(project(GetParam().text), json::parse(GetParam().expected)) << GetParam().text;
}

const ProjectionCase kProjectionCases[] = {
    {"a", R"({"a": {"S": "x"}})"},
    {"a, n", R"({"a": {"S": "x"}, "n": {"N": "1"}})"},
    {"#n", R"({"name": {"S": "reserved"}})"},
    {"m.b", R"({"m": {"M": {"b": {"S": "y"}}}})"},
    {"#m.b, m.d.f", R"({"m": {"M": {"b": {"S": "y"}, "d": {"M": {"f": {"N": "3"}}}}}})"},
    {"l[2], l[0]", R"({"l": {"L": [{"S": "l0"}, {"S": "l2"}]}})"},
    {"l[1].k", R"({"l": {"L": [{"M": {"k": {"S": "v"}}}]}})"},
    {"l[1].k, l[2]", R"({"l": {"L": [{"M": {"k": {"S": "v"}}}, {"S": "l2"}]}})"},
    {"l[7]", R"({})"},
    {"l[1].absent", R"({})"},
    {"a.b", R"({})"},
    {"m[0]", R"({})"},
    {"l.k", R"({})"},
    {"absent, a", R"({"a": {"S": "x"}})"},
};

INSTANTIATE_TEST_SUITE_P(Semantics, ProjectionApply, ::testing::ValuesIn(kProjectionCases));

TEST(ProjectionApply, OfAMissingItemIsEmpty) { EXPECT_EQ(project("a, m.b", json::object()), json::object()); }

TEST(ProjectionPaths, AreResolvedInTheOrderWritten) {
  Params params;
  params.names = json::parse(R"({"#n": "name"})");
  Substitutions subs = params.substitutions();
  auto projection = parse_projection("l[1].k, #n, a", subs);
  ASSERT_EQ(projection->paths().size(), 3u);
  EXPECT_EQ(projection->paths()[0].size(), 3u);
  EXPECT_EQ(projection->paths()[0][0].name, "l");
  EXPECT_EQ(projection->paths()[0][1].index, std::optional<std::size_t>(1));
  EXPECT_EQ(projection->paths()[0][2].name, "k");
  EXPECT_EQ(projection->paths()[1][0].name, "name");
  EXPECT_EQ(projection->paths()[2][0].name, "a");
}

struct ErrorCase {
  const char* text;
  const char* expected;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.text; }

class ProjectionErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ProjectionErrors, ReportDynamoDBsMessage) {
  Params params;
  params.names = json::parse(R"({"#n": "name", "#a": "a"})");
  EXPECT_EQ(projection_error(GetParam().text, params), GetParam().expected) << GetParam().text;
}

const ErrorCase kProjectionErrorCases[] = {
    {"a, a.b",
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a], path two: [a, b]"},
    {"a.b, #a",
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a, b], path two: [a]"},
    {"a, #a",
     "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
     "rewrite one of these paths; path one: [a], path two: [a]"},
    {"a.b, a[0]",
     "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or "
     "rewrite one of these paths; path one: [a, b], path two: [a, [0]]"},
    {"name", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: "
             "name"},
    {"a.Year", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved "
               "keyword: Year"},
    {"#x",
     "Invalid ProjectionExpression: An expression attribute name used in the document path is not "
     "defined; attribute name: #x"},
    {"#n, a, m.b, l[0], l[1]", "<no error>"},
};

INSTANTIATE_TEST_SUITE_P(Errors, ProjectionErrors, ::testing::ValuesIn(kProjectionErrorCases));

Params key_params() {
  Params params;
  params.names = json::parse(R"({"#pk": "pk", "#data": "data"})");
  params.values = json::parse(R"({
    ":v": {"S": "p"}, ":w": {"S": "q"}, ":a": {"N": "1"}, ":b": {"N": "9"}, ":pre": {"S": "ab"}
  })");
  return params;
}

std::vector<KeyCondition> key_conditions(std::string_view text) {
  Params params = key_params();
  Substitutions subs = params.substitutions();
  return parse_key_condition(text, subs);
}

TEST(KeyCondition, ReadsAHashKeyEquality) {
  auto conditions = key_conditions("pk = :v");
  ASSERT_EQ(conditions.size(), 1u);
  EXPECT_EQ(conditions[0].attribute, "pk");
  EXPECT_EQ(conditions[0].op, KeyCondition::Op::kEq);
  EXPECT_EQ(conditions[0].value, json::parse(R"({"S": "p"})"));
}

TEST(KeyCondition, ReadsBetweenWithBothBounds) {
  auto conditions = key_conditions("#pk = :v AND sk BETWEEN :a AND :b");
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[1].attribute, "sk");
  EXPECT_EQ(conditions[1].op, KeyCondition::Op::kBetween);
  EXPECT_EQ(conditions[1].value, json::parse(R"({"N": "1"})"));
  EXPECT_EQ(conditions[1].value2, json::parse(R"({"N": "9"})"));
}

TEST(KeyCondition, AcceptsParenthesesAndBeginsWith) {
  auto conditions = key_conditions("(pk = :v) AND (begins_with(#data, :pre))");
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[1].attribute, "data");
  EXPECT_EQ(conditions[1].op, KeyCondition::Op::kBeginsWith);
  EXPECT_EQ(conditions[1].value, json::parse(R"({"S": "ab"})"));
}

TEST(KeyCondition, MirrorsAComparisonWrittenValueFirst) {
  struct Mirror {
    const char* text;
    KeyCondition::Op op;
  };
  const Mirror mirrors[] = {
      {":v = pk AND :a < sk", KeyCondition::Op::kGt},
      {":v = pk AND :a <= sk", KeyCondition::Op::kGe},
      {":v = pk AND :a > sk", KeyCondition::Op::kLt},
      {":v = pk AND :a >= sk", KeyCondition::Op::kLe},
      {"pk = :v AND sk < :a", KeyCondition::Op::kLt},
      {"pk = :v AND sk >= :a", KeyCondition::Op::kGe},
  };
  for (const Mirror& mirror : mirrors) {
    auto conditions = key_conditions(mirror.text);
    ASSERT_EQ(conditions.size(), 2u) << mirror.text;
    EXPECT_EQ(conditions[0].attribute, "pk") << mirror.text;
    EXPECT_EQ(conditions[0].op, KeyCondition::Op::kEq) << mirror.text;
    EXPECT_EQ(conditions[1].attribute, "sk") << mirror.text;
    EXPECT_EQ(conditions[1].op, mirror.op) << mirror.text;
  }
}

class KeyConditionErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(KeyConditionErrors, ReportDynamoDBsMessage) {
  EXPECT_EQ(key_condition_error(GetParam().text, key_params()), GetParam().expected)
      << GetParam().text;
}

const ErrorCase kKeyConditionErrorCases[] = {
    {"pk = :v OR sk = :w", "Invalid operator used in KeyConditionExpression: OR"},
    {"NOT pk = :v", "Invalid operator used in KeyConditionExpression: NOT"},
    {"pk <> :v", "Invalid operator used in KeyConditionExpression: <>"},
    {"pk IN (:v, :w)", "Invalid operator used in KeyConditionExpression: IN"},
    {"pk = :v AND attribute_exists(sk)",
     "Invalid operator used in KeyConditionExpression: attribute_exists"},
    {"contains(pk, :v)", "Invalid operator used in KeyConditionExpression: contains"},
    {"size(pk) = :a", "KeyConditionExpressions cannot contain nested operations"},
    {"pk = sk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
                "condition"},
    {"a.b = :v", "KeyConditionExpressions cannot have conditions on nested attributes"},
    {"l[0] = :v", "KeyConditionExpressions cannot have conditions on nested attributes"},
    {":a BETWEEN sk AND :b", "Invalid condition in KeyConditionExpression: BETWEEN operator must "
                             "have the key attribute as its first operand"},
    {"begins_with(:pre, sk)", "Invalid condition in KeyConditionExpression: begins_with operator "
                              "must have the key attribute as its first operand"},
    {":v = :w", "Invalid condition in KeyConditionExpression: No key attribute specified"},
    {"pk = :v AND pk = :w", "KeyConditionExpressions must only contain one condition per key"},
    {"pk = :v AND sk BETWEEN :b AND :a",
     "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than "
     "or equal to lower bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: "
     "AttributeValue: {N:1}"},
    {"pk = :nope",
     "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
     "defined; attribute value: :nope"},
    {"name = :v",
     "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
     "name"},
    {"begins_with(sk, :a)",
     "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator "
     "or function: begins_with, operand type: N"},
    {"pk = :v AND", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
    {"pk = :v AND sk = :w AND gsi = :a", "<no error>"},
};

INSTANTIATE_TEST_SUITE_P(Errors, KeyConditionErrors, ::testing::ValuesIn(kKeyConditionErrorCases));

}  // namespace
}  // namespace streamstack::dynamodb::expr
