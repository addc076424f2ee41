// Reading a template: its sections, the checks CloudFormation makes before it deploys anything
// (each with the logical id, JSON pointer and what was expected), and the dependency order.
#include "cloudformation/template.h"
#include "cloudformation/template_error.h"

#include <gtest/gtest.h>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

std::string error_of(const std::string& text) {
  try {
    parse_template(text, "t.json");
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "no error";
}

// A template whose one resource has `properties`.
std::string with_properties(const std::string& properties) {
  return R"({"Parameters": {"P": {"Type": "String", "Default": "x"}}, "Conditions": {"C": {"Fn::Equals": ["a", "a"]}},
    "Mappings": {"M": {"k": {"v": 1}}},
    "Resources": {"Other": {"Type": "AWS::SQS::Queue"}, "R": {"Type": "AWS::S3::Bucket", "Properties": )" +
         properties + "}}}";
}

TEST(ParseTemplate, ReadsEverySection) {
  auto t = parse_template(R"({
    "AWSTemplateFormatVersion": "2010-09-09", "Description": "d",
    "Parameters": {"Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]}},
    "Conditions": {"IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]}},
    "Rules": {"CheckBootstrapVersion": {"Assertions": []}},
    "Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}, "Condition": "IsDev",
                        "DeletionPolicy": "Retain", "Metadata": {"aws:cdk:path": "S/T"}}},
    "Outputs": {"Name": {"Value": {"Ref": "T"}, "Description": "the table", "Condition": "IsDev"}}
  })", "t.json");
  ASSERT_EQ(t.parameters.size(), 1u);
  EXPECT_EQ(t.parameters[0].name, "Env");
  EXPECT_EQ(*t.parameters[0].default_value, "dev");
  EXPECT_EQ(t.parameters[0].allowed_values, (std::vector<std::string>{"dev", "prod"}));
  ASSERT_EQ(t.resources.size(), 1u);
  EXPECT_EQ(t.resources[0].type, "AWS::DynamoDB::Table");
  EXPECT_EQ(t.resources[0].condition, "IsDev");
  EXPECT_EQ(t.resources[0].deletion_policy, "Retain");
  EXPECT_EQ(t.resources[0].properties, json({{"TableName", "t"}}));
  ASSERT_EQ(t.outputs.size(), 1u);
  EXPECT_EQ(t.outputs[0].description, "the table");
  EXPECT_EQ(t.rules, std::vector<std::string>{"CheckBootstrapVersion"});
}

TEST(ParseTemplate, OrdersResourcesAfterWhatTheyReference) {
  auto t = parse_template(R"({"Resources": {
    "A": {"Type": "X::Y::Z", "Properties": {"P": {"Fn::GetAtt": ["B", "Arn"]}}},
    "B": {"Type": "X::Y::Z", "Properties": {"P": {"Fn::Sub": "${C}-${D.Name}"}}},
    "C": {"Type": "X::Y::Z", "DependsOn": "E"},
    "D": {"Type": "X::Y::Z", "Properties": {"P": {"Fn::If": ["Never", {"Ref": "E"}, "x"]}}},
    "E": {"Type": "X::Y::Z"},
    "F": {"Type": "X::Y::Z", "Properties": {"P": {"Fn::Sub": ["${E}", {"E": "shadows the resource"}]}}}
  }, "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}}})", "t.json");
  EXPECT_EQ(t.deploy_order, (std::vector<std::string>{"E", "C", "D", "B", "A", "F"}));
}

TEST(ParseTemplate, ACycleNamesItsResources) {
  EXPECT_EQ(error_of(R"({"Resources": {
    "A": {"Type": "X::Y::Z", "Properties": {"P": {"Ref": "B"}}},
    "B": {"Type": "X::Y::Z", "DependsOn": ["C"]},
    "C": {"Type": "X::Y::Z", "Properties": {"P": {"Fn::GetAtt": "A.Arn"}}}}})"),
            "t.json: A at /Resources/A: expected resources without a circular dependency, got A -> B -> C -> A");
}

TEST(ParseTemplate, TheTemplateMustBeJsonWithResources) {
  EXPECT_EQ(error_of("Resources:\n  A: {}"),
            "t.json: at /: expected a JSON template (as cdk synth writes it; YAML is not read), which this text "
            "does not parse as");
  EXPECT_EQ(error_of("[]"), "t.json: at /: expected an object (a template)");
  EXPECT_EQ(error_of("{}"), "t.json: at /Resources: expected member \"Resources\" (at least one resource)");
  EXPECT_EQ(error_of(R"({"Resources": {}})"), "t.json: at /Resources: expected at least one resource");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z"}}, "Extra": 1})"),
            "t.json: at /Extra: expected a template section (AWSTemplateFormatVersion, Description, Metadata, "
            "Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs, Hooks)");
  EXPECT_EQ(error_of(R"({"Transform": "AWS::Serverless-2016-10-31", "Resources": {"A": {"Type": "X::Y::Z"}}})"),
            "t.json: at /Transform: expected a template without a Transform (macros such as AWS::Serverless are not "
            "expanded)");
}

