// AWS::Lambda::EventSourceMapping through Lambda's CreateEventSourceMapping, whose request
// members CloudFormation's properties share (FunctionName, EventSourceArn, BatchSize,
// StartingPosition, FilterCriteria, ...), so Lambda's validation applies to them. A changed
// template updates the mapping (UpdateEventSourceMapping), or replaces it when its source,
// function or starting position changes, as CloudFormation does.
#include "cloudformation/deploy_context.h"
#include "cloudformation/resource_type.h"
#include "lambda/event_source_mappings_api.h"

#include <array>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

// What CreateEventSourceMapping takes; the rest of CloudFormation's properties are for
// sources streamstack does not have (Kafka, MQ, DocumentDB, SQS scaling).
constexpr std::array kRequestMembers = {
    "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "EventSourceArn", "FilterCriteria",
    "FunctionName", "FunctionResponseTypes", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
    "MaximumRetryAttempts", "ParallelizationFactor", "StartingPosition", "StartingPositionTimestamp",
    "TumblingWindowInSeconds"};
constexpr std::array kOtherSources = {"AmazonManagedKafkaEventSourceConfig", "DocumentDBEventSourceConfig",
                                      "KmsKeyArn", "MetricsConfig", "ProvisionedPollerConfig", "Queues",
                                      "ScalingConfig", "SelfManagedEventSource",
                                      "SelfManagedKafkaEventSourceConfig", "SourceAccessConfigurations", "Tags",
                                      "Topics"};

json request_of(const Properties& p) {
  json request = json::object();
  for (const char* member : kRequestMembers)
    if (p.has(member)) request[member] = p.values()[member];
  // Numbers CloudFormation may have taken as strings.
  for (const char* number : {"BatchSize", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
                             "MaximumRetryAttempts", "ParallelizationFactor", "TumblingWindowInSeconds"})
    if (auto n = p.integer(number, -1, 1000000000)) request[number] = *n;
  for (const char* flag : {"BisectBatchOnFunctionError", "Enabled"})
    if (auto b = p.boolean(flag)) request[flag] = *b;
  return request;
}

bool replaces(const json& before, const json& after) {
  for (const char* member : {"EventSourceArn", "FunctionName", "StartingPosition", "StartingPositionTimestamp"})
    if (before.value(member, json()) != after.value(member, json())) return true;
  return false;
}

class MappingType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    std::initializer_list<std::string_view> all = {
        "AmazonManagedKafkaEventSourceConfig", "BatchSize", "BisectBatchOnFunctionError", "DestinationConfig",
        "DocumentDBEventSourceConfig", "Enabled", "EventSourceArn", "FilterCriteria", "FunctionName",
        "FunctionResponseTypes", "KmsKeyArn", "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds",
        "MaximumRetryAttempts", "MetricsConfig", "ParallelizationFactor", "ProvisionedPollerConfig", "Queues",
        "ScalingConfig", "SelfManagedEventSource", "SelfManagedKafkaEventSourceConfig",
        "SourceAccessConfigurations", "StartingPosition", "StartingPositionTimestamp", "Tags", "Topics",
        "TumblingWindowInSeconds"};
    p.allow_only(all);
    p.string("FunctionName");
    request_of(p);
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    for (const char* member : kOtherSources)
      if (p.has(member)) out.push_back(std::string(member) + " (only DynamoDB and Kinesis streams are sources here)");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    if (!context.services.event_source_mappings) p.fail("", "a deploy with Lambda's event source mappings");
    auto& api = *context.services.event_source_mappings;
    auto request = request_of(p);
    if (r.previous) {
      bool exists = true;
      try {
        api.get(r.previous->physical_id);
      } catch (const core::ApiError&) {
        exists = false;
      }
      if (exists && unchanged(r)) return deployed(context, r.previous->physical_id, Change::kUnchanged);
      if (exists && !replaces(r.previous->properties, p.values())) {
        json update = request;
        for (const char* fixed : {"EventSourceArn", "StartingPosition", "StartingPositionTimestamp"}) update.erase(fixed);
        api.update(r.previous->physical_id, update);
        return deployed(context, r.previous->physical_id, Change::kUpdated);
      }
      if (exists) api.remove(r.previous->physical_id);
    }
    auto created = api.create(context.context(), request);
    return deployed(context, created["UUID"].get<std::string>(), r.previous ? Change::kUpdated : Change::kCreated);
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    try {
      context.services.event_source_mappings->remove(stored.physical_id);
    } catch (const core::ApiError&) {
      // Deleted already: nothing left to remove.
    }
  }

 private:
  static DeployedResource deployed(const DeployContext& context, const std::string& uuid, Change change) {
    DeployedResource out{uuid, {{"Id", uuid}, {"EventSourceMappingArn", context.arn("lambda", "event-source-mapping:" + uuid)}}};
    out.change = change;
    return out;
  }
};

class PermissionType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"Action", "EventSourceToken", "FunctionName", "FunctionUrlAuthType", "Principal",
                  "PrincipalOrgID", "SourceAccount", "SourceArn"});
    p.string("Action");
    p.string("FunctionName");
    p.string("Principal");
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    // Resource-based policies are not enforced: API Gateway and the mappings invoke any function
    // here, so a permission is recorded and changes nothing.
    DeployedResource out{context.stack_name + "-" + r.resource.logical_id};
    out.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return out;
  }
};

}  // namespace

const ResourceType& lambda_event_source_mapping_type() {
  static const MappingType type;
  return type;
}

const ResourceType& lambda_permission_type() {
  static const PermissionType type;
  return type;
}

}  // namespace streamstack::cloudformation
