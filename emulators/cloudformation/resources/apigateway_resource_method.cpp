// AWS::ApiGateway::Resource (CreateResource) and AWS::ApiGateway::Method (PutMethod,
// PutIntegration, PutMethodResponse, PutIntegrationResponse), through API Gateway's control
// plane. CloudFormation replaces a resource whose path or parent changes; a changed method is
// deleted and put again.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"
#include "cloudformation/resources/table_request.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

Change change_of(const ResourceRequest& r) {
  return unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
}

class ResourceTypeImpl : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"ParentId", "PathPart", "RestApiId"});
    p.string("ParentId");
    p.string("PathPart");
    p.string("RestApiId");
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.apigateway, p.site(), r.resource.pointer(), "API Gateway");
    auto api = p.string("RestApiId");
    if (r.previous && unchanged(r) &&
        detail::apigateway_find(context, "/restapis/" + api + "/resources/" + r.previous->physical_id))
      return deployed(r.previous->physical_id, Change::kUnchanged);
    if (r.previous) remove(context, *r.previous);
    auto created = detail::apigateway_call(context, "POST", "/restapis/" + api + "/resources/" + p.string("ParentId"),
                                           {{"pathPart", p.string("PathPart")}});
    return deployed(created["id"].get<std::string>(), change_of(r));
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    auto path = "/restapis/" + stored.properties.value("RestApiId", "") + "/resources/" + stored.physical_id;
    if (detail::apigateway_find(context, path)) detail::apigateway_call(context, "DELETE", path);
  }

 private:
  static DeployedResource deployed(const std::string& id, Change change) {
    DeployedResource out{id, {{"ResourceId", id}}};
    out.change = change;
    return out;
  }
};

// PutMethod's body from the Method's properties.
json method_request(const Properties& p) {
  json body = {{"authorizationType", p.optional_string("AuthorizationType").value_or("NONE")}};
  if (auto v = p.optional_string("AuthorizerId")) body["authorizerId"] = *v;
  if (auto v = p.boolean("ApiKeyRequired")) body["apiKeyRequired"] = *v;
  if (auto v = p.optional_string("OperationName")) body["operationName"] = *v;
  if (const json* v = p.object("RequestParameters")) body["requestParameters"] = *v;
  if (const json* v = p.object("RequestModels")) body["requestModels"] = *v;
  if (auto v = p.optional_string("RequestValidatorId")) body["requestValidatorId"] = *v;
  if (const json* v = p.list("AuthorizationScopes")) body["authorizationScopes"] = *v;
  return body;
}

// PutIntegration's body from the Method's Integration property.
json integration_request(const json& integration) {
  static const std::pair<const char*, const char*> kMembers[] = {
      {"Type", "type"}, {"IntegrationHttpMethod", "httpMethod"}, {"Uri", "uri"},
      {"PassthroughBehavior", "passthroughBehavior"}, {"RequestTemplates", "requestTemplates"},
      {"RequestParameters", "requestParameters"}, {"ContentHandling", "contentHandling"},
      {"Credentials", "credentials"}, {"CacheKeyParameters", "cacheKeyParameters"},
      {"CacheNamespace", "cacheNamespace"}, {"ConnectionType", "connectionType"}, {"ConnectionId", "connectionId"},
      {"TimeoutInMillis", "timeoutInMillis"}};
  json body = json::object();
  for (const auto& [property, member] : kMembers)
    if (integration.contains(property)) body[member] = detail::with_numbers(integration[property]);
  return body;
}

class MethodType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"ApiKeyRequired", "AuthorizationScopes", "AuthorizationType", "AuthorizerId", "HttpMethod",
                  "Integration", "MethodResponses", "OperationName", "RequestModels", "RequestParameters",
                  "RequestValidatorId", "ResourceId", "RestApiId"});
    p.string("HttpMethod");
    p.string("ResourceId");
    p.string("RestApiId");
    method_request(p);
    p.object("Integration");
    p.list("MethodResponses");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    auto type = p.optional_string("AuthorizationType").value_or("NONE");
    if (type == "NONE") return {};
    return {"AuthorizationType " + type + " (requests are not authorized)"};
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.apigateway, p.site(), r.resource.pointer(), "API Gateway");
    const auto path = method_path(p.values());
    DeployedResource deployed{physical_name(context.stack_name, r.resource.logical_id, r.resource.type)};
    deployed.change = change_of(r);
    if (r.previous && unchanged(r) && detail::apigateway_find(context, path)) return deployed;
    if (r.previous) remove(context, *r.previous);
    detail::apigateway_call(context, "PUT", path, method_request(p));
    for (const auto& response : p.values().value("MethodResponses", json::array())) {
      json body = json::object();
      if (response.contains("ResponseParameters")) body["responseParameters"] = response["ResponseParameters"];
      if (response.contains("ResponseModels")) body["responseModels"] = response["ResponseModels"];
      detail::apigateway_call(context, "PUT", path + "/responses/" + response.value("StatusCode", "200"), body);
    }
    if (const json* integration = p.object("Integration")) {
      detail::apigateway_call(context, "PUT", path + "/integration", integration_request(*integration));
      for (const auto& response : integration->value("IntegrationResponses", json::array())) {
        json body = json::object();
        for (const auto& [property, member] :
             {std::pair{"SelectionPattern", "selectionPattern"}, std::pair{"ResponseParameters", "responseParameters"},
              std::pair{"ResponseTemplates", "responseTemplates"}, std::pair{"ContentHandling", "contentHandling"}})
          if (response.contains(property)) body[member] = response[property];
        detail::apigateway_call(context, "PUT", path + "/integration/responses/" + response.value("StatusCode", "200"),
                                body);
      }
    }
    return deployed;
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    auto path = method_path(stored.properties);
    if (detail::apigateway_find(context, path)) detail::apigateway_call(context, "DELETE", path);
  }

 private:
  static std::string method_path(const json& properties) {
    return "/restapis/" + properties.value("RestApiId", "") + "/resources/" + properties.value("ResourceId", "") +
           "/methods/" + properties.value("HttpMethod", "");
  }
};

}  // namespace

const ResourceType& apigateway_resource_type() {
  static const ResourceTypeImpl type;
  return type;
}

const ResourceType& apigateway_method_type() {
  static const MethodType type;
  return type;
}

}  // namespace streamstack::cloudformation
