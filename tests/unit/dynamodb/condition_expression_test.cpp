// ConditionExpression / FilterExpression: evaluation with DynamoDB's comparison semantics, and
// the validation errors DynamoDB reports after parsing.
#include "expression_test_support.h"

#include <gtest/gtest.h>

#include <ostream>

namespace streamstack::dynamodb::expr {
namespace {

using testing::condition_error;
using testing::Params;

const json kItem = json::parse(R"({
  "s": {"S": "hello"}, "n": {"N": "10"}, "b": {"B": "AQID"}, "t": {"BOOL": true},
  "z": {"NULL": true}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]},
  "bs": {"BS": ["AQ=="]}, "l": {"L": [{"S": "x"}, {"N": "1"}]},
  "m": {"M": {"k": {"S": "v"}, "n": {"M": {"deep": {"N": "5"}}}}},
  "u": {"S": "h\u00e9llo\ud83d\ude00"}
})");

Params evaluation_params() {
  Params params;
  params.values = json::parse(R"({
    ":n10": {"N": "10"}, ":n10x": {"N": "10.0"}, ":n9": {"N": "9"}, ":n20": {"N": "20"},
    ":n1": {"N": "1"}, ":n2": {"N": "2"}, ":n3": {"N": "3"}, ":n5": {"N": "5"},
    ":n7": {"N": "7"}, ":n25": {"N": "2.5"}, ":s10": {"S": "10"}, ":hello": {"S": "hello"},
    ":world": {"S": "world"}, ":he": {"S": "he"}, ":ell": {"S": "ell"}, ":x": {"S": "x"},
    ":a": {"S": "a"}, ":k": {"S": "k"}, ":v": {"S": "v"}, ":bprefix": {"B": "AQ=="},
    ":b2": {"B": "Ag=="}, ":bhigh": {"B": "AQIE"}, ":t": {"BOOL": true}, ":f": {"BOOL": false},
    ":null": {"NULL": true}, ":ssba": {"SS": ["b", "a"]},
    ":map": {"M": {"deep": {"N": "5"}}}, ":tN": {"S": "N"}, ":tS": {"S": "S"},
    ":tM": {"S": "M"}, ":list": {"L": [{"S": "x"}, {"N": "1"}]}
  })");
  params.names = json::parse(R"({"#m": "m", "#k": "k"})");
  return params;
}

struct EvaluationCase {
  const char* text;
  bool expected;
};

void PrintTo(const EvaluationCase& c, std::ostream* os) { *os << c.text; }

class ConditionEvaluation : public ::testing::TestWithParam<EvaluationCase> {};

TEST_P(ConditionEvaluation, MatchesDynamoDB) {
  EXPECT_EQ(testing::evaluate(GetParam().text, kItem, evaluation_params()), GetParam().expected)
      << GetParam().text;
}

