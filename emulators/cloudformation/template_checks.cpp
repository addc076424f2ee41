// The checks CloudFormation makes of a template before it creates anything: each intrinsic
// function has its documented shape, and each name it uses is defined by the template.
#include "cloudformation/sub_string.h"
#include "cloudformation/template.h"
#include "cloudformation/template_error.h"

#include <algorithm>
#include <functional>
#include <set>

namespace streamstack::cloudformation::detail {
namespace {

using nlohmann::json;

constexpr const char* kSupported =
    "Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not, "
    "Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::ImportValue";

class Checker {
 public:
  Checker(const Template& t, ErrorSite site) : t_(t), site_(std::move(site)) {}

  // Any value: literals pass, intrinsics are checked, objects and lists are walked.
  void value(const json& v, const std::string& at) {
    if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) value(v[i], at + "/" + std::to_string(i));
      return;
    }
    if (!v.is_object()) return;
    if (const std::string* fn = intrinsic_function(v)) return function(*fn, v.begin().value(), at + "/" + pointer_token(*fn));
    for (const auto& [key, member] : v.items()) value(member, at + "/" + pointer_token(key));
  }

  // A condition expression: Fn::Equals, Fn::And, Fn::Or, Fn::Not, or {"Condition": name}.
  void condition(const json& v, const std::string& at) {
    if (v.is_object() && v.size() == 1 && v.contains("Condition")) {
      condition_name(v["Condition"], at + "/Condition");
      return;
    }
    const std::string* fn = intrinsic_function(v);
    if (!fn || (*fn != "Fn::Equals" && *fn != "Fn::And" && *fn != "Fn::Or" && *fn != "Fn::Not" && *fn != "Fn::If"))
      site_.fail(at, "a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {\"Condition\": name})");
    function(*fn, v.begin().value(), at + "/" + pointer_token(*fn));
  }

  void condition_name(const json& v, const std::string& at) {
    if (!v.is_string() || !t_.conditions.contains(v.get<std::string>()))
      site_.fail(at, "the name of a condition in /Conditions, got " + v.dump());
  }

 private:
  void function(const std::string& fn, const json& arg, const std::string& at) {
    if (fn == "Ref") return ref(arg, at);
    if (fn == "Fn::GetAtt") return get_att(arg, at);
    if (fn == "Fn::Sub") return sub(arg, at);
    if (fn == "Fn::Join") {
      pair(arg, at, "[delimiter, [values]]");
      if (!arg[0].is_string()) site_.fail(at + "/0", "a string (the delimiter)");
      return list_operand(arg[1], at + "/1");
    }
    if (fn == "Fn::Select") {
      pair(arg, at, "[index, [values]]");
      if (!arg[0].is_number_unsigned() && !arg[0].is_string() && !intrinsic_function(arg[0]))
        site_.fail(at + "/0", "an index (a number)");
      value(arg[0], at + "/0");
      return list_operand(arg[1], at + "/1");
    }
    if (fn == "Fn::Split") {
      pair(arg, at, "[delimiter, text]");
      if (!arg[0].is_string()) site_.fail(at + "/0", "a string (the delimiter)");
      return string_operand(arg[1], at + "/1");
    }
    if (fn == "Fn::If") {
      if (!arg.is_array() || arg.size() != 3) site_.fail(at, "[condition name, value if true, value if false]");
      condition_name(arg[0], at + "/0");
      value(arg[1], at + "/1");
      return value(arg[2], at + "/2");
    }
    if (fn == "Fn::Equals") {
      pair(arg, at, "[value, value]");
      return value(arg, at);
    }
    if (fn == "Fn::And" || fn == "Fn::Or") {
      if (!arg.is_array() || arg.size() < 2 || arg.size() > 10) site_.fail(at, "a list of 2 to 10 conditions");
      for (std::size_t i = 0; i < arg.size(); ++i) condition(arg[i], at + "/" + std::to_string(i));
      return;
    }
    if (fn == "Fn::Not") {
      if (!arg.is_array() || arg.size() != 1) site_.fail(at, "a list of one condition");
      return condition(arg[0], at + "/0");
    }
    if (fn == "Fn::FindInMap") {
      if (!arg.is_array() || arg.size() != 3) site_.fail(at, "[map name, top-level key, second-level key]");
      if (arg[0].is_string() && !t_.mappings.contains(arg[0].get<std::string>()))
        site_.fail(at + "/0", "the name of a mapping in /Mappings, got " + arg[0].dump());
      for (std::size_t i = 0; i < 3; ++i) string_operand(arg[i], at + "/" + std::to_string(i));
      return;
    }
    if (fn == "Fn::GetAZs" || fn == "Fn::Base64" || fn == "Fn::ImportValue") return string_operand(arg, at);
    site_.fail(at, "an intrinsic function supported here (" + std::string(kSupported) + "), got " + fn);
  }

  void pair(const json& arg, const std::string& at, const char* shape) {
    if (!arg.is_array() || arg.size() != 2) site_.fail(at, shape);
  }

  void list_operand(const json& v, const std::string& at) {
    if (!v.is_array() && !intrinsic_function(v)) site_.fail(at, "a list, or a function returning one");
    value(v, at);
  }

  void string_operand(const json& v, const std::string& at) {
    if (!v.is_string() && !intrinsic_function(v)) site_.fail(at, "a string, or a function returning one");
    value(v, at);
  }

