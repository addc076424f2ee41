// AWS::DynamoDB::Table through DynamoDB's own operations: CreateTable (keys, attribute
// definitions, billing, indexes, stream, encryption, class, tags), then the Kinesis streaming
// destination and time to live. A changed template updates the table with UpdateTable (billing,
// throughput, stream, indexes, protection, class) and the destination; a changed key schema,
// local index set or name replaces it, as CloudFormation does.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"
#include "cloudformation/resources/table_request.h"

#include <map>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;
using detail::describe_table;

json table_attributes(const json& table) {
  json attributes = {{"Arn", table["TableArn"]}};
  if (table.contains("LatestStreamArn")) attributes["StreamArn"] = table["LatestStreamArn"];
  return attributes;
}

const json& member(const json& object, const char* name) {
  static const json kNull;
  auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

bool replaces(const json& before, const json& after) {
  for (const char* name : {"TableName", "KeySchema", "LocalSecondaryIndexes"})
    if (member(before, name) != member(after, name)) return true;
  return false;
}

// The UpdateTable calls that take the table from `before` to `after`, one change each (DynamoDB
// takes one index change or stream change per call).
void update_in_place(DeployContext& context, const Properties& p, const json& before, const std::string& name) {
  auto& dynamodb = *context.services.dynamodb;
  auto request_context = context.context();
  const json& after = p.values();
  auto update = [&](json request) {
    request["TableName"] = name;
    detail::call(dynamodb, request_context, "UpdateTable", request);
  };
  if (member(before, "BillingMode") != member(after, "BillingMode") ||
      member(before, "ProvisionedThroughput") != member(after, "ProvisionedThroughput")) {
    json request = {{"BillingMode", after.value("BillingMode", "PROVISIONED")}};
    if (after.contains("ProvisionedThroughput"))
      request["ProvisionedThroughput"] = detail::with_numbers(after["ProvisionedThroughput"]);
    update(request);
  }
  if (member(before, "StreamSpecification") != member(after, "StreamSpecification")) {
    if (before.contains("StreamSpecification")) update({{"StreamSpecification", {{"StreamEnabled", false}}}});
    if (after.contains("StreamSpecification"))
      update({{"StreamSpecification",
               {{"StreamEnabled", true}, {"StreamViewType", after["StreamSpecification"]["StreamViewType"]}}}});
  }
  std::map<std::string, json> old_indexes, new_indexes;
  for (const auto& i : member(before, "GlobalSecondaryIndexes")) old_indexes[i.value("IndexName", "")] = i;
  for (const auto& i : member(after, "GlobalSecondaryIndexes")) new_indexes[i.value("IndexName", "")] = i;
  for (const auto& [index, spec] : old_indexes)
    if (!new_indexes.count(index) || new_indexes[index].value("KeySchema", json()) != spec.value("KeySchema", json()))
      update({{"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", index}}}}}}});
  for (const auto& [index, spec] : new_indexes) {
    auto old = old_indexes.find(index);
    bool same_keys = old != old_indexes.end() && old->second.value("KeySchema", json()) == spec.value("KeySchema", json());
    json create = spec;
    create.erase("ContributorInsightsSpecification");
    if (create.contains("ProvisionedThroughput")) create["ProvisionedThroughput"] = detail::with_numbers(create["ProvisionedThroughput"]);
    if (!same_keys)
      update({{"AttributeDefinitions", after.value("AttributeDefinitions", json::array())},
              {"GlobalSecondaryIndexUpdates", {{{"Create", create}}}}});
    else if (old->second.value("ProvisionedThroughput", json()) != spec.value("ProvisionedThroughput", json()))
      update({{"GlobalSecondaryIndexUpdates",
               {{{"Update", {{"IndexName", index}, {"ProvisionedThroughput", create.value("ProvisionedThroughput", json())}}}}}}});
  }
  if (member(before, "DeletionProtectionEnabled") != member(after, "DeletionProtectionEnabled"))
    update({{"DeletionProtectionEnabled", p.boolean("DeletionProtectionEnabled").value_or(false)}});
  if (member(before, "TableClass") != member(after, "TableClass"))
    update({{"TableClass", after.value("TableClass", "STANDARD")}});
  const json& old_kinesis = member(before, "KinesisStreamSpecification");
  const json& new_kinesis = member(after, "KinesisStreamSpecification");
  if (old_kinesis != new_kinesis && old_kinesis.is_object())
    detail::call(dynamodb, request_context, "DisableKinesisStreamingDestination",
                    json{{"TableName", name}, {"StreamArn", old_kinesis.value("StreamArn", "")}});
  json rest = after;
  for (const char* same : {"TimeToLiveSpecification", "PointInTimeRecoverySpecification", "ContributorInsightsSpecification"})
    if (member(before, same) == member(after, same)) rest.erase(same);
  rest.erase("ImportSourceSpecification");
  rest.erase("ResourcePolicy");
  Properties changed(rest, p.site(), "", p.type());
  detail::configure_table(context, changed, "", name, old_kinesis != new_kinesis && new_kinesis.is_object() ? &new_kinesis : nullptr);
}

