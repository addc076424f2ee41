// UpdateExpression: the validation errors DynamoDB reports for a parsed update, and the item
// an update produces.
#include "expression_test_support.h"

#include <gtest/gtest.h>

#include <ostream>

#include <algorithm>

namespace streamstack::dynamodb::expr {
namespace {

using testing::Params;
using testing::update_error;

struct ErrorCase {
  const char* text;
  const char* expected;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.text; }

// The parameters of dynalite's UpdateItem tests, which ran against DynamoDB.
Params dynalite_params() {
  Params params;
  params.names = json::parse(R"({"#a": "a", "#b": "b"})");
  params.values = json::parse(R"({
    ":a": {"S": "a"}, ":b": {"N": "1"}, ":c": {"B": "YQ=="}, ":d": {"BOOL": false},
    ":e": {"NULL": true}, ":f": {"SS": ["a"]}, ":g": {"NS": ["1"]}, ":h": {"BS": ["YQ=="]},
    ":i": {"M": {}}, ":j": {"L": []}
  })");
  return params;
}

class UpdateValidation : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UpdateValidation, ReportsDynamoDBsMessage) {
  std::string expected = GetParam().expected;
  if (expected != "<no error>") expected = "Invalid UpdateExpression: " + expected;
  EXPECT_EQ(update_error(GetParam().text, dynalite_params()), expected) << GetParam().text;
}

const ErrorCase kValidationCases[] = {
    {" set #c = :c set abOrt = true ",
     "Attribute name is a reserved keyword; reserved keyword: abOrt"},
    {" remove Absolute ", "Attribute name is a reserved keyword; reserved keyword: Absolute"},
    {"set #c = if_not_exist(:c) set c = d", "Invalid function name; function: if_not_exist"},
    {"set a = #c set c = :d", "The \"SET\" section can only be used once in an update expression;"},
    {"remove #d set a = b remove e",
     "The \"REMOVE\" section can only be used once in an update expression;"},
    {"add #d :e set a = b add e :f",
     "The \"ADD\" section can only be used once in an update expression;"},
    {"delete #d :e set a = b delete #e :f",
     "The \"DELETE\" section can only be used once in an update expression;"},
    // Faults inside a repeated section are met before the section ends.
    {"set a = :a set name = :a", "Attribute name is a reserved keyword; reserved keyword: name"},
    {"SET #c = if_not_exists(:c)",
     "An expression attribute name used in the document path is not defined; attribute name: #c"},
    {"SET #a = if_not_exists(:z)",
     "An expression attribute value used in expression is not defined; attribute value: :z"},
    {"set a = if_not_exists(c)",
     "Incorrect number of operands for operator or function; operator or function: "
     "if_not_exists, number of operands: 1"},
    {"set a = list_append(c)",
     "Incorrect number of operands for operator or function; operator or function: list_append, "
     "number of operands: 1"},
    {"set a = if_not_exists(:a, c)",
     "Operator or function requires a document path; operator or function: if_not_exists"},
    {"set a = size(b)", "The function is not allowed in an update expression; function: size"},
    {"set a = list_append(list_append(a, :j), :j)",
     "The function is not allowed to be used this way in an expression; function: list_append"},
    {"set a = if_not_exists(a, list_append(a, :j))",
     "The function is not allowed to be used this way in an expression; function: list_append"},
    {"set a = b + list_append(a, :j)",
     "The function is not allowed to be used this way in an expression; function: list_append"},
    {"set a = list_append(if_not_exists(a, :j), :j)", "<no error>"},
    {"set a = if_not_exists(a, :b) + :b", "<no error>"},
    {"set a = list_append(:a, a)",
     "Incorrect operand type for operator or function; operator or function: list_append, operand "
     "type: S"},
    {"set a = list_append(a, :b)",
     "Incorrect operand type for operator or function; operator or function: list_append, operand "
     "type: N"},
    {"set a = list_append(:i, a)",
     "Incorrect operand type for operator or function; operator or function: list_append, operand "
     "type: M"},
    {"set a = a + :a",
     "Incorrect operand type for operator or function; operator or function: +, operand type: S"},
    {"set a = :c + a",
     "Incorrect operand type for operator or function; operator or function: +, operand type: B"},
    {"set a = a - :f",
     "Incorrect operand type for operator or function; operator or function: -, operand type: SS"},
    {"set a = a - :j",
     "Incorrect operand type for operator or function; operator or function: -, operand type: L"},
    {"add a.b :a",
     "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, "
     "typeSet: ALLOWED_FOR_ADD_OPERAND"},
    {"add a.b :e",
     "Incorrect operand type for operator or function; operator: ADD, operand type: NULL, "
     "typeSet: ALLOWED_FOR_ADD_OPERAND"},
    {"add a.b :i",
     "Incorrect operand type for operator or function; operator: ADD, operand type: MAP, "
     "typeSet: ALLOWED_FOR_ADD_OPERAND"},
    {"add a.b :j",
     "Incorrect operand type for operator or function; operator: ADD, operand type: LIST, "
     "typeSet: ALLOWED_FOR_ADD_OPERAND"},
    {"delete a.b :b",
     "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, "
     "typeSet: ALLOWED_FOR_DELETE_OPERAND"},
    {"delete a.b :d",
     "Incorrect operand type for operator or function; operator: DELETE, operand type: BOOLEAN, "
     "typeSet: ALLOWED_FOR_DELETE_OPERAND"},
    {"add a :b, c :f, d :g, e :h", "<no error>"},
    {"delete a :f, c :g, d :h", "<no error>"},
    {"remove a.Inner", "Attribute name is a reserved keyword; reserved keyword: Inner"},
    {"set a[2147483648] = :a",
     "List index is not within the allowable range; index: [2147483648]"},
};

INSTANTIATE_TEST_SUITE_P(Errors, UpdateValidation, ::testing::ValuesIn(kValidationCases));

// Overlapping and conflicting paths, with dynalite's (AWS-verified) cases. DynamoDB visits the
// actions last to first, so "path one" is the later of the two.
class UpdatePaths : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UpdatePaths, OverlapsAndConflictsNameBothPaths) {
  Params params;
  params.names = json::parse(R"({"#b": "b", "#c": "c", "#d": "[3]"})");
  EXPECT_EQ(update_error(GetParam().text, params), GetParam().expected) << GetParam().text;
}

#define OVERLAP(one, two)                                                                   \
  "Invalid UpdateExpression: Two document paths overlap with each other; must remove or " \
  "rewrite one of these paths; path one: " one ", path two: " two
#define CONFLICT(one, two)                                                                   \
  "Invalid UpdateExpression: Two document paths conflict with each other; must remove or " \
  "rewrite one of these paths; path one: " one ", path two: " two

const ErrorCase kPathCases[] = {
    {"set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", OVERLAP("[c, [1], a]", "[c]")},
    {"set c.b.#c = a, c = a, #d = a", OVERLAP("[c, b, c]", "[c]")},
    {"set a = b remove a, #c, #d", OVERLAP("[a]", "[a]")},
    {"set #c[3].#d = a, #c[3] = a", OVERLAP("[c, [3], [3]]", "[c, [3]]")},
    {"remove c, #c.a, #d", OVERLAP("[c]", "[c, a]")},
    {"remove a, #c, a, #d", OVERLAP("[a]", "[a]")},
    {"set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", CONFLICT("[c, [3], [3]]", "[c, [3], [3]]")},
    {"remove a.#c set a[1] = #d", CONFLICT("[a, c]", "[a, [1]]")},
    {"set a.b = c, a.d = c, a.e[0] = c, a.e[1] = c remove f", "<no error>"},
};

INSTANTIATE_TEST_SUITE_P(Dynalite, UpdatePaths, ::testing::ValuesIn(kPathCases));

Params apply_params() {
  Params params;
  params.names = json::parse(R"({"#n": "name"})");
  params.values = json::parse(R"({
    ":s": {"S": "new"}, ":n1": {"N": "1"}, ":n5": {"N": "5"}, ":ss": {"SS": ["c", "a"]},
    ":ns": {"NS": ["2", "3"]}, ":l": {"L": [{"S": "z"}]}, ":bs": {"BS": ["AQ=="]},
    ":big": {"N": "0.1"}, ":m": {"M": {"x": {"N": "1"}}}
  })");
  return params;
}

// Attribute names here avoid DynamoDB's reserved words (inner, list, count, missing, other, ...),
// which AWS refuses anywhere in a document path before it looks at the item.
const json kBefore = json::parse(R"({
  "pk": {"S": "key"}, "s": {"S": "old"}, "n": {"N": "10"}, "ss": {"SS": ["a", "b"]},
  "ns": {"NS": ["1", "2"]}, "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]},
  "m": {"M": {"x": {"N": "1"}, "nested": {"M": {"y": {"S": "deep"}}},
              "elements": {"L": [{"M": {"k": {"S": "v"}}}]}}},
  "big": {"N": "12345678901234567890123456789012345678"}
})");

