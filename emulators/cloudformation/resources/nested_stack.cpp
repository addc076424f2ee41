// AWS::CloudFormation::Stack. The nested stack of CDK's replica provider (the functions and
// state machine behind Custom::DynamoDBReplica) is recognised and passed over: its replicas are
// deployed directly, and Fn::GetAtt on its outputs resolves to "". Any other nested stack
// deploys from its `.nested.template.json` beside the template, as a stack of its own named
// `<Stack>-<LogicalId>-<RANDOM>`, with the Parameters given; its outputs are its
// `Outputs.<Name>` attributes.
#include "cloudformation/deploy_context.h"
#include "cloudformation/intrinsics.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

// CDK's construct path of the provider: "<Stack>/@aws-cdk--aws-dynamodb.ReplicaProvider.NestedStack/...".
bool is_replica_provider(const TemplateResource& r) {
  auto path = r.metadata.value("aws:cdk:path", std::string());
  return path.find("aws-dynamodb.ReplicaProvider") != std::string::npos ||
         r.logical_id.find("awscdkawsdynamodbReplicaProvider") != std::string::npos;
}

class NestedStackType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"NotificationARNs", "Parameters", "Tags", "TemplateURL", "TimeoutInMinutes"});
    p.string("TemplateURL");
    p.object("Parameters");
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    auto name = physical_name(context.stack_name, r.resource.logical_id, r.resource.type);
    DeployedResource deployed{stack_id(context.region, context.account, name)};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    if (is_replica_provider(r.resource)) {
      deployed.stand_in = true;
      return deployed;
    }
    auto url = p.string("TemplateURL");
    auto path = context.assets.find(r.resource, "TemplateURL", url.substr(url.rfind('/') + 1));
    if (path.empty())
      p.fail("TemplateURL", "a nested template beside the template, in " + context.assets.dir() + " (cdk.out's " +
                                "<name>.nested.template.json), for " + url);
    json parameters = json::object();
    if (const json* given = p.object("Parameters"))
      for (const auto& [key, value] : given->items()) {
        auto text = scalar_text(value);
        if (!text && !value.is_array()) p.fail("Parameters", "a string", "/" + pointer_token(key));
        parameters[key] = text ? json(*text) : value;
      }
    auto outputs = context.deploy_nested(path, name, parameters);
    for (const auto& [key, value] : outputs.items()) deployed.attributes["Outputs." + key] = value;
    return deployed;
  }
};

class CdkMetadataType : public ResourceType {
 public:
  // CDK's version reporting: nothing to deploy locally.
  void check(const Properties& p) const override { p.allow_only({"Analytics", "Modules"}); }
  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    DeployedResource out{context.stack_name + "-" + r.resource.logical_id};
    out.change = r.previous ? Change::kUnchanged : Change::kCreated;
    return out;
  }
};

}  // namespace

const ResourceType& nested_stack_type() {
  static const NestedStackType type;
  return type;
}

const ResourceType& cdk_metadata_type() {
  static const CdkMetadataType type;
  return type;
}

}  // namespace streamstack::cloudformation