class TableType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"AttributeDefinitions", "BillingMode", "ContributorInsightsSpecification",
                  "DeletionProtectionEnabled", "GlobalSecondaryIndexes", "ImportSourceSpecification", "KeySchema",
                  "KinesisStreamSpecification", "LocalSecondaryIndexes", "OnDemandThroughput",
                  "PointInTimeRecoverySpecification", "ProvisionedThroughput", "ResourcePolicy", "SSESpecification",
                  "StreamSpecification", "TableClass", "TableName", "Tags", "TimeToLiveSpecification",
                  "WarmThroughput"});
    if (!p.required("KeySchema").is_array()) p.fail("KeySchema", "a list of key elements");
    p.list("AttributeDefinitions");
    p.list("GlobalSecondaryIndexes");
    p.list("LocalSecondaryIndexes");
    p.optional_string("TableName");
    p.object("StreamSpecification");
    if (const json* k = p.object("KinesisStreamSpecification"); k && !(*k).contains("StreamArn"))
      p.fail("KinesisStreamSpecification", "member StreamArn", "/StreamArn");
    p.tags();
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services& services) const override {
    return detail::table_not_emulated(p, services.dynamodb);
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    const auto& id = r.resource.logical_id;
    detail::require_service(context.services.dynamodb, p.site(), r.resource.pointer(), "DynamoDB");
    int generation = r.previous ? r.previous->generation : 0;
    bool replacing = r.previous && replaces(r.previous->properties, p.values());
    if (replacing) ++generation;
    auto given = p.optional_string("TableName");
    auto name = given.value_or(physical_name(context.stack_name, id, r.resource.type, generation));
    if (replacing && given && *given == r.previous->physical_id)
      p.fail("KeySchema", "a new TableName with the new key schema (CloudFormation cannot update a stack when a "
                          "custom-named resource requires replacing. Rename " + name + " and update the stack again.)");
    auto existing = describe_table(context, "", name);
    if (existing && !replacing && r.previous && r.previous->physical_id == name) {
      if (unchanged(r)) return {name, table_attributes(*existing), generation, Change::kUnchanged};
      update_in_place(context, p, r.previous->properties, name);
      return {name, table_attributes(*describe_table(context, "", name)), generation, Change::kUpdated};
    }
    if (existing && (given || replacing))
      p.fail("", "a table name no other table has (CloudFormation: Resource of type 'AWS::DynamoDB::Table' with "
                 "identifier '" + name + "' already exists.)");
    // An existing table of the name this stack generates, with no record of it, is this stack's
    // (its record was lost): it is taken over as it is.
    if (!existing) {
      json create = detail::create_table_request(p, name);
      detail::call(*context.services.dynamodb, context.context(), "CreateTable", create);
      detail::configure_table(context, p, "", name, p.object("KinesisStreamSpecification"));
    }
    // CloudFormation deletes the replaced table once its replacement exists.
    if (replacing && r.previous->deletion_policy == "Delete") remove(context, *r.previous);
    return {name, table_attributes(*describe_table(context, "", name)), generation,
            r.previous ? Change::kUpdated : Change::kCreated};
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    detail::invoke_unless(*context.services.dynamodb, context.context(), "DeleteTable",
                          {{"TableName", stored.physical_id}}, "ResourceNotFoundException");
  }
};

}  // namespace

const ResourceType& dynamodb_table_type() {
  static const TableType type;
  return type;
}

}  // namespace streamstack::cloudformation
