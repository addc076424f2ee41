// GetResources, GetResource, CreateResource, DeleteResource.
#include "apigateway/control_plane.h"
#include "apigateway/control_plane_support.h"
#include "apigateway/errors.h"
#include "apigateway/ids.h"

#include <algorithm>
#include <set>

namespace streamstack::apigateway {

using namespace detail;

namespace {

bool is_variable(const std::string& part) { return part.size() > 2 && part.front() == '{' && part.back() == '}'; }
bool is_greedy(const std::string& part) { return is_variable(part) && part[part.size() - 2] == '+'; }

bool valid_path_part(const std::string& part) {
  std::string_view name = part;
  if (is_variable(part)) {
    name = name.substr(1, name.size() - 2);
    if (!name.empty() && name.back() == '+') name.remove_suffix(1);
  }
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

// A Resource as GetResources shows it: methods as `{}` unless `embed=methods` asks for them.
ordered_json render_resource(const ordered_json& resource, bool embed_methods) {
  ordered_json out = resource;
  if (auto methods = out.find("resourceMethods"); methods != out.end()) {
    if (methods->empty()) {
      out.erase("resourceMethods");
    } else if (!embed_methods) {
      for (auto& [name, method] : methods->items()) method = ordered_json::object();
    }
  }
  return out;
}

bool embeds_methods(const core::RestRequest& request) {
  for (const auto& value : query_values(request, "embed"))
    if (value == "methods") return true;
  return false;
}

}  // namespace

core::RestResponse ControlPlane::get_resources(const core::RequestContext& context,
                                               const core::RestRequest& request, const std::string& api_id) {
  auto api = require_api(store_, context, api_id);
  bool embed = embeds_methods(request);
  std::vector<ordered_json> items;
  for (const auto& [id, resource] : api->resources.items()) items.push_back(render_resource(resource, embed));
  return json_response(200, page(items, request));
}

core::RestResponse ControlPlane::get_resource(const core::RequestContext& context, const core::RestRequest& request,
                                              const std::string& api_id, const std::string& resource_id) {
  auto api = require_api(store_, context, api_id);
  return json_response(200, render_resource(require_resource(*api, resource_id), embeds_methods(request)));
}

core::RestResponse ControlPlane::create_resource(const core::RequestContext& context,
                                                 const core::RestRequest& request, const std::string& api_id,
                                                 const std::string& parent_id) {
  auto body = request_body(request);
  auto path_part = string_member(body, "pathPart").value_or("");
  ordered_json created;
  update_api(store_, context, api_id, [&](RestApiRecord& api) {
    const auto& parent = require_resource(api, parent_id);
    if (!valid_path_part(path_part))
      throw bad_request(
          "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an "
          "optional plus sign before the closing brace.");
    auto parent_part = parent.value("pathPart", std::string());
    if (is_greedy(parent_part))
      throw bad_request("Cannot create a child of a resource with a greedy path variable: " + parent_part);
    for (const auto& [id, sibling] : api.resources.items()) {
      if (sibling.value("parentId", std::string()) != parent_id) continue;
      auto part = sibling.value("pathPart", std::string());
      if (part == path_part) throw conflict("Another resource with the same parent already has this name: " + part);
      if (is_variable(part) && is_variable(path_part))
        throw bad_request("A sibling (" + part + ") of this resource already has a variable path part -- only one is "
                          "allowed");
    }
    auto parent_path = parent["path"].get<std::string>();
    auto id = random_id(6);
    created = {{"id", id},
               {"parentId", parent_id},
               {"pathPart", path_part},
               {"path", (parent_path == "/" ? "" : parent_path) + "/" + path_part}};
    api.resources[id] = created;
  });
  return json_response(201, created);
}

core::RestResponse ControlPlane::delete_resource(const core::RequestContext& context, const std::string& api_id,
                                                 const std::string& resource_id) {
  update_api(store_, context, api_id, [&](RestApiRecord& api) {
    require_resource(api, resource_id);
    if (resource_id == api.api["rootResourceId"].get<std::string>())
      throw bad_request("Cannot delete root resource");
    // A resource goes with everything under it.
    std::set<std::string> doomed{resource_id};
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [id, resource] : api.resources.items())
        if (!doomed.count(id) && doomed.count(resource.value("parentId", std::string())))
          grew = doomed.insert(id).second;
    }
    for (const auto& id : doomed) api.resources.erase(id);
  });
  return empty_response(202);
}

}  // namespace streamstack::apigateway
