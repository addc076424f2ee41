#include "cloudformation/properties.h"

#include <algorithm>

namespace streamstack::cloudformation {

using nlohmann::json;

Properties::Properties(const json& values, ErrorSite site, std::string pointer, std::string type)
    : values_(values), site_(std::move(site)), pointer_(std::move(pointer)), type_(std::move(type)) {}

std::string Properties::at(std::string_view name, std::string_view rest) const {
  return pointer_ + "/" + pointer_token(name) + std::string(rest);
}

void Properties::fail(std::string_view name, const std::string& expected, std::string_view rest) const {
  site_.fail(name.empty() ? pointer_ : at(name, rest), expected);
}

void Properties::allow_only(std::initializer_list<std::string_view> names) const {
  for (const auto& [name, value] : values_.items())
    if (std::find(names.begin(), names.end(), name) == names.end())
      fail(name, "a property of " + type_ + " (CloudFormation: extraneous key [" + name + "] is not permitted)");
}

const json* Properties::find(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &*it;
}

const json& Properties::required(std::string_view name) const {
  const json* v = find(name);
  if (!v) fail("", "property " + std::string(name) + " (required by " + type_ + ")");
  return *v;
}

std::string Properties::string(std::string_view name) const {
  auto v = optional_string(name);
  if (!v) fail("", "property " + std::string(name) + " (a string, required by " + type_ + ")");
  return *v;
}

std::optional<std::string> Properties::optional_string(std::string_view name) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  fail(name, "a string, got " + v->dump());
}

std::optional<std::int64_t> Properties::integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  auto range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  std::int64_t n = 0;
  if (v->is_number_integer()) {
    n = v->get<std::int64_t>();
  } else if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    std::size_t used = 0;
    try {
      n = std::stoll(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != s.size()) fail(name, range + ", got \"" + s + "\"");
  } else {
    fail(name, range + ", got " + v->dump());
  }
  if (n < min || n > max) fail(name, range + ", got " + std::to_string(n));
  return n;
}

std::optional<bool> Properties::boolean(std::string_view name) const {
  const json* v = find(name);
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string() && (*v == "true" || *v == "false")) return *v == "true";
  fail(name, "a boolean, got " + v->dump());
}

const json* Properties::object(std::string_view name) const {
  const json* v = find(name);
  if (v && !v->is_object()) fail(name, "an object, got " + v->dump());
  return v;
}

const json* Properties::list(std::string_view name) const {
  const json* v = find(name);
  if (v && !v->is_array()) fail(name, "a list, got " + v->dump());
  return v;
}

std::vector<std::string> Properties::strings(std::string_view name) const {
  const json* v = find(name);
  if (!v) return {};
  if (v->is_string()) return {v->get<std::string>()};
  if (!v->is_array()) fail(name, "a string or a list of strings, got " + v->dump());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_string()) fail(name, "a string", "/" + std::to_string(i));
    out.push_back((*v)[i].get<std::string>());
  }
  return out;
}

std::optional<json> Properties::tags(std::string_view name) const {
  const json* v = list(name);
  if (!v) return std::nullopt;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& tag = (*v)[i];
    if (!tag.is_object() || !tag.contains("Key") || !tag["Key"].is_string() || !tag.contains("Value") ||
        !tag["Value"].is_string())
      fail(name, "a tag {\"Key\": string, \"Value\": string}", "/" + std::to_string(i));
  }
  return *v;
}

}  // namespace streamstack::cloudformation
