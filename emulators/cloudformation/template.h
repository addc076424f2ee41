#pragma once
// A CloudFormation template as `cdk synth` writes it (JSON), read into its sections and checked
// before anything is deployed: every intrinsic function has the shape CloudFormation takes,
// every reference names a parameter, pseudo parameter, resource or condition of the template,
// and the resources have no circular dependency. Reading has no side effects, so a template can
// be checked from text alone (validate.h).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::cloudformation {

struct TemplateParameter {
  std::string name;
  std::string type;  // String, Number, CommaDelimitedList, AWS::SSM::Parameter::Value<String>, ...
  std::optional<nlohmann::json> default_value;
  std::vector<std::string> allowed_values;
  std::optional<std::string> allowed_pattern;
};

struct TemplateResource {
  std::string logical_id;
  std::string type;
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> depends_on;
  std::string condition;  // empty: always deployed
  nlohmann::json metadata = nlohmann::json::object();
  std::string deletion_policy = "Delete";  // Delete | Retain | RetainExceptOnCreate | Snapshot

  // "/Resources/<LogicalId>"
  std::string pointer() const;
};

struct TemplateOutput {
  std::string key;
  nlohmann::json value;
  std::string condition;
  std::string description;
};

struct Template {
  std::string file;  // as messages name it
  std::vector<TemplateParameter> parameters;
  nlohmann::json conditions = nlohmann::json::object();
  nlohmann::json mappings = nlohmann::json::object();
  std::vector<TemplateResource> resources;  // in logical id order (JSON objects are read sorted)
  std::vector<TemplateOutput> outputs;
  std::vector<std::string> rules;  // rule names
  // Logical ids in an order where each resource comes after everything it depends on (Ref,
  // Fn::GetAtt, Fn::Sub, DependsOn); among independent resources, logical id order.
  std::vector<std::string> deploy_order;

  const TemplateResource* find(std::string_view logical_id) const;
  const TemplateParameter* parameter(std::string_view name) const;
};

// Pseudo parameters CloudFormation defines (AWS::Region, ...), AWS::NoValue included.
bool is_pseudo_parameter(std::string_view name);

// The function name when `value` is an intrinsic function call (an object whose one key is
// "Ref" or starts with "Fn::"); nullptr otherwise.
const std::string* intrinsic_function(const nlohmann::json& value);

// Reads and checks `text`; throws TemplateError naming `file`, the logical id, the JSON pointer
// and what was expected.
Template parse_template(std::string_view text, const std::string& file);

namespace detail {
// The checks of parse_template after the sections are read (template_checks.cpp).
void check_references(const Template& t);
}  // namespace detail

}  // namespace streamstack::cloudformation
