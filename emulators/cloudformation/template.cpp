// Reading a template's sections: their shapes as CloudFormation's template format defines them.
#include "cloudformation/template.h"

#include "cloudformation/dependency_graph.h"
#include "cloudformation/template_error.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

constexpr std::array kSections = {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
                                  "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks"};
constexpr std::array kResourceAttributes = {"Type", "Properties", "DependsOn", "Condition", "Metadata",
                                            "DeletionPolicy", "UpdateReplacePolicy", "CreationPolicy",
                                            "UpdatePolicy", "Version"};
constexpr std::array kParameterMembers = {"Type", "Default", "AllowedValues", "AllowedPattern", "Description",
                                          "NoEcho", "MinLength", "MaxLength", "MinValue", "MaxValue",
                                          "ConstraintDescription"};
constexpr std::array kOutputMembers = {"Value", "Description", "Export", "Condition"};
constexpr std::array kDeletionPolicies = {"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"};

template <std::size_t N>
bool among(const std::array<const char*, N>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

template <std::size_t N>
std::string listed(const std::array<const char*, N>& names) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// CloudFormation's logical ids: letters and digits only.
bool alphanumeric(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

const json& object_section(const ErrorSite& site, const json& document, const char* name) {
  static const json kEmpty = json::object();
  if (!document.contains(name)) return kEmpty;
  const auto& section = document[name];
  if (!section.is_object()) site.fail(std::string("/") + name, "an object (the " + std::string(name) + " section)");
  return section;
}

std::vector<TemplateParameter> read_parameters(const ErrorSite& site, const json& document) {
  std::vector<TemplateParameter> out;
  for (const auto& [name, p] : object_section(site, document, "Parameters").items()) {
    const auto at = "/Parameters/" + pointer_token(name);
    if (!alphanumeric(name)) site.fail(at, "a parameter name of letters and digits, got \"" + name + "\"");
    if (!p.is_object()) site.fail(at, "an object (a parameter)");
    for (const auto& [member, value] : p.items())
      if (!among(kParameterMembers, member))
        site.fail(at + "/" + pointer_token(member), "a parameter attribute (" + listed(kParameterMembers) + ")");
    if (!p.contains("Type") || !p["Type"].is_string()) site.fail(at + "/Type", "a string (the parameter's type)");
    TemplateParameter parameter;
    parameter.name = name;
    parameter.type = p["Type"].get<std::string>();
    if (p.contains("Default")) {
      const auto& d = p["Default"];
      if (!d.is_string() && !d.is_number() && !d.is_array()) site.fail(at + "/Default", "a string, number or list");
      parameter.default_value = d;
    }
    if (p.contains("AllowedValues")) {
      const auto& values = p["AllowedValues"];
      if (!values.is_array()) site.fail(at + "/AllowedValues", "a list of values");
      for (const auto& v : values) parameter.allowed_values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
    if (p.contains("AllowedPattern")) {
      if (!p["AllowedPattern"].is_string()) site.fail(at + "/AllowedPattern", "a string (a regular expression)");
      parameter.allowed_pattern = p["AllowedPattern"].get<std::string>();
    }
    out.push_back(std::move(parameter));
  }
  return out;
}

std::vector<std::string> depends_on(const ErrorSite& site, const json& value, const std::string& at) {
  if (value.is_string()) return {value.get<std::string>()};
  if (!value.is_array()) site.fail(at, "a logical id or a list of logical ids");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) site.fail(at + "/" + std::to_string(i), "a logical id (a string)");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

// Moves the properties and metadata out of `r`: a template is read once.
TemplateResource read_resource(const std::string& file, const std::string& id, json& r) {
  ErrorSite site{file, id};
  TemplateResource resource;
  resource.logical_id = id;
  const auto at = resource.pointer();
  if (!alphanumeric(id)) site.fail(at, "a logical id of letters and digits");
  if (!r.is_object()) site.fail(at, "an object (a resource)");
  for (const auto& [member, value] : r.items())
    if (!among(kResourceAttributes, member))
      site.fail(at + "/" + pointer_token(member), "a resource attribute (" + listed(kResourceAttributes) + ")");
  if (!r.contains("Type") || !r["Type"].is_string() || r["Type"].get_ref<const std::string&>().empty())
    site.fail(at + "/Type", "a resource type (e.g. \"AWS::DynamoDB::Table\")");
  resource.type = r["Type"].get<std::string>();
  if (r.contains("Properties")) {
    if (!r["Properties"].is_object()) site.fail(at + "/Properties", "an object (the resource's properties)");
    resource.properties = std::move(r["Properties"]);
  }
  if (r.contains("DependsOn")) resource.depends_on = depends_on(site, r["DependsOn"], at + "/DependsOn");
  if (r.contains("Condition")) {
    if (!r["Condition"].is_string()) site.fail(at + "/Condition", "the name of a condition (a string)");
    resource.condition = r["Condition"].get<std::string>();
  }
  if (r.contains("Metadata")) {
    if (!r["Metadata"].is_object()) site.fail(at + "/Metadata", "an object");
    resource.metadata = std::move(r["Metadata"]);
  }
  if (r.contains("DeletionPolicy")) {
    const auto& policy = r["DeletionPolicy"];
    if (!policy.is_string() || !among(kDeletionPolicies, policy.get<std::string>()))
      site.fail(at + "/DeletionPolicy", "one of " + listed(kDeletionPolicies));
    resource.deletion_policy = policy.get<std::string>();
  }
  return resource;
}

std::vector<TemplateOutput> read_outputs(const ErrorSite& site, const json& document) {
  std::vector<TemplateOutput> out;
  for (const auto& [key, o] : object_section(site, document, "Outputs").items()) {
    const auto at = "/Outputs/" + pointer_token(key);
    if (!alphanumeric(key)) site.fail(at, "an output name of letters and digits, got \"" + key + "\"");
    if (!o.is_object()) site.fail(at, "an object (an output)");
    for (const auto& [member, value] : o.items())
      if (!among(kOutputMembers, member))
        site.fail(at + "/" + pointer_token(member), "an output attribute (" + listed(kOutputMembers) + ")");
    if (!o.contains("Value")) site.fail(at + "/Value", "member \"Value\"");
    TemplateOutput output;
    output.key = key;
    output.value = o["Value"];
    if (o.contains("Condition")) {
      if (!o["Condition"].is_string()) site.fail(at + "/Condition", "the name of a condition (a string)");
      output.condition = o["Condition"].get<std::string>();
    }
    if (o.contains("Description") && o["Description"].is_string()) output.description = o["Description"];
    out.push_back(std::move(output));
  }
  return out;
}

}  // namespace

std::string TemplateResource::pointer() const { return "/Resources/" + pointer_token(logical_id); }

const TemplateResource* Template::find(std::string_view logical_id) const {
  for (const auto& r : resources)
    if (r.logical_id == logical_id) return &r;
  return nullptr;
}

const TemplateParameter* Template::parameter(std::string_view name) const {
  for (const auto& p : parameters)
    if (p.name == name) return &p;
  return nullptr;
}

bool is_pseudo_parameter(std::string_view name) {
  static constexpr std::array kPseudo = {"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
                                         "AWS::Partition",  "AWS::Region",           "AWS::StackId",
                                         "AWS::StackName",  "AWS::URLSuffix"};
  return among(kPseudo, name);
}

const std::string* intrinsic_function(const json& value) {
  if (!value.is_object() || value.size() != 1) return nullptr;
  const auto& key = value.begin().key();
  return key == "Ref" || key.rfind("Fn::", 0) == 0 ? &key : nullptr;
}

Template parse_template(std::string_view text, const std::string& file) {
  ErrorSite site{file, ""};
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded())
    site.fail("", "a JSON template (as cdk synth writes it; YAML is not read), which this text does not parse as");
  if (!document.is_object()) site.fail("", "an object (a template)");
  for (const auto& [section, value] : document.items())
    if (!among(kSections, section))
      site.fail("/" + pointer_token(section), "a template section (" + listed(kSections) + ")");
  if (document.contains("Transform"))
    site.fail("/Transform", "a template without a Transform (macros such as AWS::Serverless are not expanded)");

  Template t;
  t.file = file;
  t.parameters = read_parameters(site, document);
  t.conditions = object_section(site, document, "Conditions");
  t.mappings = object_section(site, document, "Mappings");
  for (const auto& [name, rule] : object_section(site, document, "Rules").items()) t.rules.push_back(name);
  if (!document.contains("Resources")) site.fail("/Resources", "member \"Resources\" (at least one resource)");
  const auto& resources = object_section(site, document, "Resources");
  if (resources.empty()) site.fail("/Resources", "at least one resource");
  for (auto& [id, r] : document["Resources"].items()) t.resources.push_back(read_resource(file, id, r));
  t.outputs = read_outputs(site, document);
  detail::check_references(t);
  t.deploy_order = deploy_order(t);
  return t;
}

}  // namespace streamstack::cloudformation
