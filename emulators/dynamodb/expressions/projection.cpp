#include "dynamodb/attribute_value.h"
#include "dynamodb/expressions/parse_entry.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/expressions/path_tree.h"
#include "dynamodb/expressions/tree_checks.h"
#include "dynamodb/expressions/validator.h"

#include <map>
#include <optional>

namespace streamstack::dynamodb::expr {
namespace detail {
namespace {

constexpr std::string_view kKind = "ProjectionExpression";

std::optional<json> project_value(const PathTreeNode& node, const json& value);

// The members of `members` the tree selects; paths that lead nowhere select nothing.
json project_map(const PathTreeNode& node, const json& members) {
  json result = json::object();
  for (const PathTreeChild& child : node.children) {
    if (child.element.index) continue;
    auto found = members.find(child.element.name);
    if (found == members.end()) continue;
    if (!child.subtree) {
      result[child.element.name] = *found;
    } else if (std::optional<json> part = project_value(*child.subtree, *found)) {
      result[child.element.name] = std::move(*part);
    }
  }
  return result;
}

// Selected list elements keep their order and close up: "l[3], l[1]" yields [l[1], l[3]].
std::optional<json> project_list(const PathTreeNode& node, const json& elements) {
  std::map<std::size_t, json> chosen;
  for (const PathTreeChild& child : node.children) {
    if (!child.element.index || *child.element.index >= elements.size()) continue;
    const json& element = elements[*child.element.index];
    if (!child.subtree) {
      chosen.emplace(*child.element.index, element);
    } else if (std::optional<json> part = project_value(*child.subtree, element)) {
      chosen.emplace(*child.element.index, std::move(*part));
    }
  }
  if (chosen.empty()) return std::nullopt;
  json list = json::array();
  for (auto& [index, element] : chosen) list.push_back(std::move(element));
  return json{{"L", std::move(list)}};
}

std::optional<json> project_value(const PathTreeNode& node, const json& value) {
  std::string_view type = attribute_type(value);
  if (type == "L") return project_list(node, value.at("L"));
  if (type != "M") return std::nullopt;
  json members = project_map(node, value.at("M"));
  if (members.empty()) return std::nullopt;
  return json{{"M", std::move(members)}};
}

class ParsedProjection : public Projection {
 public:
  ParsedProjection(std::vector<Path> paths, PathTree tree)
      : paths_(std::move(paths)), tree_(std::move(tree)) {}

  json apply(const json& item) const override {
    if (!item.is_object()) return json::object();
    return project_map(tree_.root(), item);
  }
  const std::vector<Path>& paths() const override { return paths_; }

 private:
  std::vector<Path> paths_;
  PathTree tree_;
};

}  // namespace
}  // namespace detail

std::unique_ptr<Projection> parse_projection(std::string_view text, Substitutions& subs) {
  using namespace detail;
  check_expression_length(text, kKind);
  std::vector<NodePtr> nodes = Parser(text, kKind).parse_projection();
  check_projection_tree(nodes);
  // As for updates, DynamoDB visits the paths last to first.
  Validator validator(subs, kKind);
  PathTree tree;
  int count = static_cast<int>(nodes.size());
  for (int i = count - 1; i >= 0; --i) {
    validator.resolve_path(*nodes[i]);
    tree.insert(nodes[i]->path, i, kKind);
  }
  std::vector<Path> paths;
  for (const NodePtr& node : nodes) paths.push_back(node->path);
  return std::make_unique<ParsedProjection>(std::move(paths), std::move(tree));
}

}  // namespace streamstack::dynamodb::expr
