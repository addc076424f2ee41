#include "apigateway/route_table.h"

#include "core/url.h"

#include <algorithm>

namespace streamstack::apigateway {

struct RouteTable::Node {
  const nlohmann::ordered_json* resource = nullptr;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::string variable_name;  // {name}
  std::unique_ptr<Node> variable;
  std::string greedy_name;  // {name+}
  std::unique_ptr<Node> greedy;
};

RouteTable::~RouteTable() = default;

RouteTable::RouteTable(nlohmann::ordered_json resources) : resources_(std::move(resources)), root_(std::make_unique<Node>()) {
  // Resources are keyed by id with each naming its parent: attach each to its parent's node,
  // parents first (by path depth, which a parent always has less of).
  std::vector<const nlohmann::ordered_json*> ordered;
  for (const auto& [id, resource] : resources_.items()) ordered.push_back(&resource);
  auto depth = [](const nlohmann::ordered_json* r) {
    auto path = (*r)["path"].get<std::string>();
    return path == "/" ? 0 : static_cast<int>(std::count(path.begin(), path.end(), '/'));
  };
  std::stable_sort(ordered.begin(), ordered.end(), [&](auto a, auto b) { return depth(a) < depth(b); });
  std::map<std::string, Node*> nodes;
  for (const auto* resource : ordered) {
    auto id = (*resource)["id"].get<std::string>();
    if (!resource->contains("parentId")) {
      root_->resource = resource;
      nodes[id] = root_.get();
      continue;
    }
    auto parent = nodes.find((*resource)["parentId"].get<std::string>());
    if (parent == nodes.end()) continue;
    auto part = (*resource)["pathPart"].get<std::string>();
    auto node = std::make_unique<Node>();
    node->resource = resource;
    Node* raw = node.get();
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      auto name = part.substr(1, part.size() - 2);
      if (name.back() == '+') {
        parent->second->greedy_name = name.substr(0, name.size() - 1);
        parent->second->greedy = std::move(node);
      } else {
        parent->second->variable_name = name;
        parent->second->variable = std::move(node);
      }
    } else {
      parent->second->literals[part] = std::move(node);
    }
    nodes[id] = raw;
  }
}

bool RouteTable::match_from(const Node& node, const std::vector<std::string_view>& segments, std::size_t at,
                            std::string_view path, RouteMatch& out) const {
  if (at == segments.size()) {
    if (!node.resource) return false;
    out.resource = node.resource;
    return true;
  }
  auto segment = segments[at];
  if (auto it = node.literals.find(segment); it != node.literals.end())
    if (match_from(*it->second, segments, at + 1, path, out)) return true;
  if (node.variable && !segment.empty()) {
    out.path_parameters[node.variable_name] = std::string(segment);
    if (match_from(*node.variable, segments, at + 1, path, out)) return true;
    out.path_parameters.erase(node.variable_name);
  }
  if (node.greedy && node.greedy->resource) {
    // The rest of the path as sent, from this segment on.
    auto offset = static_cast<std::size_t>(segment.data() - path.data());
    auto rest = path.substr(offset);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    out.path_parameters[node.greedy_name] = std::string(rest);
    out.resource = node.greedy->resource;
    return true;
  }
  return false;
}

std::optional<RouteMatch> RouteTable::match(std::string_view path) const {
  auto segments = core::path_segments(path);
  RouteMatch out;
  if (!match_from(*root_, segments, 0, path, out)) return std::nullopt;
  return out;
}

const nlohmann::ordered_json* RouteTable::method_for(const nlohmann::ordered_json& resource, const std::string& method) {
  auto methods = resource.find("resourceMethods");
  if (methods == resource.end()) return nullptr;
  if (auto it = methods->find(method); it != methods->end()) return &*it;
  if (auto it = methods->find("ANY"); it != methods->end()) return &*it;
  return nullptr;
}

}  // namespace streamstack::apigateway
