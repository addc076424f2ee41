#pragma once
// The values of a template's Parameters for one deploy: `--parameter Name=value` first, else
// the Default, checked against the parameter's type, AllowedValues and AllowedPattern as
// CloudFormation checks them (in its words). A local deploy has no SSM Parameter Store: an
// AWS::SSM::Parameter::Value<...> parameter without an override has no value, which is an error
// only if something references it (CDK's BootstrapVersion is read by its CheckBootstrapVersion
// rule alone, which a deploy without a bootstrap stack passes over). CDK's legacy asset
// parameters (AssetParameters<hash>S3Bucket..., ...S3VersionKey..., ...ArtifactHash...) name
// the asset folder beside the template, so the code they locate is found there.
#include "cloudformation/template.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace streamstack::cloudformation {

struct ParameterValue {
  nlohmann::json value;     // a string, or a list for the list types
  std::string unavailable;  // when not empty, why there is no value
};

std::map<std::string, ParameterValue> parameter_values(const Template& t,
                                                       const std::map<std::string, std::string>& overrides);

// "Name=value" as --parameter takes it; throws std::invalid_argument otherwise.
std::pair<std::string, std::string> parse_parameter_override(const std::string& text);

}  // namespace streamstack::cloudformation
