// Each intrinsic function CloudFormation evaluates, on a template of two resources and one
// parameter, with the names resolving as a deploy would resolve them.
#include "cloudformation/intrinsics.h"

#include <gtest/gtest.h>

#include <map>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

const char* kTemplate = R"({
  "Parameters": {"Env": {"Type": "String", "Default": "dev"}, "Zones": {"Type": "CommaDelimitedList", "Default": "a,b"}},
  "Mappings": {"Sizes": {"dev": {"Memory": 128}, "prod": {"Memory": 1024}}},
  "Conditions": {
    "IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]},
    "IsProd": {"Fn::Not": [{"Condition": "IsDev"}]},
    "Both": {"Fn::And": [{"Condition": "IsDev"}, {"Fn::Equals": ["1", 1]}]},
    "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]}
  },
  "Resources": {
    "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}
  }
})";

class FakeScope : public Scope {
 public:
  explicit FakeScope(const Template& t) : t_(t), resolver_(t, *this) {}
  json parameter(const std::string& name, const ErrorSite& site, const std::string& at) const override {
    if (name == "AWS::Region") return "us-east-1";
    if (name == "AWS::AccountId") return "000000000000";
    if (name == "Env") return "dev";
    if (name == "Zones") return json::array({"a", "b"});
    site.fail(at, "a parameter");
  }
  json ref(const std::string& id, const ErrorSite&, const std::string&) const override { return "physical-" + id; }
  json attribute(const std::string& id, const std::string& name, const ErrorSite& site,
                 const std::string& at) const override {
    if (id == "Table" && name == "Arn") return "arn:aws:dynamodb:us-east-1:000000000000:table/physical-Table";
    if (id == "Fn" && name == "Arn") return "arn:aws:lambda:us-east-1:000000000000:function:physical-Fn";
    site.fail(at, "an attribute " + id + " has, got " + name);
  }
  bool condition(const std::string& name) const override {
    return resolver_.condition(t_.conditions[name], ErrorSite{"t.json", ""}, "/Conditions/" + name);
  }
  std::string region() const override { return "us-east-1"; }

  json resolve(const json& value) const {
    auto v = resolver_.resolve(value, ErrorSite{"t.json", "Fn"}, "/Resources/Fn/Properties/P");
    return v ? *v : json("<no value>");
  }

 private:
  const Template& t_;
  Resolver resolver_;
};

class Intrinsics : public ::testing::Test {
 protected:
  Template t_ = parse_template(kTemplate, "t.json");
  FakeScope scope_{t_};

