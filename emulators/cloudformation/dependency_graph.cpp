#include "cloudformation/dependency_graph.h"

#include "cloudformation/sub_string.h"
#include "cloudformation/template_error.h"

#include <algorithm>
#include <map>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

void collect(const Template& t, const json& value, std::set<std::string>& out, const json* sub_variables) {
  if (value.is_array()) {
    for (const auto& v : value) collect(t, v, out, sub_variables);
    return;
  }
  if (!value.is_object()) return;
  const std::string* fn = intrinsic_function(value);
  if (!fn) {
    for (const auto& [key, v] : value.items()) collect(t, v, out, sub_variables);
    return;
  }
  const auto& arg = value.begin().value();
  if (*fn == "Ref") {
    if (arg.is_string() && t.find(arg.get<std::string>())) out.insert(arg.get<std::string>());
  } else if (*fn == "Fn::GetAtt") {
    std::string id;
    if (arg.is_array() && !arg.empty() && arg[0].is_string()) id = arg[0].get<std::string>();
    if (arg.is_string()) id = arg.get<std::string>().substr(0, arg.get<std::string>().find('.'));
    if (t.find(id)) out.insert(id);
    if (arg.is_array()) collect(t, arg, out, sub_variables);
  } else if (*fn == "Fn::Sub") {
    const json* text = arg.is_string() ? &arg : (arg.is_array() && !arg.empty() ? &arg[0] : nullptr);
    const json* variables = arg.is_array() && arg.size() > 1 && arg[1].is_object() ? &arg[1] : nullptr;
    if (variables) collect(t, *variables, out, nullptr);
    if (text && text->is_string())
      if (auto parts = parse_sub_string(text->get<std::string>()))
        for (const auto& part : *parts)
          if (part.variable && !(variables && variables->contains(part.text)) && t.find(part.text))
            out.insert(part.text);
  } else {
    collect(t, arg, out, sub_variables);
  }
}

}  // namespace

std::set<std::string> resource_references(const Template& t, const json& value) {
  std::set<std::string> out;
  collect(t, value, out, nullptr);
  return out;
}

std::vector<std::string> deploy_order(const Template& t) {
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& r : t.resources) {
    auto refs = resource_references(t, r.properties);
    refs.insert(r.depends_on.begin(), r.depends_on.end());
    needs[r.logical_id] = std::move(refs);
  }
  // Kahn's algorithm, taking the smallest ready logical id each time.
  std::vector<std::string> order;
  std::set<std::string> done;
  while (order.size() < needs.size()) {
    bool progressed = false;
    for (const auto& [id, deps] : needs) {
      if (done.count(id)) continue;
      bool ready = true;
      for (const auto& d : deps)
        if (!done.count(d)) ready = false;
      if (!ready) continue;
      order.push_back(id);
      done.insert(id);
      progressed = true;
      break;
    }
    if (progressed) continue;
    // A cycle: follow unmet dependencies from the first blocked resource until one repeats.
    std::vector<std::string> path;
    std::string at;
    for (const auto& [id, deps] : needs)
      if (!done.count(id)) {
        at = id;
        break;
      }
    while (std::find(path.begin(), path.end(), at) == path.end()) {
      path.push_back(at);
      for (const auto& d : needs[at])
        if (!done.count(d)) {
          at = d;
          break;
        }
    }
    std::string cycle;
    for (auto it = std::find(path.begin(), path.end(), at); it != path.end(); ++it) cycle += *it + " -> ";
    cycle += at;
    const auto* first = t.find(at);
    throw TemplateError(t.file, at, first->pointer(),
                        "resources without a circular dependency, got " + cycle);
  }
  return order;
}

}  // namespace streamstack::cloudformation
