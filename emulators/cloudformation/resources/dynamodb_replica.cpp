// Custom::DynamoDBReplica, the custom resource CDK's Table synthesizes for each of its
// replicationRegions. On AWS its provider (functions in a nested stack) calls UpdateTable with
// ReplicaUpdates; here the replica is deployed directly: a table of the same name in the
// replica's region, with the source table's keys, attribute definitions, billing, indexes and
// stream, created by CreateTable in that region. Writes are not copied between the regions
// until DynamoDB replicates global tables (reported at start).
#include "cloudformation/deploy_context.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"
#include "cloudformation/resources/table_request.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

json copy_members(const json& from, std::initializer_list<const char*> members) {
  json out = json::object();
  for (const char* m : members)
    if (from.contains(m)) out[m] = from[m];
  return out;
}

// CreateTable's request for a replica of the table DescribeTable described.
json replica_request(const json& source) {
  json request = {{"TableName", source["TableName"]},
                  {"KeySchema", source["KeySchema"]},
                  {"AttributeDefinitions", source["AttributeDefinitions"]}};
  auto billing = source.value("BillingModeSummary", json::object()).value("BillingMode", "PROVISIONED");
  request["BillingMode"] = billing;
  if (billing == "PROVISIONED")
    request["ProvisionedThroughput"] = copy_members(source.value("ProvisionedThroughput", json::object()),
                                                    {"ReadCapacityUnits", "WriteCapacityUnits"});
  for (const char* list : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (!source.contains(list)) continue;
    request[list] = json::array();
    for (const auto& index : source[list]) {
      auto spec = copy_members(index, {"IndexName", "KeySchema", "Projection"});
      if (billing == "PROVISIONED" && std::string_view(list) == "GlobalSecondaryIndexes")
        spec["ProvisionedThroughput"] = copy_members(index.value("ProvisionedThroughput", json::object()),
                                                     {"ReadCapacityUnits", "WriteCapacityUnits"});
      request[list].push_back(spec);
    }
  }
  if (source.contains("StreamSpecification")) request["StreamSpecification"] = source["StreamSpecification"];
  return request;
}

class ReplicaType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"ServiceToken", "TableName", "Region", "SkipReplicationCompletedWait", "GlobalSecondaryIndexes"});
    p.string("TableName");
    p.string("Region");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    return {"replication of writes to " + p.optional_string("Region").value_or("its region") +
            " (the replica is a table of its own until DynamoDB global tables replicate)"};
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    detail::require_service(context.services.dynamodb, p.site(), r.resource.pointer(), "DynamoDB");
    auto table = p.string("TableName"), region = p.string("Region");
    // CDK's replica handler names the replica "<table>-<region>".
    DeployedResource deployed{table + "-" + region};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    if (r.previous && r.previous->physical_id != deployed.physical_id) remove(context, *r.previous);
    if (!detail::describe_table(context, region, table)) {
      auto source = detail::describe_table(context, "", table);
      if (!source) p.fail("TableName", "the name of a table in " + context.region + ", got \"" + table + "\"");
      json create = replica_request(*source);
      detail::call(*context.services.dynamodb, context.context(region), "CreateTable", create);
      if (deployed.change == Change::kUnchanged) deployed.change = Change::kUpdated;
    }
    return deployed;
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    auto table = stored.properties.value("TableName", std::string());
    auto region = stored.properties.value("Region", std::string());
    detail::invoke_unless(*context.services.dynamodb, context.context(region), "DeleteTable", {{"TableName", table}},
                          "ResourceNotFoundException");
  }
};

}  // namespace

const ResourceType& dynamodb_replica_type() {
  static const ReplicaType type;
  return type;
}

}  // namespace streamstack::cloudformation
