#include "cloudformation/intrinsics.h"

#include "cloudformation/sub_string.h"
#include "core/base64.h"

#include <map>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

std::string item(const std::string& at, std::size_t i) { return at + "/" + std::to_string(i); }

}  // namespace

std::optional<std::string> scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  return std::nullopt;
}

std::optional<json> Resolver::resolve(const json& value, const ErrorSite& site, const std::string& at) const {
  if (value.is_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < value.size(); ++i)
      if (auto v = resolve(value[i], site, item(at, i))) out.push_back(std::move(*v));
    return out;
  }
  if (!value.is_object()) return value;
  if (const std::string* fn = intrinsic_function(value))
    return function(*fn, value.begin().value(), site, at + "/" + pointer_token(*fn));
  json out = json::object();
  for (const auto& [key, member] : value.items())
    if (auto v = resolve(member, site, at + "/" + pointer_token(key))) out[key] = std::move(*v);
  return out;
}

json Resolver::required(const json& value, const ErrorSite& site, const std::string& at) const {
  auto v = resolve(value, site, at);
  if (!v) site.fail(at, "a value (AWS::NoValue leaves nothing here)");
  return std::move(*v);
}

std::string Resolver::text(const json& value, const ErrorSite& site, const std::string& at) const {
  auto v = required(value, site, at);
  auto s = scalar_text(v);
  if (!s) site.fail(at, "a string, got " + v.dump());
  return *s;
}

json Resolver::list(const json& value, const ErrorSite& site, const std::string& at) const {
  auto v = required(value, site, at);
  if (!v.is_array()) site.fail(at, "a list, got " + v.dump());
  return v;
}

std::optional<json> Resolver::function(const std::string& fn, const json& arg, const ErrorSite& site,
                                       const std::string& at) const {
  if (fn == "Ref") {
    const auto& name = arg.get_ref<const std::string&>();
    if (name == "AWS::NoValue") return std::nullopt;
    if (t_.find(name)) return scope_.ref(name, site, at);
    return scope_.parameter(name, site, at);
  }
  if (fn == "Fn::GetAtt") {
    if (arg.is_string()) {
      const auto& s = arg.get_ref<const std::string&>();
      auto dot = s.find('.');
      return scope_.attribute(s.substr(0, dot), s.substr(dot + 1), site, at);
    }
    return scope_.attribute(arg[0].get<std::string>(), text(arg[1], site, item(at, 1)), site, at);
  }
  if (fn == "Fn::Join") {
    std::string out;
    auto values = list(arg[1], site, item(at, 1));
    for (std::size_t i = 0; i < values.size(); ++i) {
      auto s = scalar_text(values[i]);
      if (!s) site.fail(item(item(at, 1), i), "a string to join, got " + values[i].dump());
      if (i) out += arg[0].get<std::string>();
      out += *s;
    }
    return out;
  }
  if (fn == "Fn::Sub") return sub(arg, site, at);
  if (fn == "Fn::Select") {
    auto index_text = text(arg[0], site, item(at, 0));
    auto values = list(arg[1], site, item(at, 1));
    std::size_t index = 0;
    try {
      std::size_t used = 0;
      index = std::stoul(index_text, &used);
      if (used != index_text.size()) throw std::invalid_argument(index_text);
    } catch (const std::exception&) {
      site.fail(item(at, 0), "an index (a whole number), got \"" + index_text + "\"");
    }
    if (index >= values.size())
      site.fail(item(at, 0), "an index below the list's length " + std::to_string(values.size()) + ", got " +
                                 std::to_string(index));
    return values[index];
  }
  if (fn == "Fn::Split") {
    const auto& delimiter = arg[0].get_ref<const std::string&>();
    auto source = text(arg[1], site, item(at, 1));
    json out = json::array();
    if (delimiter.empty()) return json::array({source});
    std::size_t from = 0;
    for (auto pos = source.find(delimiter); pos != std::string::npos; pos = source.find(delimiter, from)) {
      out.push_back(source.substr(from, pos - from));
      from = pos + delimiter.size();
    }
    out.push_back(source.substr(from));
    return out;
  }
  if (fn == "Fn::If") {
    bool taken = scope_.condition(arg[0].get<std::string>());
    return resolve(arg[taken ? 1 : 2], site, item(at, taken ? 1 : 2));
  }
  if (fn == "Fn::Equals" || fn == "Fn::And" || fn == "Fn::Or" || fn == "Fn::Not")
    return condition(json{{fn, arg}}, site, at.substr(0, at.rfind('/')));
  if (fn == "Fn::FindInMap") return find_in_map(arg, site, at);
  if (fn == "Fn::GetAZs") {
    auto region = text(arg, site, at);
    if (region.empty()) region = scope_.region();
    // Three zones, as most regions list to an account.
    return json::array({region + "a", region + "b", region + "c"});
  }
  if (fn == "Fn::Base64") return core::base64_encode(text(arg, site, at));
  if (fn == "Fn::ImportValue") {
    auto name = text(arg, site, at);
    site.fail(at, "no Fn::ImportValue: a local deploy has only this stack, so no other stack exports \"" + name +
                      "\" (pass the value as a parameter instead)");
  }
  site.fail(at, "an intrinsic function supported here, got " + fn);
}