TEST(ParseTemplate, ResourcesHaveAlphanumericIdsAndATypeAndKnownAttributes) {
  EXPECT_EQ(error_of(R"({"Resources": {"my-table": {"Type": "X::Y::Z"}}})"),
            "t.json: my-table at /Resources/my-table: expected a logical id of letters and digits");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Properties": {}}}})"),
            "t.json: A at /Resources/A/Type: expected a resource type (e.g. \"AWS::DynamoDB::Table\")");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "Propertys": {}}}})"),
            "t.json: A at /Resources/A/Propertys: expected a resource attribute (Type, Properties, DependsOn, "
            "Condition, Metadata, DeletionPolicy, UpdateReplacePolicy, CreationPolicy, UpdatePolicy, Version)");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "Properties": []}}})"),
            "t.json: A at /Resources/A/Properties: expected an object (the resource's properties)");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "DeletionPolicy": "Keep"}}})"),
            "t.json: A at /Resources/A/DeletionPolicy: expected one of Delete, Retain, RetainExceptOnCreate, Snapshot");
}

TEST(ParseTemplate, DependsOnAndConditionNameWhatTheTemplateDefines) {
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "DependsOn": "Nope"}}})"),
            "t.json: A at /Resources/A/DependsOn: expected the logical id of another resource of this template, got "
            "\"Nope\"");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "DependsOn": 5}}})"),
            "t.json: A at /Resources/A/DependsOn: expected a logical id or a list of logical ids");
  EXPECT_EQ(error_of(R"({"Resources": {"A": {"Type": "X::Y::Z", "Condition": "Nope"}}})"),
            "t.json: A at /Resources/A/Condition: expected the name of a condition in /Conditions, got \"Nope\"");
}

TEST(ParseTemplate, ReferencesNameParametersPseudoParametersOrResources) {
  EXPECT_EQ(error_of(with_properties(R"({"A": {"Ref": "Missing"}})")),
            "t.json: R at /Resources/R/Properties/A/Ref: expected a parameter, pseudo parameter or resource of this "
            "template, got \"Missing\" (CloudFormation: Unresolved resource dependencies)");
  EXPECT_EQ(error_of(with_properties(R"({"A": {"Fn::GetAtt": ["P", "Arn"]}})")),
            "t.json: R at /Resources/R/Properties/A/Fn::GetAtt: expected the logical id of a resource of this "
            "template, got \"P\" (CloudFormation: Unresolved resource dependencies)");
  EXPECT_EQ(error_of(with_properties(R"({"A": {"Fn::Sub": "${Other.Arn}-${Nope}"}})")),
            "t.json: R at /Resources/R/Properties/A/Fn::Sub: expected variables naming a parameter, resource or "
            "\"LogicalId.Attribute\" of this template, got \"${Nope}\"");
  EXPECT_EQ(parse_template(with_properties(R"({"A": {"Ref": "AWS::URLSuffix"}, "B": {"Ref": "P"}})"), "t.json")
                .resources.size(),
            2u);
}

