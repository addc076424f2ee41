// The request validation layer: constraint messages, the model-driven type checks and the
// expect_* helpers, with AWS's texts (dynalite's test/helpers.js assertType and tests).
#include "dynamodb/validation.h"
#include "core/api_error.h"
#include "dynamodb/model/shapes.h"

#include <gtest/gtest.h>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

std::string validation_message(const ConstraintErrors& errors) {
  try {
    errors.throw_if_any();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.wire_type(), "com.amazon.coral.validate#ValidationException");
    return e.message();
  }
  return "(none)";
}

template <typename F>
std::string serialization_message(F&& f) {
  try {
    f();
  } catch (const core::ApiError& e) {
    EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#SerializationException");
    return e.message();
  }
  return "(none)";
}

const model::Shape& shape(std::string_view name) {
  const model::Shape* s = model::find_shape(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

TEST(ConstraintErrors, OneErrorIsSingular) {
  ConstraintErrors errors;
  errors.add("a;", "tableName", "Member must have length greater than or equal to 3");
  EXPECT_EQ(validation_message(errors),
            "1 validation error detected: Value 'a;' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 3");
}

TEST(ConstraintErrors, NullIsUnquotedAndErrorsAreJoined) {
  ConstraintErrors errors;
  errors.add_null("keySchema");
  errors.add("null", "attributeDefinitions", "Member must not be null");
  errors.add("", "x", "c");
  EXPECT_EQ(validation_message(errors),
            "3 validation errors detected: Value null at 'keySchema' failed to satisfy "
            "constraint: Member must not be null; Value null at 'attributeDefinitions' failed to "
            "satisfy constraint: Member must not be null; Value '' at 'x' failed to satisfy "
            "constraint: c");
}

TEST(ConstraintErrors, AtMostTenAreReported) {
  ConstraintErrors errors;
  for (int i = 0; i < 12; ++i) errors.add_null("m" + std::to_string(i));
  EXPECT_EQ(errors.size(), 10u);
  EXPECT_EQ(validation_message(errors).rfind("10 validation errors detected: ", 0), 0u);
}

TEST(ConstraintErrors, NoErrorsThrowNothing) {
  ConstraintErrors errors;
  EXPECT_NO_THROW(errors.throw_if_any());
}

TEST(TableNameForItems, EmptyPatternAndLength) {
  ConstraintErrors errors;
  json empty = "";
  check_table_name(errors, &empty);
  json bad = "a;";
  check_table_name(errors, &bad);
  check_table_name(errors, nullptr);
  json arn = "arn:aws:dynamodb:us-east-1:000000000000:table/ok";
  check_table_name(errors, &arn);
  // An empty name fails the TableArn shape's minimum alone; a short one the table-name rules
  // (moto's AWS-verified test_update_item_with_empty_table_name / _with_invalid_table_name).
  EXPECT_EQ(validation_message(errors),
            "4 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1; Value 'a;' at 'tableName' failed "
            "to satisfy constraint: Member must have length greater than or equal to 3; Value "
            "'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z0-9_.-]+; Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(TypeCheck, ScalarsGivenTheWrongType) {
  json v = true;
  EXPECT_EQ(serialization_message([&] { check_types(shape("TableName"), v); }),
            "TRUE_VALUE cannot be converted to String");
  v = 34.5;
  EXPECT_EQ(serialization_message([&] { check_types(shape("TableName"), v); }),
            "DECIMAL_VALUE cannot be converted to String");
  v = json::array();
  EXPECT_EQ(serialization_message([&] { check_types(shape("TableName"), v); }),
            "Unrecognized collection type class java.lang.String");
  v = "23";
  EXPECT_EQ(serialization_message([&] { check_types(shape("ConsistentRead"), v); }),
            "Unexpected token received from parser");
  v = 23;
  EXPECT_EQ(serialization_message([&] { check_types(shape("ConsistentRead"), v); }),
            "NUMBER_VALUE cannot be converted to Boolean");
  v = false;
  EXPECT_EQ(serialization_message([&] { check_types(shape("PositiveLongObject"), v); }),
            "FALSE_VALUE cannot be converted to Long");
  v = json::object();
  EXPECT_EQ(serialization_message([&] { check_types(shape("ListTablesInputLimit"), v); }),
            "Start of structure or map found where not expected");
}

TEST(TypeCheck, BooleanWordsAndFractionsAreRead) {
  json v = "TRUE";
  check_types(shape("ConsistentRead"), v);
  EXPECT_EQ(v, true);
  v = 7.9;
  check_types(shape("ListTablesInputLimit"), v);
  EXPECT_EQ(v, 7);
}

TEST(TypeCheck, CollectionsGivenTheWrongType) {
  json v = "x";
  EXPECT_EQ(serialization_message([&] { check_types(shape("KeySchema"), v); }),
            "Unexpected field type");
  v = json::array();
  EXPECT_EQ(serialization_message([&] { check_types(shape("ExpressionAttributeNameMap"), v); }),
            "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
  v = json::array({1});
  EXPECT_EQ(serialization_message([&] { check_types(shape("KeyList"), v); }),
            "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to "
            "class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl "
            "and java.lang.Class are in module java.base of loader 'bootstrap')");
  v = 5;
  EXPECT_EQ(serialization_message([&] { check_types(shape("ProvisionedThroughput"), v); }),
            "Unexpected field type");
  v = json::array();
  EXPECT_EQ(
      serialization_message([&] { check_types(shape("ProvisionedThroughput"), v); }),
      "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput");
}

TEST(TypeCheck, NullMembersAreDroppedAndUnknownOnesKept) {
  json v = {{"ReadCapacityUnits", nullptr}, {"WriteCapacityUnits", 1}, {"Other", "x"}};
  check_types(shape("ProvisionedThroughput"), v);
  EXPECT_EQ(v, json({{"WriteCapacityUnits", 1}, {"Other", "x"}}));
}

TEST(TypeCheck, AttributeValuesAreCheckedInsideMaps) {
  json v = {{"a", {{"S", 5}}}};
  EXPECT_EQ(serialization_message([&] { check_types(shape("Key"), v); }),
            "NUMBER_VALUE cannot be converted to String");
  v = json::array();
  EXPECT_EQ(serialization_message([&] { check_types(shape("Key"), v); }),
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "com.amazonaws.dynamodb.v20120810.AttributeValue>");
}

TEST(ExpectHelpers, ReadMembersOrSayWhatIsWrong) {
  json input = {{"TableName", "t"},      {"Limit", 2.5},           {"ConsistentRead", "false"},
                {"Keys", json::array()}, {"Item", json::object()}, {"Absent", nullptr}};
  EXPECT_EQ(*expect_string(input, "TableName"), "t");
  EXPECT_EQ(expect_string(input, "Absent"), nullptr);
  EXPECT_EQ(expect_integer(input, "Limit"), 2);
  EXPECT_EQ(expect_bool(input, "ConsistentRead"), false);
  EXPECT_NE(expect_list(input, "Keys"), nullptr);
  EXPECT_NE(expect_map(input, "Item"), nullptr);
  EXPECT_EQ(serialization_message([&] { expect_string(input, "Limit"); }),
            "DECIMAL_VALUE cannot be converted to String");
  EXPECT_EQ(serialization_message([&] { expect_long(input, "TableName"); }),
            "STRING_VALUE cannot be converted to Long");
  EXPECT_EQ(serialization_message([&] { expect_map(input, "Keys"); }),
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  EXPECT_EQ(serialization_message([&] { expect_list(input, "TableName"); }),
            "Unexpected field type");
  EXPECT_EQ(serialization_message([&] { expect_object(input, "Keys", "Projection"); }),
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.Projection");
}

TEST(Constraints, StringNumberListAndMapConstraints) {
  ConstraintErrors errors;
  check_constraints(shape("IndexName"), json("h;"), "indexName", errors);
  check_constraints(shape("ListTablesInputLimit"), json(101), "limit", errors);
  check_constraints(shape("NonKeyAttributeNameList"), json::array(), "nonKeyAttributes", errors);
  check_constraints(shape("KeyType"), json("Woop"), "keyType", errors);
  EXPECT_EQ(validation_message(errors),
            "5 validation errors detected: Value 'h;' at 'indexName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value "
            "'h;' at 'indexName' failed to satisfy constraint: Member must have length greater "
            "than or equal to 3; Value '101' at 'limit' failed to satisfy constraint: Member must "
            "have value less than or equal to 100; Value '[]' at 'nonKeyAttributes' failed to "
            "satisfy constraint: Member must have length greater than or equal to 1; Value 'Woop' "
            "at 'keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, "
            "RANGE]");
}

TEST(Constraints, ValuesPrintAsTheServicePrintsThem) {
  json key_schema =
      json::parse(R"([{"AttributeName": "a", "KeyType": "HASH"}, {"KeyType": "RANGE"}])");
  EXPECT_EQ(to_constraint_text(shape("KeySchema"), key_schema),
            "[KeySchemaElement(attributeName=a, keyType=HASH), "
            "KeySchemaElement(attributeName=, keyType=RANGE)]");
  EXPECT_EQ(to_constraint_text(shape("NonKeyAttributeNameList"), json({"x", "y"})), "[x, y]");
  EXPECT_EQ(to_constraint_text(shape("ExpressionAttributeNameMap"), json({{"#a", "b"}})), "{#a=b}");
}

TEST(CheckRequest, ItemOperationsTableName) {
  json input = {{"TableName", ""}, {"Key", {{"a", {{"S", "x"}}}}}, {"ReturnValues", "ALL"}};
  ConstraintErrors errors = check_request("DeleteItem", input, TableNameRule::kItem);
  EXPECT_EQ(validation_message(errors),
            "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1; Value 'ALL' at 'returnValues' "
            "failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, "
            "UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
}

TEST(ShapeTable, OperationsAndShapesAreFound) {
  ASSERT_NE(model::input_shape("CreateTable"), nullptr);
  EXPECT_EQ(model::input_shape("CreateTable")->name, "CreateTableInput");
  EXPECT_EQ(model::input_shape("NoSuchOperation"), nullptr);
  EXPECT_EQ(shape("KeySchema").max, 2);
}

}  // namespace
}  // namespace streamstack::dynamodb
