// A template's parameter values: overrides, defaults, types and constraints in CloudFormation's
// words; SSM parameters a local deploy cannot read; CDK's legacy asset parameters.
#include "cloudformation/parameters.h"
#include "cloudformation/template_error.h"

#include <gtest/gtest.h>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

Template with_parameters(const std::string& parameters) {
  return parse_template(R"({"Parameters": )" + parameters + R"(, "Resources": {"R": {"Type": "X::Y::Z"}}})", "t.json");
}

std::string error_of(const std::string& parameters, const std::map<std::string, std::string>& overrides = {}) {
  try {
    parameter_values(with_parameters(parameters), overrides);
  } catch (const TemplateError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParameterValues, AnOverrideWinsOverTheDefault) {
  auto values = parameter_values(with_parameters(R"({"Env": {"Type": "String", "Default": "dev"},
                                                     "Size": {"Type": "Number", "Default": 5}})"),
                                 {{"Env", "prod"}});
  EXPECT_EQ(values["Env"].value, "prod");
  EXPECT_EQ(values["Size"].value, "5");
}

TEST(ParameterValues, ListTypesAreLists) {
  auto values = parameter_values(with_parameters(R"({"Zones": {"Type": "CommaDelimitedList", "Default": "a,b"},
                                                     "Ports": {"Type": "List<Number>"}})"),
                                 {{"Ports", "80,443"}});
  EXPECT_EQ(values["Zones"].value, json::array({"a", "b"}));
  EXPECT_EQ(values["Ports"].value, json::array({"80", "443"}));
}

TEST(ParameterValues, MissingAndUnknownParametersAreCloudFormationsErrors) {
  EXPECT_EQ(error_of(R"({"A": {"Type": "String"}, "B": {"Type": "String"}})"),
            "t.json: at /Parameters: expected a value for every parameter without a Default (CloudFormation: "
            "Parameters: [A, B] must have values); pass --parameter Name=VALUE");
  EXPECT_EQ(error_of(R"({"A": {"Type": "String", "Default": "x"}})", {{"Nope", "1"}}),
            "t.json: at /Parameters: expected parameters the template declares (CloudFormation: Parameters: [Nope] do "
            "not exist in the template)");
}

TEST(ParameterValues, ConstraintsAreChecked) {
  EXPECT_EQ(error_of(R"({"Env": {"Type": "String", "Default": "test", "AllowedValues": ["dev", "prod"]}})"),
            "t.json: at /Parameters/Env: expected one of its AllowedValues (CloudFormation: Parameter 'Env' must be one "
            "of AllowedValues), got \"test\"");
  EXPECT_EQ(error_of(R"({"Name": {"Type": "String", "Default": "Bad Name", "AllowedPattern": "[a-z]+"}})"),
            "t.json: at /Parameters/Name: expected a value matching its AllowedPattern (CloudFormation: Parameter 'Name' "
            "must match pattern [a-z]+), got \"Bad Name\"");
  EXPECT_EQ(error_of(R"({"Size": {"Type": "Number"}})", {{"Size", "five"}}),
            "t.json: at /Parameters/Size: expected a number (CloudFormation: Parameter 'Size' must be a number), got "
            "\"five\"");
}

TEST(ParameterValues, AnSsmParameterHasNoValueUnlessGivenOne) {
  const char* bootstrap = R"({"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                                   "Default": "/cdk-bootstrap/hnb659fds/version"}})";
  auto values = parameter_values(with_parameters(bootstrap), {});
  EXPECT_EQ(values["BootstrapVersion"].unavailable,
            "parameter BootstrapVersion reads SSM parameter /cdk-bootstrap/hnb659fds/version, and a local deploy has no "
            "SSM Parameter Store: pass --parameter BootstrapVersion=VALUE");
  auto given = parameter_values(with_parameters(bootstrap), {{"BootstrapVersion", "21"}});
  EXPECT_EQ(given["BootstrapVersion"].value, "21");
  EXPECT_EQ(given["BootstrapVersion"].unavailable, "");
}

TEST(ParameterValues, LegacyCdkAssetParametersPointAtTheAssetFolder) {
  const std::string hash = "5b47dcdaefbbd1de61168e69dfc6a6c057e31c3e8e9311736fd1cbd327949611";
  auto values = parameter_values(
      with_parameters(R"({"AssetParameters)" + hash + R"(S3Bucket12345678": {"Type": "String"},
                          "AssetParameters)" + hash + R"(S3VersionKeyABCDEF01": {"Type": "String"},
                          "AssetParameters)" + hash + R"(ArtifactHash0A1B2C3D": {"Type": "String"}})"),
      {});
  EXPECT_EQ(values["AssetParameters" + hash + "S3Bucket12345678"].value, "cdk-assets-local");
  EXPECT_EQ(values["AssetParameters" + hash + "S3VersionKeyABCDEF01"].value, "||asset." + hash);
  EXPECT_EQ(values["AssetParameters" + hash + "ArtifactHash0A1B2C3D"].value, hash);
}

TEST(ParameterOverride, IsNameEqualsValue) {
  EXPECT_EQ(parse_parameter_override("Env=prod=1"), (std::pair<std::string, std::string>{"Env", "prod=1"}));
  EXPECT_EQ(parse_parameter_override("Env="), (std::pair<std::string, std::string>{"Env", ""}));
  EXPECT_THROW(parse_parameter_override("=x"), std::invalid_argument);
  EXPECT_THROW(parse_parameter_override("Env"), std::invalid_argument);
}

}  // namespace
}  // namespace streamstack::cloudformation
