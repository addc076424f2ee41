#pragma once
// The resources of one deployment, compiled for matching request paths the way API Gateway
// does: segment by segment, a literal path part wins over a `{variable}`, which wins over a
// greedy `{proxy+}` (which takes one or more segments); when a branch leads nowhere the next
// kind is tried. The method is then the request's own, else ANY.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::apigateway {

struct RouteMatch {
  const nlohmann::ordered_json* resource = nullptr;  // the Resource (id, path, resourceMethods)
  // Variable path parts by name, as sent (percent-encoding kept); a greedy one without its
  // leading slash and without one trailing slash.
  std::map<std::string, std::string> path_parameters;
};

class RouteTable {
 public:
  // `resources`: id -> Resource, as a deployment's snapshot holds them.
  explicit RouteTable(nlohmann::ordered_json resources);
  ~RouteTable();
  RouteTable(const RouteTable&) = delete;
  RouteTable& operator=(const RouteTable&) = delete;

  // The resource a request path (without the stage) reaches; nullopt when none.
  std::optional<RouteMatch> match(std::string_view path) const;
  // resourceMethods[method], else resourceMethods.ANY; nullptr when neither.
  static const nlohmann::ordered_json* method_for(const nlohmann::ordered_json& resource, const std::string& method);

 private:
  struct Node;
  bool match_from(const Node& node, const std::vector<std::string_view>& segments, std::size_t at,
                  std::string_view path, RouteMatch& out) const;

  nlohmann::ordered_json resources_;
  std::unique_ptr<Node> root_;
};

}  // namespace streamstack::apigateway