  bool known_name(const std::string& name) const {
    return is_pseudo_parameter(name) || t_.parameter(name) || t_.find(name);
  }

  void ref(const json& arg, const std::string& at) {
    if (!arg.is_string()) site_.fail(at, "the name of a parameter or resource (a string)");
    if (!known_name(arg.get<std::string>()))
      site_.fail(at, "a parameter, pseudo parameter or resource of this template, got \"" + arg.get<std::string>() +
                         "\" (CloudFormation: Unresolved resource dependencies)");
  }

  void get_att(const json& arg, const std::string& at) {
    std::string id;
    if (arg.is_string()) {
      auto text = arg.get<std::string>();
      auto dot = text.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
        site_.fail(at, "\"LogicalId.Attribute\" or [LogicalId, Attribute]");
      id = text.substr(0, dot);
    } else {
      if (!arg.is_array() || arg.size() != 2 || !arg[0].is_string() || (!arg[1].is_string() && !intrinsic_function(arg[1])))
        site_.fail(at, "[LogicalId, Attribute] or \"LogicalId.Attribute\"");
      id = arg[0].get<std::string>();
      value(arg[1], at + "/1");
    }
    if (!t_.find(id))
      site_.fail(at, "the logical id of a resource of this template, got \"" + id +
                         "\" (CloudFormation: Unresolved resource dependencies)");
  }

  void sub(const json& arg, const std::string& at) {
    const json* text = &arg;
    std::set<std::string> variables;
    std::string text_at = at;
    if (arg.is_array()) {
      if (arg.size() != 2 || !arg[0].is_string() || !arg[1].is_object())
        site_.fail(at, "a string, or [string, {variable: value}]");
      text = &arg[0];
      text_at = at + "/0";
      for (const auto& [name, v] : arg[1].items()) {
        variables.insert(name);
        value(v, at + "/1/" + pointer_token(name));
      }
    } else if (!arg.is_string()) {
      site_.fail(at, "a string, or [string, {variable: value}]");
    }
    std::string problem;
    auto parts = parse_sub_string(text->get<std::string>(), &problem);
    if (!parts) site_.fail(text_at, problem);
    for (const auto& part : *parts) {
      if (!part.variable || variables.count(part.text)) continue;
      if (part.text.empty()) site_.fail(text_at, "a variable name inside each \"${}\"");
      bool known = part.attribute ? t_.find(part.text) != nullptr : known_name(part.text);
      if (!known)
        site_.fail(text_at, "variables naming a parameter, resource or \"LogicalId.Attribute\" of this template, got "
                            "\"${" + part.text + (part.attribute ? "." + *part.attribute : "") + "}\"");
    }
  }

  const Template& t_;
  ErrorSite site_;
};

// Conditions that refer to each other in a loop never settle.
void check_condition_cycles(const Template& t, const ErrorSite& site) {
  std::function<void(const json&, std::set<std::string>&)> names = [&](const json& v, std::set<std::string>& out) {
    if (v.is_object()) {
      if (v.size() == 1 && v.contains("Condition") && v["Condition"].is_string()) out.insert(v["Condition"]);
      for (const auto& [k, m] : v.items()) names(m, out);
    } else if (v.is_array()) {
      for (const auto& m : v) names(m, out);
    }
  };
  std::function<void(const std::string&, std::vector<std::string>&)> visit = [&](const std::string& name,
                                                                                 std::vector<std::string>& path) {
    if (std::find(path.begin(), path.end(), name) != path.end()) {
      std::string cycle;
      for (const auto& p : path) cycle += p + " -> ";
      site.fail("/Conditions/" + pointer_token(path.front()), "conditions without a circular reference, got " + cycle + name);
    }
    path.push_back(name);
    std::set<std::string> refs;
    names(t.conditions[name], refs);
    for (const auto& r : refs)
      if (t.conditions.contains(r)) visit(r, path);
    path.pop_back();
  };
  for (const auto& [name, expression] : t.conditions.items()) {
    std::vector<std::string> path;
    visit(name, path);
  }
}

}  // namespace

void check_references(const Template& t) {
  ErrorSite site{t.file, ""};
  Checker conditions(t, site);
  for (const auto& [name, expression] : t.conditions.items())
    conditions.condition(expression, "/Conditions/" + pointer_token(name));
  check_condition_cycles(t, site);
  for (const auto& r : t.resources) {
    Checker checker(t, ErrorSite{t.file, r.logical_id});
    checker.value(r.properties, r.pointer() + "/Properties");
    if (!r.condition.empty()) checker.condition_name(r.condition, r.pointer() + "/Condition");
    for (const auto& id : r.depends_on)
      if (!t.find(id) || id == r.logical_id)
        ErrorSite{t.file, r.logical_id}.fail(r.pointer() + "/DependsOn",
                                             "the logical id of another resource of this template, got \"" + id + "\"");
  }
  for (const auto& o : t.outputs) {
    Checker checker(t, site);
    const auto at = "/Outputs/" + pointer_token(o.key);
    checker.value(o.value, at + "/Value");
    if (!o.condition.empty()) checker.condition_name(o.condition, at + "/Condition");
  }
}

}  // namespace streamstack::cloudformation::detail
