// Syntax errors of every expression kind, with DynamoDB's token / near wording: the offending
// token quoted between its neighbours, whitespace included.
#include "expression_test_support.h"

#include <gtest/gtest.h>

#include <ostream>

namespace streamstack::dynamodb::expr {
namespace {

using testing::condition_error;
using testing::key_condition_error;
using testing::Params;
using testing::projection_error;
using testing::update_error;

struct SyntaxCase {
  char kind;  // C(ondition), U(pdate), P(rojection), K(ey condition)
  const char* text;
  const char* expected;
};

void PrintTo(const SyntaxCase& c, std::ostream* os) { *os << c.text; }

std::string error_for(const SyntaxCase& c) {
  Params params;
  params.values = json::parse(R"({":v": {"S": "x"}, ":w": {"S": "y"}})");
  switch (c.kind) {
    case 'C': return condition_error(c.text, params);
    case 'U': return update_error(c.text, params);
    case 'P': return projection_error(c.text, params);
    default: return key_condition_error(c.text, params);
  }
}

class ExpressionSyntax : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(ExpressionSyntax, ReportsTheOffendingTokenAndItsNeighbours) {
  EXPECT_EQ(error_for(GetParam()), GetParam().expected) << GetParam().text;
}

const SyntaxCase kSyntaxCases[] = {
    {'C', "foo", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"foo\""},
    {'C', "a = :v a", "Invalid ConditionExpression: Syntax error; token: \"a\", near: \":v a\""},
    {'C', "attribute_type()",
     "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""},
    {'C', "a == b", "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== b\""},
    {'C', "a = b c", "Invalid ConditionExpression: Syntax error; token: \"c\", near: \"b c\""},
    {'C', "(a = b", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"b\""},
    {'C', "a BETWEEN :v",
     "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":v\""},
    {'C', "a IN :v", "Invalid ConditionExpression: Syntax error; token: \":v\", near: \"IN :v\""},
    {'C', "_a = :v", "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_a\""},
    {'C', "a = \xC3\xA9",
     "Invalid ConditionExpression: Syntax error; token: \"\xC3\xA9\", near: \"= \xC3\xA9\""},
    {'C', "a = :v OR", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"OR\""},
    {'C', "a[01] = :v", "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"01]\""},
    {'C', "NOT a", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\""},
    {'C', "a = :v AND",
     "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
    {'C', "a < > :v", "Invalid ConditionExpression: Syntax error; token: \">\", near: \"< > :v\""},
    {'C', "(a) AND b = :v",
     "Invalid ConditionExpression: Syntax error; token: \"AND\", near: \") AND b\""},
    {'C', "a = (b = :v)",
     "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"b = :v\""},
    {'C', "a = b + :v", "Invalid ConditionExpression: Syntax error; token: \"+\", near: \"b + :v\""},
    {'C', "a.in = :v", "Invalid ConditionExpression: Syntax error; token: \"in\", near: \".in =\""},
    {'C', "a IN ()", "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\""},
    {'C', "size(a) > :v extra",
     "Invalid ConditionExpression: Syntax error; token: \"extra\", near: \":v extra\""},
    {'C', "   ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"   \""},
    {'C', "a = 'str'",
     "Invalid ConditionExpression: Syntax error; token: \"'str'\", near: \"= 'str'\""},
    {'C', "a[-1] = :v", "Invalid ConditionExpression: Syntax error; token: \"-\", near: \"[-1\""},
    {'C', "a = :v,", "Invalid ConditionExpression: Syntax error; token: \",\", near: \":v,\""},
    {'C', "contains(a :v)",
     "Invalid ConditionExpression: Syntax error; token: \":v\", near: \"a :v)\""},
    {'C', "(a = :v) = :w",
     "Invalid ConditionExpression: Syntax error; token: \"=\", near: \") = :w\""},
    {'C', "a = :v\n\tAND", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""},
    {'U', "SET", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\""},
    {'U', "SET a = ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"= \""},
    {'U', "SET a = VALUE 1",
     "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"VALUE 1\""},
    {'U', "SET a = list_append(a, 0)",
     "Invalid UpdateExpression: Syntax error; token: \"0\", near: \", 0)\""},
    {'U', "set a[1] = \"eight\"",
     "Invalid UpdateExpression: Syntax error; token: \"\"eight\"\", near: \"= \"eight\"\""},
    {'U', "set a = b + c + d",
     "Invalid UpdateExpression: Syntax error; token: \"+\", near: \"c + d\""},
    {'U', "set a = b / c", "Invalid UpdateExpression: Syntax error; token: \"/\", near: \"b / c\""},
    {'U', "remove a = b", "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = b\""},
    {'U', "whatever",
     "Invalid UpdateExpression: Syntax error; token: \"whatever\", near: \"whatever\""},
    {'U', "SET a = :v, ", "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \", \""},
    {'U', "add a = b", "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = b\""},
    {'U', "delete a b", "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\""},
    {'U', "set (a = (b + c))",
     "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"set (a\""},
    {'U', "set a = (b.c).d + e",
     "Invalid UpdateExpression: Syntax error; token: \".\", near: \").d\""},
    {'U', "SET if_not_exist(a, b) = a",
     "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"if_not_exist(a\""},
    {'U', "SET a = b REMOVE",
     "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"REMOVE\""},
    {'U', "SET a = b - - c", "Invalid UpdateExpression: Syntax error; token: \"-\", near: \"- - c\""},
    {'U', "REMOVE a, SET b = :v",
     "Invalid UpdateExpression: Syntax error; token: \"SET\", near: \", SET b\""},
    {'U', "SET a = (b + c) + d",
     "Invalid UpdateExpression: Syntax error; token: \"+\", near: \") + d\""},
    {'U', "ADD a (:v)", "Invalid UpdateExpression: Syntax error; token: \"(\", near: \"a (:v\""},
    {'P', "l[a]", "Invalid ProjectionExpression: Syntax error; token: \"a\", near: \"[a]\""},
    {'P', "l[]", "Invalid ProjectionExpression: Syntax error; token: \"]\", near: \"[]\""},
    {'P', "a,,b", "Invalid ProjectionExpression: Syntax error; token: \",\", near: \",,b\""},
    {'P', "a b", "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\""},
    {'P', "(a)", "Invalid ProjectionExpression: Syntax error; token: \"(\", near: \"(a\""},
    {'K', "pk = :v a", "Invalid KeyConditionExpression: Syntax error; token: \"a\", near: \":v a\""},
    {'K', "pk = ", "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""},
};

INSTANTIATE_TEST_SUITE_P(AllKinds, ExpressionSyntax, ::testing::ValuesIn(kSyntaxCases));

class RedundantParentheses : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(RedundantParentheses, AreRefusedWhereDynamoDBRefusesThem) {
  EXPECT_EQ(error_for(GetParam()), GetParam().expected) << GetParam().text;
}

const SyntaxCase kParenthesesCases[] = {
    {'C', "((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'C', "((a)) = :v", "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'C', "size(((a))) = :v",
     "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'C', "NOT ((a = :v))", "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'U', "SET a = ((b))", "Invalid UpdateExpression: The expression has redundant parentheses;"},
    {'U', "SET a = ((b + :v))",
     "Invalid UpdateExpression: The expression has redundant parentheses;"},
    // Reported when the outer pair closes, before a later syntax error.
    {'C', "((a = :v)) b", "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'C', "(a = :v)", "<no error>"},
    {'C', "((a = :v) AND (b = :w))", "<no error>"},
    {'C', "(a) = :v", "<no error>"},
    {'C', "((a) = :v)", "<no error>"},
    {'C', "NOT (a = :v)", "<no error>"},
    {'C', "(size(a)) > :v", "<no error>"},
    {'C', "(begins_with(a, :v))", "<no error>"},
    {'C', "(NOT (a = :v)) OR ((b = :w))",
     "Invalid ConditionExpression: The expression has redundant parentheses;"},
    {'U', "SET a = (b + c)", "<no error>"},
    {'U', "SET a = (b) + (c)", "<no error>"},
    {'U', "SET a = (:v)", "<no error>"},
};

INSTANTIATE_TEST_SUITE_P(AllKinds, RedundantParentheses, ::testing::ValuesIn(kParenthesesCases));

TEST(ExpressionLength, EmptyExpressionsAreRefusedWithTheirMemberName) {
  EXPECT_EQ(condition_error(""), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(condition_error("", {}, "FilterExpression"),
            "Invalid FilterExpression: The expression can not be empty;");
  EXPECT_EQ(update_error(""), "Invalid UpdateExpression: The expression can not be empty;");
  EXPECT_EQ(projection_error(""), "Invalid ProjectionExpression: The expression can not be empty;");
  EXPECT_EQ(key_condition_error(""),
            "Invalid KeyConditionExpression: The expression can not be empty;");
}

TEST(ExpressionLength, ExpressionsLongerThan4096CharactersAreRefused) {
  std::string long_text(4097, 'a');
  EXPECT_EQ(condition_error(long_text),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
  EXPECT_EQ(update_error(long_text),
            "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
}

TEST(ExpressionKeywords, AreCaseInsensitive) {
  Params params;
  params.values = json::parse(R"({":v": {"S": "x"}, ":w": {"S": "y"}})");
  EXPECT_EQ(condition_error("a = :v aNd b = :w Or NoT c = :v", params), "<no error>");
  EXPECT_EQ(condition_error("a bEtWeEn :v AND :w", params), "<no error>");
  EXPECT_EQ(update_error("set a = :v Remove b", params), "<no error>");
}

TEST(ExpressionKeywords, ANameThatIsAKeywordNeedsAPlaceholder) {
  Params params;
  params.values = json::parse(R"({":v": {"S": "x"}})");
  EXPECT_EQ(condition_error("set = :v", params),
            "Invalid ConditionExpression: Syntax error; token: \"set\", near: \"set =\"");
  params.names = json::parse(R"({"#s": "set"})");
  EXPECT_EQ(condition_error("#s = :v", params), "<no error>");
  // Longer words that start with a keyword are plain names.
  params.names = nullptr;
  EXPECT_EQ(condition_error("android = :v AND order_id = :v", params), "<no error>");
}

}  // namespace
}  // namespace streamstack::dynamodb::expr