struct ApplyCase {
  const char* text;
  const char* changed;  // members of the result that differ from kBefore (null = removed)
};

void PrintTo(const ApplyCase& c, std::ostream* os) { *os << c.text; }

class UpdateApply : public ::testing::TestWithParam<ApplyCase> {};

TEST_P(UpdateApply, ProducesDynamoDBsItem) {
  json expected = kBefore;
  // Named, not iterated as a temporary: items() keeps only a reference to the parsed object.
  const json changed = json::parse(GetParam().changed);
  for (const auto& [name, value] : changed.items()) {
    if (value.is_null()) {
      expected.erase(name);
    } else {
      expected[name] = value;
    }
  }
  EXPECT_EQ(testing::apply_update(GetParam().text, kBefore, apply_params()), expected)
      << GetParam().text;
}

const ApplyCase kApplyCases[] = {
    {"SET s = :s", R"({"s": {"S": "new"}})"},
    {"SET #n = :s", R"({"name": {"S": "new"}})"},
    {"SET fresh = s", R"({"fresh": {"S": "old"}})"},
    {"SET m.x = :s", R"({"m": {"M": {"x": {"S": "new"}, "nested": {"M": {"y": {"S": "deep"}}},
                                      "elements": {"L": [{"M": {"k": {"S": "v"}}}]}}}})"},
    {"SET m.nested.z = :n1",
     R"({"m": {"M": {"x": {"N": "1"}, "nested": {"M": {"y": {"S": "deep"}, "z": {"N": "1"}}},
                     "elements": {"L": [{"M": {"k": {"S": "v"}}}]}}}})"},
    {"SET m.elements[0].k = :s", R"({"m": {"M": {"x": {"N": "1"}, "nested": {"M": {"y": {"S": "deep"}}},
                                             "elements": {"L": [{"M": {"k": {"S": "new"}}}]}}}})"},
    {"SET l[1] = :s", R"({"l": {"L": [{"S": "a"}, {"S": "new"}, {"S": "c"}]}})"},
    {"SET l[10] = :s", R"({"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "new"}]}})"},
    {"SET l[11] = :n1, l[10] = :s",
     R"({"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "new"}, {"N": "1"}]}})"},
    {"REMOVE l[0]", R"({"l": {"L": [{"S": "b"}, {"S": "c"}]}})"},
    {"REMOVE l[0], l[2]", R"({"l": {"L": [{"S": "b"}]}})"},
    {"REMOVE l[7]", R"({})"},
    {"REMOVE l[0] SET l[1] = :s", R"({"l": {"L": [{"S": "new"}, {"S": "c"}]}})"},
    {"REMOVE s, absent", R"({"s": null})"},
    {"REMOVE m.nested.y", R"({"m": {"M": {"x": {"N": "1"}, "nested": {"M": {}},
                                         "elements": {"L": [{"M": {"k": {"S": "v"}}}]}}}})"},
    {"SET s = n, n = s", R"({"s": {"N": "10"}, "n": {"S": "old"}})"},
    {"SET n = n + :n5", R"({"n": {"N": "15"}})"},
    {"SET n = :n1 - n", R"({"n": {"N": "-9"}})"},
    {"SET c = if_not_exists(c, :n1)", R"({"c": {"N": "1"}})"},
    {"SET n = if_not_exists(n, :n1)", R"({})"},
    {"SET l = list_append(l, :l)",
     R"({"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "z"}]}})"},
    {"SET l = list_append(:l, l)",
     R"({"l": {"L": [{"S": "z"}, {"S": "a"}, {"S": "b"}, {"S": "c"}]}})"},
    {"SET c = list_append(if_not_exists(c, :l), :l)", R"({"c": {"L": [{"S": "z"}, {"S": "z"}]}})"},
    {"ADD n :n5", R"({"n": {"N": "15"}})"},
    {"ADD tally :n5", R"({"tally": {"N": "5"}})"},
    {"ADD ss :ss", R"({"ss": {"SS": ["a", "b", "c"]}})"},
    {"ADD ns :ns", R"({"ns": {"NS": ["1", "2", "3"]}})"},
    {"ADD fresh :ss", R"({"fresh": {"SS": ["c", "a"]}})"},
    {"ADD m.tally :n1", R"({"m": {"M": {"x": {"N": "1"}, "nested": {"M": {"y": {"S": "deep"}}},
                                         "elements": {"L": [{"M": {"k": {"S": "v"}}}]},
                                         "tally": {"N": "1"}}}})"},
    {"DELETE ss :ss", R"({"ss": {"SS": ["b"]}})"},
    {"DELETE ns :ns", R"({"ns": {"NS": ["1"]}})"},
    {"DELETE ns :ns ADD extra :ns", R"({"ns": {"NS": ["1"]}, "extra": {"NS": ["2", "3"]}})"},
    {"DELETE fresh :ss", R"({})"},
    {"SET a = :s REMOVE s ADD n :n1 DELETE ss :ss",
     R"({"a": {"S": "new"}, "s": null, "n": {"N": "11"}, "ss": {"SS": ["b"]}})"},
};

