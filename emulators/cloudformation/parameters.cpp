#include "cloudformation/parameters.h"

#include "cloudformation/template_error.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <stdexcept>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

bool is_list_type(const std::string& type) {
  return type == "CommaDelimitedList" || type.rfind("List<", 0) == 0;
}

json split_list(const std::string& text) {
  json out = json::array();
  std::size_t from = 0;
  for (auto comma = text.find(','); comma != std::string::npos; comma = text.find(',', from)) {
    out.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  out.push_back(text.substr(from));
  return out;
}

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& v : value) out += (out.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
    return out;
  }
  return value.dump();
}

// The value CDK's legacy (v1) synthesizer expects from the CLI for an asset parameter, pointing
// at the asset's folder beside the template: S3Key is built as prefix || file.
std::optional<std::string> legacy_asset_value(const std::string& name) {
  static const std::regex kAsset("AssetParameters([0-9a-f]{64})(S3Bucket|S3VersionKey|ArtifactHash)[0-9A-F]{8}");
  std::smatch m;
  if (!std::regex_match(name, m, kAsset)) return std::nullopt;
  if (m[2] == "S3Bucket") return std::string("cdk-assets-local");
  if (m[2] == "S3VersionKey") return "||asset." + m[1].str();
  return m[1].str();
}

}  // namespace

std::map<std::string, ParameterValue> parameter_values(const Template& t,
                                                       const std::map<std::string, std::string>& overrides) {
  ErrorSite site{t.file, ""};
  std::string unknown;
  for (const auto& [name, value] : overrides)
    if (!t.parameter(name)) unknown += (unknown.empty() ? "" : ", ") + name;
  if (!unknown.empty())
    site.fail("/Parameters", "parameters the template declares (CloudFormation: Parameters: [" + unknown +
                                 "] do not exist in the template)");
  std::map<std::string, ParameterValue> out;
  std::string missing;
  for (const auto& p : t.parameters) {
    const auto at = "/Parameters/" + pointer_token(p.name);
    std::optional<std::string> given;
    if (auto it = overrides.find(p.name); it != overrides.end()) given = it->second;
    if (p.type.rfind("AWS::SSM::Parameter::Value<", 0) == 0 && !given) {
      out[p.name] = {json(), "parameter " + p.name + " reads SSM parameter " +
                                 (p.default_value ? text_of(*p.default_value) : std::string("(none)")) +
                                 ", and a local deploy has no SSM Parameter Store: pass --parameter " + p.name +
                                 "=VALUE"};
      continue;
    }
    if (!given && p.default_value) given = text_of(*p.default_value);
    if (!given) given = legacy_asset_value(p.name);
    if (!given) {
      missing += (missing.empty() ? "" : ", ") + p.name;
      continue;
    }
    if (!p.allowed_values.empty() &&
        std::find(p.allowed_values.begin(), p.allowed_values.end(), *given) == p.allowed_values.end())
      site.fail(at, "one of its AllowedValues (CloudFormation: Parameter '" + p.name +
                        "' must be one of AllowedValues), got \"" + *given + "\"");
    if (p.allowed_pattern) {
      bool matches = false;
      try {
        matches = std::regex_match(*given, std::regex(*p.allowed_pattern));
      } catch (const std::regex_error&) {
        site.fail(at + "/AllowedPattern", "a regular expression, got \"" + *p.allowed_pattern + "\"");
      }
      if (!matches)
        site.fail(at, "a value matching its AllowedPattern (CloudFormation: Parameter '" + p.name +
                          "' must match pattern " + *p.allowed_pattern + "), got \"" + *given + "\"");
    }
    if (p.type == "Number") {
      std::size_t used = 0;
      bool number = false;
      try {
        std::stod(*given, &used);
        number = used == given->size();
      } catch (const std::exception&) {
      }
      if (!number)
        site.fail(at, "a number (CloudFormation: Parameter '" + p.name + "' must be a number), got \"" + *given + "\"");
    }
    out[p.name] = {is_list_type(p.type) ? split_list(*given) : json(*given), ""};
  }
  if (!missing.empty())
    site.fail("/Parameters", "a value for every parameter without a Default (CloudFormation: Parameters: [" + missing +
                                 "] must have values); pass --parameter Name=VALUE");
  return out;
}

std::pair<std::string, std::string> parse_parameter_override(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument("--parameter expects Name=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace streamstack::cloudformation