json Resolver::sub(const json& arg, const ErrorSite& site, const std::string& at) const {
  const json& text_value = arg.is_array() ? arg[0] : arg;
  std::map<std::string, std::string> variables;
  if (arg.is_array())
    for (const auto& [name, v] : arg[1].items()) variables[name] = text(v, site, at + "/1/" + pointer_token(name));
  const auto text_at = arg.is_array() ? item(at, 0) : at;
  auto parts = parse_sub_string(text_value.get<std::string>());
  std::string out;
  for (const auto& part : *parts) {
    if (!part.variable) {
      out += part.text;
      continue;
    }
    json v;
    if (auto it = variables.find(part.text); it != variables.end() && !part.attribute)
      v = it->second;
    else if (part.attribute)
      v = scope_.attribute(part.text, *part.attribute, site, text_at);
    else if (t_.find(part.text))
      v = scope_.ref(part.text, site, text_at);
    else
      v = scope_.parameter(part.text, site, text_at);
    auto s = scalar_text(v);
    if (!s) site.fail(text_at, "\"${" + part.text + "}\" to stand for a string, got " + v.dump());
    out += *s;
  }
  return out;
}

json Resolver::find_in_map(const json& arg, const ErrorSite& site, const std::string& at) const {
  auto map = text(arg[0], site, item(at, 0));
  auto top = text(arg[1], site, item(at, 1));
  auto second = text(arg[2], site, item(at, 2));
  if (!t_.mappings.contains(map)) site.fail(item(at, 0), "the name of a mapping in /Mappings, got \"" + map + "\"");
  const auto& m = t_.mappings[map];
  if (!m.is_object() || !m.contains(top) || !m[top].is_object())
    site.fail(item(at, 1), "a top-level key of mapping " + map + ", got \"" + top + "\"");
  if (!m[top].contains(second))
    site.fail(item(at, 2), "a second-level key of mapping " + map + "/" + top + ", got \"" + second + "\"");
  return m[top][second];
}

bool Resolver::condition(const json& expression, const ErrorSite& site, const std::string& at) const {
  if (expression.is_object() && expression.size() == 1 && expression.contains("Condition"))
    return scope_.condition(expression["Condition"].get<std::string>());
  const std::string* fn = intrinsic_function(expression);
  if (!fn) site.fail(at, "a condition");
  const auto& arg = expression.begin().value();
  const auto fn_at = at + "/" + pointer_token(*fn);
  if (*fn == "Fn::Equals") {
    // Parameters are strings: "1" equals 1, as CloudFormation compares them.
    auto a = required(arg[0], site, item(fn_at, 0)), b = required(arg[1], site, item(fn_at, 1));
    auto a_text = scalar_text(a), b_text = scalar_text(b);
    return a_text && b_text ? *a_text == *b_text : a == b;
  }
  if (*fn == "Fn::Not") return !condition(arg[0], site, item(fn_at, 0));
  if (*fn == "Fn::And" || *fn == "Fn::Or") {
    bool all = *fn == "Fn::And";
    for (std::size_t i = 0; i < arg.size(); ++i)
      if (condition(arg[i], site, item(fn_at, i)) != all) return !all;
    return all;
  }
  if (*fn == "Fn::If") {
    auto v = function(*fn, arg, site, fn_at);
    if (!v || !v->is_boolean()) site.fail(fn_at, "a condition (true or false)");
    return v->get<bool>();
  }
  site.fail(at, "a condition (Fn::Equals, Fn::And, Fn::Or, Fn::Not or {\"Condition\": name})");
}

}  // namespace streamstack::cloudformation