INSTANTIATE_TEST_SUITE_P(Semantics, UpdateApply, ::testing::ValuesIn(kApplyCases));

class UpdateApplyErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(UpdateApplyErrors, ReportDynamoDBsMessage) {
  EXPECT_EQ(testing::error_of([&] {
              testing::apply_update(GetParam().text, kBefore, apply_params());
            }),
            GetParam().expected)
      << GetParam().text;
}

const char kInvalidPath[] = "The document path provided in the update expression is invalid for update";
const char kIncorrectType[] = "An operand in the update expression has an incorrect data type";
const char kMissing[] =
    "The provided expression refers to an attribute that does not exist in the item";

const ErrorCase kApplyErrorCases[] = {
    {"SET absent.x = :s", kInvalidPath},
    {"SET absent[0] = :s", kInvalidPath},
    {"SET s.x = :s", kInvalidPath},
    {"SET s[0] = :s", kInvalidPath},
    {"SET m[0] = :s", kInvalidPath},
    {"SET l.x = :s", kInvalidPath},
    {"SET m.nothing.deeper = :s", kInvalidPath},
    {"SET l[5].x = :s", kInvalidPath},
    {"REMOVE absent.x", kInvalidPath},
    {"ADD absent.tally :n1", kInvalidPath},
    {"SET a = absent", kMissing},
    {"SET a = absent + :n1", kMissing},
    {"SET a = if_not_exists(absent, extra)", kMissing},
    {"SET a = list_append(absent, :l)", kMissing},
    {"SET a = s + :n1", kIncorrectType},
    {"SET a = list_append(s, :l)", kIncorrectType},
    {"ADD s :n1", kIncorrectType},
    {"ADD ss :ns", kIncorrectType},
    {"ADD n :ss", kIncorrectType},
    {"DELETE ss :ns", kIncorrectType},
    {"DELETE s :ss", kIncorrectType},
    // A sum that needs more than 38 digits is reported as an overflow, not as too many digits
    // (observed on DynamoDB by Alternator's test_update_expression_plus_imprecise).
    {"ADD big :big",
     "Number overflow. Attempting to store a number with magnitude larger than supported range"},
    {"SET a = big + :big",
     "Number overflow. Attempting to store a number with magnitude larger than supported range"},
};

INSTANTIATE_TEST_SUITE_P(Errors, UpdateApplyErrors, ::testing::ValuesIn(kApplyErrorCases));

TEST(UpdateApply, StartsFromAnEmptyItemForANewItem) {
  EXPECT_EQ(testing::apply_update("SET a = :s ADD c :n5 REMOVE gone", json::object(),
                                  apply_params()),
            json::parse(R"({"a": {"S": "new"}, "c": {"N": "5"}})"));
}

TEST(UpdateApply, UpdatedAttributesAreTheTopLevelNamesWritten) {
  Params params = apply_params();
  Substitutions subs = params.substitutions();
  auto update = parse_update("SET m.x = :s, #n = :s REMOVE l[0] ADD n :n1", subs);
  std::vector<std::string> names = update->updated_attributes();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"l", "m", "n", "name"}));
}

}  // namespace
}  // namespace streamstack::dynamodb::expr
