// AWS::DynamoDB::GlobalTable (what CDK's TableV2 synthesizes): one table per entry of Replicas,
// each created by CreateTable in its region with the shared keys, billing, indexes, stream,
// encryption and time to live, and its own class, tags, protection and Kinesis destination.
// The stack's own region must be one of them, as CloudFormation requires. A changed template
// adds and removes replicas; writes are not copied between replicas until DynamoDB replicates
// global tables (reported at start).
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"
#include "cloudformation/resources/table_request.h"

#include <set>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

constexpr int kDefaultCapacity = 5;

// A replica's table as an AWS::DynamoDB::Table would describe it.
json table_properties(const json& global, const json& replica) {
  json out = json::object();
  for (const char* m : {"AttributeDefinitions", "KeySchema", "BillingMode", "LocalSecondaryIndexes",
                        "StreamSpecification", "TimeToLiveSpecification", "WarmThroughput"})
    if (global.contains(m)) out[m] = global[m];
  for (const char* m : {"TableClass", "Tags", "DeletionProtectionEnabled", "KinesisStreamSpecification",
                        "PointInTimeRecoverySpecification", "ContributorInsightsSpecification"})
    if (replica.contains(m)) out[m] = replica[m];
  bool provisioned = global.value("BillingMode", "PROVISIONED") == "PROVISIONED";
  auto throughput = [&](const json& read_settings) {
    auto write = global.value("WriteProvisionedThroughputSettings", json::object())
                     .value("WriteCapacityAutoScalingSettings", json::object())
                     .value("MinCapacity", kDefaultCapacity);
    return json{{"ReadCapacityUnits", read_settings.value("ReadCapacityUnits", kDefaultCapacity)},
                {"WriteCapacityUnits", write}};
  };
  if (provisioned) out["ProvisionedThroughput"] = throughput(replica.value("ReadProvisionedThroughputSettings", json::object()));
  if (global.contains("GlobalSecondaryIndexes")) {
    out["GlobalSecondaryIndexes"] = json::array();
    for (const auto& index : global["GlobalSecondaryIndexes"]) {
      json spec = json::object();
      for (const char* m : {"IndexName", "KeySchema", "Projection", "WarmThroughput"})
        if (index.contains(m)) spec[m] = index[m];
      if (provisioned) spec["ProvisionedThroughput"] = throughput(json::object());
      out["GlobalSecondaryIndexes"].push_back(spec);
    }
  }
  if (global.contains("SSESpecification")) {
    json sse = {{"SSEEnabled", global["SSESpecification"].value("SSEEnabled", false)}};
    if (global["SSESpecification"].contains("SSEType")) sse["SSEType"] = global["SSESpecification"]["SSEType"];
    if (replica.contains("SSESpecification") && replica["SSESpecification"].contains("KMSMasterKeyId"))
      sse["KMSMasterKeyId"] = replica["SSESpecification"]["KMSMasterKeyId"];
    out["SSESpecification"] = sse;
  }
  return out;
}

std::map<std::string, json> replicas_of(const json& properties) {
  std::map<std::string, json> out;
  for (const auto& replica : properties.value("Replicas", json::array()))
    if (replica.is_object() && replica.contains("Region") && replica["Region"].is_string())
      out[replica["Region"].get<std::string>()] = replica;
  return out;
}

class GlobalTableType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"AttributeDefinitions", "BillingMode", "GlobalSecondaryIndexes", "GlobalTableWitnesses",
                  "KeySchema", "LocalSecondaryIndexes", "MultiRegionConsistency", "Replicas", "SSESpecification",
                  "StreamSpecification", "TableName", "TimeToLiveSpecification", "WarmThroughput",
                  "WriteOnDemandThroughputSettings", "WriteProvisionedThroughputSettings"});
    if (!p.required("KeySchema").is_array()) p.fail("KeySchema", "a list of key elements");
    const json& replicas = p.required("Replicas");
    if (!replicas.is_array() || replicas.empty()) p.fail("Replicas", "a list of replicas, one per region");
    for (std::size_t i = 0; i < replicas.size(); ++i)
      if (!replicas[i].is_object() || !replicas[i].contains("Region") || !replicas[i]["Region"].is_string())
        p.fail("Replicas", "a replica with a Region", "/" + std::to_string(i));
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    if (replicas_of(p.values()).size() < 2) return {};
    return {"replication of writes between its regions (each replica is a table of its own until DynamoDB global "
            "tables replicate)"};
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.dynamodb, p.site(), r.resource.pointer(), "DynamoDB");
    auto name = p.optional_string("TableName")
                    .value_or(physical_name(context.stack_name, r.resource.logical_id, r.resource.type));
    auto replicas = replicas_of(p.values());
    if (!replicas.count(context.region))
      p.fail("Replicas", "a replica in the stack's region " + context.region +
                             " (CloudFormation creates the global table there first)");
    auto previous = r.previous ? replicas_of(r.previous->properties) : std::map<std::string, json>{};
    bool changed = false;
    for (const auto& [region, replica] : replicas) {
      if (detail::describe_table(context, region, name)) {
        if (!previous.count(region) || previous[region] == replica) continue;
        context.report(r.resource.logical_id, r.resource.type,
                       "Replicas (a changed replica in " + region + " keeps its former settings)");
        continue;
      }
      json properties = table_properties(p.values(), replica);
      Properties table(properties, p.site(), p.at("Replicas"), p.type());
      json create = detail::create_table_request(table, name);
      detail::call(*context.services.dynamodb, context.context(region), "CreateTable", create);
      detail::configure_table(context, table, region, name, table.object("KinesisStreamSpecification"));
      changed = true;
    }
    for (const auto& [region, replica] : previous)
      if (!replicas.count(region)) {
        detail::invoke_unless(*context.services.dynamodb, context.context(region), "DeleteTable",
                              {{"TableName", name}}, "ResourceNotFoundException");
        changed = true;
      }
    auto table = *detail::describe_table(context, "", name);
    DeployedResource deployed{name, {{"Arn", table["TableArn"]}, {"TableId", table["TableId"]}}};
    if (table.contains("LatestStreamArn")) deployed.attributes["StreamArn"] = table["LatestStreamArn"];
    deployed.change = !r.previous ? Change::kCreated : (changed || !unchanged(r) ? Change::kUpdated : Change::kUnchanged);
    return deployed;
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    for (const auto& [region, replica] : replicas_of(stored.properties))
      detail::invoke_unless(*context.services.dynamodb, context.context(region), "DeleteTable",
                            {{"TableName", stored.physical_id}}, "ResourceNotFoundException");
  }
};

}  // namespace

const ResourceType& dynamodb_global_table_type() {
  static const GlobalTableType type;
  return type;
}

}  // namespace streamstack::cloudformation
