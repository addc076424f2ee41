// AWS::ApiGateway::RestApi through API Gateway's CreateRestApi (POST /restapis), and
// AWS::ApiGateway::Account, which sets the account's CloudWatch role: accepted, as API Gateway
// here writes no access logs. AWS draws an API's id at random; here it is derived from the
// stack's name and the logical id (and given to CreateRestApi as the `_custom_id_` tag, which
// LocalStack users know), so the URLs the Outputs print are the same at every start, with
// :memory: data and after a reset, and a Postman environment can name them.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"

#include <cctype>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

json create_request(const Properties& p) {
  json body = json::object();
  if (auto name = p.optional_string("Name")) body["name"] = *name;
  if (auto description = p.optional_string("Description")) body["description"] = *description;
  if (const json* types = p.list("BinaryMediaTypes")) body["binaryMediaTypes"] = *types;
  if (auto source = p.optional_string("ApiKeySourceType")) body["apiKeySource"] = *source;
  if (auto disable = p.boolean("DisableExecuteApiEndpoint")) body["disableExecuteApiEndpoint"] = *disable;
  if (const json* endpoint = p.object("EndpointConfiguration"))
    body["endpointConfiguration"] = {{"types", endpoint->value("Types", json::array({"EDGE"}))}};
  if (auto tags = p.tags()) {
    json map = json::object();
    for (const auto& tag : *tags) map[tag["Key"].get<std::string>()] = tag["Value"];
    body["tags"] = map;
  }
  return body;
}

class RestApiType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"ApiKeySourceType", "BinaryMediaTypes", "Body", "BodyS3Location", "CloneFrom", "Description",
                  "DisableExecuteApiEndpoint", "EndpointConfiguration", "FailOnWarnings", "MinimumCompressionSize",
                  "Mode", "Name", "Parameters", "Policy", "Tags"});
    if (!p.has("Body") && !p.has("BodyS3Location")) p.string("Name");
    create_request(p);
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    for (const auto& [name, why] : {std::pair{"Body", "OpenAPI definitions are not imported"},
                                    std::pair{"BodyS3Location", "OpenAPI definitions are not imported"},
                                    std::pair{"CloneFrom", "APIs are not cloned"},
                                    std::pair{"Policy", "resource policies are not enforced"},
                                    std::pair{"MinimumCompressionSize", "responses are not compressed"}})
      if (p.has(name)) out.push_back(std::string(name) + " (" + why + ")");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.apigateway, p.site(), r.resource.pointer(), "API Gateway");
    if (r.previous) {
      if (auto api = detail::apigateway_find(context, "/restapis/" + r.previous->physical_id)) {
        if (!unchanged(r))
          context.report(r.resource.logical_id, r.resource.type,
                         "changes to an existing API's Name, Description and settings (API Gateway here has no "
                         "UpdateRestApi: it keeps its former ones)");
        return deployed(*api, unchanged(r) ? Change::kUnchanged : Change::kUpdated);
      }
    }
    auto id = api_id(context, r);
    // An API of this stack's id with no record of it (a record lost): taken over as it is.
    if (auto api = detail::apigateway_find(context, "/restapis/" + id)) return deployed(*api, Change::kUnchanged);
    json body = create_request(p);
    if (!body.contains("name")) body["name"] = physical_name(context.stack_name, r.resource.logical_id, r.resource.type);
    body["tags"][kCustomIdTag] = id;
    auto api = detail::apigateway_call(context, "POST", "/restapis", body);
    return deployed(api, r.previous ? Change::kUpdated : Change::kCreated);
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    if (detail::apigateway_find(context, "/restapis/" + stored.physical_id))
      detail::apigateway_call(context, "DELETE", "/restapis/" + stored.physical_id);
  }

 private:
  static constexpr const char* kCustomIdTag = "_custom_id_";

  // Ten lower-case letters and digits, as API Gateway's ids are.
  static std::string api_id(const DeployContext& context, const ResourceRequest& r) {
    auto id = stable_id(context.account + "/" + context.region + "/" + context.stack_name + "/" + r.resource.logical_id,
                        10, false);
    for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
  }

  static DeployedResource deployed(const json& api, Change change) {
    DeployedResource out{api["id"].get<std::string>(),
                         {{"RestApiId", api["id"]}, {"RootResourceId", api["rootResourceId"]}}};
    out.change = change;
    return out;
  }
};

class AccountType : public ResourceType {
 public:
  void check(const Properties& p) const override { p.allow_only({"CloudWatchRoleArn"}); }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    DeployedResource out{physical_name(context.stack_name, r.resource.logical_id, r.resource.type)};
    out.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return out;
  }
};

}  // namespace

const ResourceType& apigateway_rest_api_type() {
  static const RestApiType type;
  return type;
}

const ResourceType& apigateway_account_type() {
  static const AccountType type;
  return type;
}

}  // namespace streamstack::cloudformation