const EvaluationCase kEvaluationCases[] = {
    // Equality: by value for numbers, never across types, never for a missing attribute.
    {"n = :n10", true},
    {"n = :n10x", true},
    {"n = :n9", false},
    {"n = :s10", false},
    {"n <> :s10", true},
    {"n <> :n10", false},
    {"absent = :n10", false},
    {"absent <> :n10", true},
    {"absent = nothere", false},
    {"absent <> nothere", true},
    {"ss = :ssba", true},
    {"m.n = :map", true},
    {"l = :list", true},
    {"t = :t", true},
    {"t = :f", false},
    {"z = :null", true},
    // Ordering: numbers by value, strings and binary bytewise, other types never.
    {"n > :n9", true},
    {"n < :n20", true},
    {"n <= :n10", true},
    {"n >= :n20", false},
    {"n < :s10", false},
    {":n1 < n", true},
    {"s < :world", true},
    {"s > :he", true},
    {"u > :hello", true},
    {"b < :bhigh", true},
    {"b >= :bprefix", true},
    {"l < :n1", false},
    {"t > :n1", false},
    {"absent < :n1", false},
    {"n BETWEEN :n9 AND :n20", true},
    {"n BETWEEN :n1 AND :n9", false},
    {"n BETWEEN :n10 AND :n10", true},
    {"s BETWEEN :he AND :world", true},
    {"absent BETWEEN :n1 AND :n20", false},
    {"n BETWEEN :n1 AND s", false},
    {"n IN (:n1, :n10)", true},
    {"n IN (:s10)", false},
    {"absent IN (:n1)", false},
    {"ss IN (:x, :ssba)", true},
    // Functions.
    {"attribute_exists(m.k)", true},
    {"attribute_exists(m.x)", false},
    {"attribute_exists(m.n.deep)", true},
    {"attribute_exists(#m.#k)", true},
    {"attribute_not_exists(absent)", true},
    {"attribute_not_exists(s)", false},
    {"attribute_exists(l[1])", true},
    {"attribute_exists(l[2])", false},
    {"attribute_exists(s.x)", false},
    {"attribute_exists(m[0])", false},
    {"attribute_type(n, :tN)", true},
    {"attribute_type(n, :tS)", false},
    {"attribute_type(m, :tM)", true},
    {"attribute_type(absent, :tN)", false},
    {"begins_with(s, :he)", true},
    {"begins_with(s, :ell)", false},
    {"begins_with(n, :he)", false},
    {"begins_with(b, :bprefix)", true},
    {"begins_with(s, :bprefix)", false},
    {"begins_with(absent, :he)", false},
    {"contains(s, :ell)", true},
    {"contains(s, :x)", false},
    {"contains(ss, :a)", true},
    {"contains(ss, :x)", false},
    {"contains(ns, :n25)", true},
    {"contains(ns, :n5)", false},
    {"contains(bs, :bprefix)", true},
    {"contains(l, :x)", true},
    {"contains(l, :n1)", true},
    {"contains(l, :n5)", false},
    {"contains(m, :k)", false},
    {"contains(b, :b2)", true},
    {"contains(n, :n1)", false},
    {"contains(absent, :x)", false},
    // size(): characters (UTF-16 units) of a string, bytes of a binary, elements, members.
    {"size(s) = :n5", true},
    {"size(u) = :n7", true},
    {"size(b) = :n3", true},
    {"size(ss) = :n2", true},
    {"size(ns) = :n2", true},
    {"size(l) = :n2", true},
    {"size(m) = :n2", true},
    {"size(n) = :n2", false},
    {"size(n) <> :n2", true},
    {"size(t) = :n1", false},
    {"size(absent) < :n5", false},
    {"size(m.n) = :n1", true},
    // Logic and precedence: NOT binds tighter than AND, AND tighter than OR.
    {"NOT n = :n10", false},
    {"n = :n10 AND s = :hello", true},
    {"n = :n1 OR s = :hello", true},
    {"n = :n10 OR n = :n1 AND n = :n1", true},
    {"NOT n = :n1 AND n = :n1", false},
    {"NOT (n = :n1 AND n = :n1)", true},
    {"(n = :n10 OR n = :n1) AND n = :n1", false},
    {"m.n.deep = :n5", true},
    {"l[0] = :x", true},
    {"l[1] = :n1", true},
};

INSTANTIATE_TEST_SUITE_P(Semantics, ConditionEvaluation, ::testing::ValuesIn(kEvaluationCases));

TEST(ConditionEvaluation, AMissingItemIsAnEmptyItem) {
  Params params;
  params.values = json::parse(R"({":x": {"S": "x"}})");
  EXPECT_TRUE(testing::evaluate("attribute_not_exists(pk)", json::object(), params));
  EXPECT_FALSE(testing::evaluate("pk = :x", json::object(), params));
  EXPECT_TRUE(testing::evaluate("pk <> :x", json::object(), params));
}

struct ErrorCase {
  const char* text;
  const char* expected;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.text; }

Params validation_params() {
  Params params;
  params.names = json::parse(R"({"#a": "a"})");
  params.values = json::parse(R"({
    ":v": {"S": "x"}, ":n": {"N": "1"}, ":n5": {"N": "5"}, ":s": {"S": "a"}, ":l": {"L": []},
    ":b": {"BOOL": true}, ":tX": {"S": "XX"}, ":tS": {"S": "S"}
  })");
  return params;
}

class ConditionValidation : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConditionValidation, ReportsDynamoDBsMessage) {
  std::string expected = GetParam().expected;
  if (expected != "<no error>") expected = "Invalid ConditionExpression: " + expected;
  EXPECT_EQ(condition_error(GetParam().text, validation_params()), expected) << GetParam().text;
}