TEST(ParseTemplate, IntrinsicsHaveTheirDocumentedShapes) {
  struct Case {
    const char* properties;
    const char* error;
  };
  const Case cases[] = {
      {R"({"A": {"Ref": 5}})", "/A/Ref: expected the name of a parameter or resource (a string)"},
      {R"({"A": {"Fn::GetAtt": "Other"}})", "/A/Fn::GetAtt: expected \"LogicalId.Attribute\" or [LogicalId, Attribute]"},
      {R"({"A": {"Fn::GetAtt": ["Other"]}})", "/A/Fn::GetAtt: expected [LogicalId, Attribute] or \"LogicalId.Attribute\""},
      {R"({"A": {"Fn::Join": [",", "x"]}})", "/A/Fn::Join/1: expected a list, or a function returning one"},
      {R"({"A": {"Fn::Join": [1, []]}})", "/A/Fn::Join/0: expected a string (the delimiter)"},
      {R"({"A": {"Fn::Join": ["x"]}})", "/A/Fn::Join: expected [delimiter, [values]]"},
      {R"({"A": {"Fn::Sub": 5}})", "/A/Fn::Sub: expected a string, or [string, {variable: value}]"},
      {R"({"A": {"Fn::Sub": "${P"}})", "/A/Fn::Sub: expected a '}' closing the \"${\" at character 0"},
      {R"({"A": {"Fn::Sub": ["x", []]}})", "/A/Fn::Sub: expected a string, or [string, {variable: value}]"},
      {R"({"A": {"Fn::Select": [{}, []]}})", "/A/Fn::Select/0: expected an index (a number)"},
      {R"({"A": {"Fn::Split": [",", 5]}})", "/A/Fn::Split/1: expected a string, or a function returning one"},
      {R"({"A": {"Fn::If": ["C", "a"]}})", "/A/Fn::If: expected [condition name, value if true, value if false]"},
      {R"({"A": {"Fn::If": ["Nope", "a", "b"]}})", "/A/Fn::If/0: expected the name of a condition in /Conditions, got \"Nope\""},
      {R"({"A": {"Fn::Equals": ["a"]}})", "/A/Fn::Equals: expected [value, value]"},
      {R"({"A": {"Fn::And": [{"Condition": "C"}]}})", "/A/Fn::And: expected a list of 2 to 10 conditions"},
      {R"({"A": {"Fn::Not": [{"Condition": "C"}, {"Condition": "C"}]}})", "/A/Fn::Not: expected a list of one condition"},
      {R"({"A": {"Fn::Or": ["a", "b"]}})", "/A/Fn::Or/0: expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {\"Condition\": name})"},
      {R"({"A": {"Fn::FindInMap": ["Nope", "k", "v"]}})", "/A/Fn::FindInMap/0: expected the name of a mapping in /Mappings, got \"Nope\""},
      {R"({"A": {"Fn::Base64": []}})", "/A/Fn::Base64: expected a string, or a function returning one"},
      {R"({"A": {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}})",
       "/A/Fn::Cidr: expected an intrinsic function supported here (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, "
       "Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::FindInMap, Fn::GetAZs, "
       "Fn::Base64, Fn::ImportValue), got Fn::Cidr"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(error_of(with_properties(c.properties)), std::string("t.json: R at /Resources/R/Properties") + c.error)
        << c.properties;
}

TEST(ParseTemplate, ConditionsAreCheckedAndMayNotLoop) {
  EXPECT_EQ(error_of(R"({"Conditions": {"A": {"Ref": "X"}}, "Resources": {"R": {"Type": "X::Y::Z"}}})"),
            "t.json: at /Conditions/A: expected a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {\"Condition\": "
            "name})");
  EXPECT_EQ(error_of(R"({"Conditions": {"A": {"Fn::Not": [{"Condition": "B"}]}, "B": {"Fn::Not": [{"Condition": "A"}]}},
                         "Resources": {"R": {"Type": "X::Y::Z"}}})"),
            "t.json: at /Conditions/A: expected conditions without a circular reference, got A -> B -> A");
}

TEST(ParseTemplate, OutputsAndParametersAreChecked) {
  EXPECT_EQ(error_of(R"({"Resources": {"R": {"Type": "X::Y::Z"}}, "Outputs": {"O": {"Description": "no value"}}})"),
            "t.json: at /Outputs/O/Value: expected member \"Value\"");
  EXPECT_EQ(error_of(R"({"Resources": {"R": {"Type": "X::Y::Z"}}, "Outputs": {"O": {"Value": {"Ref": "Nope"}}}})"),
            "t.json: at /Outputs/O/Value/Ref: expected a parameter, pseudo parameter or resource of this template, "
            "got \"Nope\" (CloudFormation: Unresolved resource dependencies)");
  EXPECT_EQ(error_of(R"({"Parameters": {"P": {"Default": "x"}}, "Resources": {"R": {"Type": "X::Y::Z"}}})"),
            "t.json: at /Parameters/P/Type: expected a string (the parameter's type)");
  EXPECT_EQ(error_of(R"({"Parameters": {"P": {"Type": "String", "Defualt": "x"}}, "Resources": {"R": {"Type": "X::Y::Z"}}})"),
            "t.json: at /Parameters/P/Defualt: expected a parameter attribute (Type, Default, AllowedValues, "
            "AllowedPattern, Description, NoEcho, MinLength, MaxLength, MinValue, MaxValue, ConstraintDescription)");
}

TEST(TemplateError, PointersEscapeSlashAndTilde) {
  EXPECT_EQ(pointer_token("a/b~c"), "a~1b~0c");
  EXPECT_EQ(error_of(with_properties(R"({"a/b": {"Ref": "Missing"}})")).substr(0, 45),
            "t.json: R at /Resources/R/Properties/a~1b/Ref");
}

}  // namespace
}  // namespace streamstack::cloudformation