  json resolve(const char* text) { return scope_.resolve(json::parse(text)); }
  std::string error(const char* text) {
    try {
      resolve(text);
    } catch (const TemplateError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(Intrinsics, RefOfAResourceIsItsPhysicalIdAndOfAParameterItsValue) {
  EXPECT_EQ(resolve(R"({"Ref": "Table"})"), "physical-Table");
  EXPECT_EQ(resolve(R"({"Ref": "Env"})"), "dev");
  EXPECT_EQ(resolve(R"({"Ref": "Zones"})"), json::array({"a", "b"}));
  EXPECT_EQ(resolve(R"({"Ref": "AWS::Region"})"), "us-east-1");
}

TEST_F(Intrinsics, GetAttTakesBothForms) {
  EXPECT_EQ(resolve(R"({"Fn::GetAtt": ["Table", "Arn"]})"), "arn:aws:dynamodb:us-east-1:000000000000:table/physical-Table");
  EXPECT_EQ(resolve(R"({"Fn::GetAtt": "Fn.Arn"})"), "arn:aws:lambda:us-east-1:000000000000:function:physical-Fn");
  EXPECT_EQ(error(R"({"Fn::GetAtt": ["Table", {"Ref": "AWS::NoValue"}]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::GetAtt/1: expected a value (AWS::NoValue leaves nothing here)");
}

TEST_F(Intrinsics, JoinWritesScalarsBetweenTheDelimiter) {
  EXPECT_EQ(resolve(R"({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Region"}, ":", 5, true]]})"), "arn:us-east-1:5true");
  EXPECT_EQ(resolve(R"({"Fn::Join": [",", {"Ref": "Zones"}]})"), "a,b");
  EXPECT_EQ(resolve(R"({"Fn::Join": ["-", []]})"), "");
}

TEST_F(Intrinsics, SubReplacesParametersResourcesAttributesAndItsOwnVariables) {
  EXPECT_EQ(resolve(R"({"Fn::Sub": "cdk-${AWS::AccountId}-${AWS::Region}"})"), "cdk-000000000000-us-east-1");
  EXPECT_EQ(resolve(R"({"Fn::Sub": "${Table} ${Fn.Arn} ${Env}"})"),
            "physical-Table arn:aws:lambda:us-east-1:000000000000:function:physical-Fn dev");
  EXPECT_EQ(resolve(R"({"Fn::Sub": ["${Name}-${Env}", {"Name": {"Ref": "Table"}}]})"), "physical-Table-dev");
  EXPECT_EQ(resolve(R"({"Fn::Sub": "literal ${!Env} stays"})"), "literal ${Env} stays");
}

TEST_F(Intrinsics, SelectAndSplit) {
  EXPECT_EQ(resolve(R"({"Fn::Select": [1, ["a", "b", "c"]]})"), "b");
  EXPECT_EQ(resolve(R"({"Fn::Select": ["0", {"Ref": "Zones"}]})"), "a");
  EXPECT_EQ(resolve(R"({"Fn::Split": ["||", "assets/||file.zip"]})"), json::array({"assets/", "file.zip"}));
  EXPECT_EQ(resolve(R"({"Fn::Select": [1, {"Fn::Split": ["/", "a/b/c"]}]})"), "b");
  EXPECT_EQ(resolve(R"({"Fn::Split": [",", ""]})"), json::array({""}));
}

TEST_F(Intrinsics, SelectOutsideTheListNamesItsLength) {
  EXPECT_EQ(error(R"({"Fn::Select": [3, ["a", "b"]]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::Select/0: expected an index below the list's length 2, got 3");
  EXPECT_EQ(error(R"({"Fn::Select": ["x", ["a"]]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::Select/0: expected an index (a whole number), got \"x\"");
}

TEST_F(Intrinsics, IfTakesTheBranchOfItsCondition) {
  EXPECT_EQ(resolve(R"({"Fn::If": ["IsDev", "small", "large"]})"), "small");
  EXPECT_EQ(resolve(R"({"Fn::If": ["IsProd", "small", "large"]})"), "large");
  // The branch not taken is not evaluated: its unknown attribute is never asked for.
  EXPECT_EQ(resolve(R"({"Fn::If": ["IsDev", "ok", {"Fn::GetAtt": ["Table", "Nope"]}]})"), "ok");
}

TEST_F(Intrinsics, ConditionFunctionsCombine) {
  EXPECT_TRUE(scope_.condition("IsDev"));
  EXPECT_FALSE(scope_.condition("IsProd"));
  EXPECT_TRUE(scope_.condition("Both"));  // "1" equals 1: parameters are strings
  EXPECT_TRUE(scope_.condition("Either"));
}

TEST_F(Intrinsics, NoValueRemovesThePropertyOrListElement) {
  EXPECT_EQ(resolve(R"({"A": {"Ref": "AWS::NoValue"}, "B": 1})"), json({{"B", 1}}));
  EXPECT_EQ(resolve(R"([1, {"Ref": "AWS::NoValue"}, 2])"), json::array({1, 2}));
  EXPECT_EQ(resolve(R"({"A": {"Fn::If": ["IsDev", {"Ref": "AWS::NoValue"}, "x"]}})"), json::object());
}

TEST_F(Intrinsics, FindInMapGetAzsAndBase64) {
  EXPECT_EQ(resolve(R"({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Memory"]})"), 128);
  EXPECT_EQ(resolve(R"({"Fn::GetAZs": ""})"), json::array({"us-east-1a", "us-east-1b", "us-east-1c"}));
  EXPECT_EQ(resolve(R"({"Fn::GetAZs": "eu-west-1"})"), json::array({"eu-west-1a", "eu-west-1b", "eu-west-1c"}));
  EXPECT_EQ(resolve(R"({"Fn::Base64": {"Fn::Sub": "echo ${Env}"}})"), "ZWNobyBkZXY=");
  EXPECT_EQ(error(R"({"Fn::FindInMap": ["Sizes", "test", "Memory"]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::FindInMap/1: expected a top-level key of mapping Sizes, got "
            "\"test\"");
}

TEST_F(Intrinsics, ImportValueIsAClearError) {
  EXPECT_EQ(error(R"({"Fn::ImportValue": "SharedVpcId"})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::ImportValue: expected no Fn::ImportValue: a local deploy has "
            "only this stack, so no other stack exports \"SharedVpcId\" (pass the value as a parameter instead)");
}

TEST_F(Intrinsics, JoiningANonScalarNamesTheElement) {
  EXPECT_EQ(error(R"({"Fn::Join": ["", ["a", {"k": 1}]]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::Join/1/1: expected a string to join, got {\"k\":1}");
}

TEST_F(Intrinsics, AnUnknownAttributeIsTheScopesError) {
  EXPECT_EQ(error(R"({"Fn::GetAtt": ["Table", "Nope"]})"),
            "t.json: Fn at /Resources/Fn/Properties/P/Fn::GetAtt: expected an attribute Table has, got Nope");
}

}  // namespace
}  // namespace streamstack::cloudformation