const ErrorCase kValidationCases[] = {
    {"a = :undefined",
     "An expression attribute value used in expression is not defined; attribute value: "
     ":undefined"},
    {"#undefined = :v",
     "An expression attribute name used in the document path is not defined; attribute name: "
     "#undefined"},
    {"a = :undefined AND #undefined = :v",
     "An expression attribute value used in expression is not defined; attribute value: "
     ":undefined"},
    {"#undefined = :v AND a = :undefined",
     "An expression attribute name used in the document path is not defined; attribute name: "
     "#undefined"},
    {"name = :v", "Attribute name is a reserved keyword; reserved keyword: name"},
    {"a.Size = :v", "Attribute name is a reserved keyword; reserved keyword: Size"},
    {"a = :undefined AND name = :v", "Attribute name is a reserved keyword; reserved keyword: name"},
    {"foo(a)", "Invalid function name; function: foo"},
    {"SIZE(a) = :n", "Invalid function name; function: SIZE"},
    {"foo(b) AND name = :v", "Invalid function name; function: foo"},
    {"name = :v AND foo(b)", "Attribute name is a reserved keyword; reserved keyword: name"},
    {"if_not_exists(a, :v) = :v",
     "The function is not allowed in a condition expression; function: if_not_exists"},
    {"list_append(a, :l)", "The function is not allowed in a condition expression; function: list_append"},
    {"size(a)", "The function is not allowed to be used this way in an expression; function: size"},
    {"attribute_exists(a) = :b",
     "The function is not allowed to be used this way in an expression; function: "
     "attribute_exists"},
    {"contains(a, begins_with(b, :s))",
     "The function is not allowed to be used this way in an expression; function: begins_with"},
    {"begins_with(size(a), :s)",
     "Incorrect operand type for operator or function; operator or function: begins_with, operand "
     "type: N"},
    {"begins_with(a)",
     "Incorrect number of operands for operator or function; operator or function: begins_with, "
     "number of operands: 1"},
    {"begins_with(a, :v, :v)",
     "Incorrect number of operands for operator or function; operator or function: begins_with, "
     "number of operands: 3"},
    {"attribute_exists(a, a)",
     "Incorrect number of operands for operator or function; operator or function: "
     "attribute_exists, number of operands: 2"},
    {"size(a, b) = :n",
     "Incorrect number of operands for operator or function; operator or function: size, number "
     "of operands: 2"},
    {"attribute_exists(:v)",
     "Operator or function requires a document path; operator or function: attribute_exists"},
    {"attribute_not_exists(:v)",
     "Operator or function requires a document path; operator or function: attribute_not_exists"},
    {"attribute_type(a, :n)",
     "Incorrect operand type for operator or function; operator or function: attribute_type, "
     "operand type: N"},
    {"attribute_type(a, b)",
     "Incorrect operand type for operator or function; operator or function: attribute_type, "
     "operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"},
    {"attribute_type(a, :tX)",
     "Invalid attribute type name found; type: XX, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
    {"attribute_type(a, :tS)", "<no error>"},
    {"a < :l",
     "Incorrect operand type for operator or function; operator or function: <, operand type: L"},
    {":b >= a",
     "Incorrect operand type for operator or function; operator or function: >=, operand type: "
     "BOOL"},
    {"a BETWEEN :l AND :v",
     "Incorrect operand type for operator or function; operator or function: BETWEEN, operand "
     "type: L"},
    {"begins_with(a, :n)",
     "Incorrect operand type for operator or function; operator or function: begins_with, operand "
     "type: N"},
    {"size(:n) = :n",
     "Incorrect operand type for operator or function; operator or function: size, operand type: "
     "N"},
    {"a = :l", "<no error>"},
    {"contains(a, :l)", "<no error>"},
    {"a = a",
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: =, first operand: [a]"},
    {"#a = a",
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: =, first operand: [a]"},
    {"a.b[1] <> a.b[1]",
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: <>, first operand: [a, b, [1]]"},
    {"a IN (:v, a)",
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: IN, first operand: [a]"},
    {"contains(a, a)",
     "The first operand must be distinct from the remaining operands for this operator or "
     "function; operator: contains, first operand: [a]"},
    {"a = b", "<no error>"},
    {"a BETWEEN :n5 AND :n",
     "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower "
     "bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"},
    {"a BETWEEN :n AND :s",
     "The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
     "operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"},
    {"a BETWEEN :n AND b", "<no error>"},
    {"a[2147483648] = :v",
     "List index is not within the allowable range; index: [2147483648]"},
    {"a[2147483647] = :v", "<no error>"},
};

INSTANTIATE_TEST_SUITE_P(Errors, ConditionValidation, ::testing::ValuesIn(kValidationCases));

std::string repeated(const std::string& part, const std::string& separator, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += (i > 0 ? separator : "") + part;
  return text;
}

TEST(ConditionLimits, INTakesAtMost100Operands) {
  Params params = validation_params();
  EXPECT_EQ(condition_error("a IN (" + repeated(":v", ",", 100) + ")", params), "<no error>");
  EXPECT_EQ(condition_error("a IN (" + repeated(":v", ",", 101) + ")", params),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

TEST(ConditionLimits, DocumentPathsNestAtMost32Levels) {
  Params params = validation_params();
  EXPECT_EQ(condition_error(repeated("a", ".", 32) + " = :v", params), "<no error>");
  EXPECT_EQ(condition_error(repeated("a", ".", 33) + " = :v", params),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

TEST(ConditionLimits, AnExpressionHasAtMost300Operators) {
  Params params = validation_params();
  EXPECT_EQ(condition_error("NOT " + repeated("a = :v", " OR ", 150), params), "<no error>");
  EXPECT_EQ(condition_error(repeated("a = :v", " OR ", 151), params),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 301");
}

TEST(ConditionErrors, CarryTheMemberNameOfTheExpression) {
  EXPECT_EQ(condition_error("name = :v", validation_params(), "FilterExpression"),
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: "
            "name");
  EXPECT_EQ(condition_error("a = :nope", validation_params(), "FilterExpression"),
            "Invalid FilterExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :nope");
}

TEST(Substitutions, ReportUnusedNamesBeforeUnusedValues) {
  json names = json::parse(R"({"#a": "a", "#b": "b"})");
  json values = json::parse(R"({":v": {"S": "x"}, ":w": {"S": "y"}, ":x": {"S": "z"}})");
  Substitutions subs(&names, &values);
  parse_condition("#a = :v", subs);
  EXPECT_EQ(testing::error_of([&] { subs.check_all_used(); }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  parse_update("SET #b = :w", subs);
  EXPECT_EQ(testing::error_of([&] { subs.check_all_used(); }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
}

TEST(Substitutions, ListEveryUnusedKey) {
  json values = json::parse(R"({":v": {"S": "x"}, ":w": {"S": "y"}, ":x": {"S": "z"}})");
  Substitutions subs(nullptr, &values);
  parse_condition("a = :w", subs);
  EXPECT_EQ(testing::error_of([&] { subs.check_all_used(); }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v, :x}");
}

TEST(Substitutions, CountUsesAcrossTheExpressionsOfARequest) {
  json names = json::parse(R"({"#a": "a"})");
  json values = json::parse(R"({":v": {"S": "x"}})");
  Substitutions subs(&names, &values);
  parse_condition("attribute_exists(#a)", subs);
  parse_update("SET b = :v", subs);
  EXPECT_EQ(testing::error_of([&] { subs.check_all_used(); }), "<no error>");
}

TEST(Substitutions, UndefinedPlaceholdersAreWordedForTheExpression) {
  Substitutions subs(nullptr, nullptr);
  EXPECT_EQ(testing::error_of([&] { subs.name("#a", "UpdateExpression"); }),
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #a");
  EXPECT_EQ(testing::error_of([&] { subs.value(":a", "KeyConditionExpression"); }),
            "Invalid KeyConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :a");
}

TEST(ResolvePath, FollowsMapsAndListsAndReportsMissingAsNull) {
  const json* deep = resolve_path(kItem, {{"m", {}}, {"n", {}}, {"deep", {}}});
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(*deep, json::parse(R"({"N": "5"})"));
  const json* element = resolve_path(kItem, {{"l", {}}, {"", 1}});
  ASSERT_NE(element, nullptr);
  EXPECT_EQ(*element, json::parse(R"({"N": "1"})"));
  EXPECT_EQ(resolve_path(kItem, {{"l", {}}, {"", 2}}), nullptr);
  EXPECT_EQ(resolve_path(kItem, {{"m", {}}, {"", 0}}), nullptr);
  EXPECT_EQ(resolve_path(kItem, {{"s", {}}, {"x", {}}}), nullptr);
  EXPECT_EQ(resolve_path(kItem, {{"absent", {}}}), nullptr);
}

}  // namespace
}  // namespace streamstack::dynamodb::expr
