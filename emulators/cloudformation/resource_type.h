#pragma once
// The deployer of one resource type. `check` reads the properties without side effects (what
// CloudFormation's schema validation refuses, refused here too); `deploy` creates the resource,
// or, given what was deployed before under the same logical id, leaves it as it is when nothing
// changed and updates what it can when something did; `remove` takes away a resource the
// template no longer has. Every change goes through the service's own operation, with the
// request that operation takes, so the service's rules apply to a template as to any client.
#include "cloudformation/deploy_context.h"
#include "cloudformation/properties.h"
#include "cloudformation/stack_state.h"
#include "cloudformation/template.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace streamstack::cloudformation {

class DeployContext;

struct ResourceRequest {
  const TemplateResource& resource;
  const Properties& properties;      // resolved
  const StoredResource* previous;   // as deployed before, or nullptr
};

enum class Change { kCreated, kUpdated, kUnchanged };

struct DeployedResource {
  DeployedResource() = default;
  DeployedResource(std::string id, nlohmann::json attrs = nlohmann::json::object(), int gen = 0,
                            Change how = Change::kCreated)
      : physical_id(std::move(id)), attributes(std::move(attrs)), generation(gen), change(how) {}

  std::string physical_id;  // what Ref gives
  nlohmann::json attributes = nlohmann::json::object();  // what Fn::GetAtt gives
  int generation = 0;
  Change change = Change::kCreated;
  // Not deployed for real (a type not emulated, a nested stack recognised and passed over): its
  // every Fn::GetAtt resolves to "", which nothing that is deployed depends on.
  bool stand_in = false;
};

class ResourceType {
 public:
  virtual ~ResourceType() = default;
  virtual void check(const Properties& properties) const = 0;
  // What of these properties deploys without its effect here (each "Property (why)"), reported
  // at every start, whether or not the resource changed.
  virtual std::vector<std::string> not_emulated(const Properties& properties, const Services& services) const {
    (void)properties;
    (void)services;
    return {};
  }
  virtual DeployedResource deploy(DeployContext& context, const ResourceRequest& request) const = 0;
  virtual void remove(DeployContext& context, const StoredResource& stored) const {
    (void)context;
    (void)stored;
  }
};

// The deployer of `type`, or nullptr when the type is not emulated.
const ResourceType* find_resource_type(std::string_view type);

// Whether `previous` was deployed from exactly these properties.
inline bool unchanged(const ResourceRequest& request) {
  return request.previous && request.previous->type == request.resource.type &&
         request.previous->properties == request.properties.values();
}

}  // namespace streamstack::cloudformation
