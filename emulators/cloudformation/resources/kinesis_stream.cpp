// AWS::Kinesis::Stream through Kinesis's operations: CreateStream (mode, shards, tags), then
// IncreaseStreamRetentionPeriod for a retention above 24 hours and StartStreamEncryption when
// Kinesis has it here. A changed template resizes the stream (UpdateShardCount), changes its
// retention, or replaces it when its name changes.
#include "cloudformation/deploy_context.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultRetentionHours = 24;

json tag_map(const Properties& p) {
  json tags = json::object();
  if (auto list = p.tags())
    for (const auto& tag : *list) tags[tag["Key"].get<std::string>()] = tag["Value"];
  return tags;
}

std::string mode_of(const Properties& p) {
  const json* details = p.object("StreamModeDetails");
  return details ? details->value("StreamMode", "PROVISIONED") : "PROVISIONED";
}

class StreamType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"DesiredShardLevelMetrics", "MaxRecordSizeInKiB", "Name", "RetentionPeriodHours", "ShardCount",
                  "StreamEncryption", "StreamModeDetails", "Tags", "WarmThroughputMiBps"});
    p.optional_string("Name");
    p.integer("ShardCount", 1, 10000);
    p.integer("RetentionPeriodHours", 24, 8760);
    p.tags();
    auto mode = mode_of(p);
    if (mode != "PROVISIONED" && mode != "ON_DEMAND") p.fail("StreamModeDetails", "PROVISIONED or ON_DEMAND", "/StreamMode");
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services& services) const override {
    std::vector<std::string> out;
    if (p.has("StreamEncryption") && services.kinesis && !detail::offers(*services.kinesis, "StartStreamEncryption"))
      out.push_back("StreamEncryption (Kinesis has no StartStreamEncryption here yet)");
    if (p.has("DesiredShardLevelMetrics")) out.push_back("DesiredShardLevelMetrics (no CloudWatch metrics)");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    auto& kinesis = detail::require_service(context.services.kinesis, p.site(), r.resource.pointer(), "Kinesis");
    auto request_context = context.context();
    auto name = p.optional_string("Name").value_or(physical_name(context.stack_name, r.resource.logical_id, r.resource.type));
    DeployedResource deployed{name, {{"Arn", context.arn("kinesis", "stream/" + name)}}};
    auto summary = detail::invoke_unless(kinesis, request_context, "DescribeStreamSummary", {{"StreamName", name}},
                                         "ResourceNotFoundException");
    auto mode = mode_of(p);
    auto shards = p.integer("ShardCount", 1, 10000).value_or(1);
    auto retention = p.integer("RetentionPeriodHours", 24, 8760).value_or(kDefaultRetentionHours);
    if (r.previous && r.previous->physical_id != name) remove(context, *r.previous);
    if (summary && r.previous && r.previous->physical_id == name) {
      deployed.change = unchanged(r) ? Change::kUnchanged : Change::kUpdated;
      const auto& s = (*summary)["StreamDescriptionSummary"];
      if (mode == "PROVISIONED" && s.value("OpenShardCount", shards) != shards)
        detail::call(kinesis, request_context, "UpdateShardCount",
                       json{{"StreamName", name}, {"TargetShardCount", shards}, {"ScalingType", "UNIFORM_SCALING"}});
      auto current = s.value("RetentionPeriodHours", kDefaultRetentionHours);
      if (current != retention)
        detail::call(kinesis, request_context,
                       retention > current ? "IncreaseStreamRetentionPeriod" : "DecreaseStreamRetentionPeriod",
                       json{{"StreamName", name}, {"RetentionPeriodHours", retention}});
      return deployed;
    }
    if (summary && (p.has("Name") || r.previous))
      p.fail("", "a stream name no other stream has (CloudFormation: Resource of type 'AWS::Kinesis::Stream' with "
                 "identifier '" + name + "' already exists.)");
    if (summary) {
      deployed.change = Change::kUnchanged;  // this stack's generated name: taken over as it is
      return deployed;
    }
    json create = {{"StreamName", name}, {"StreamModeDetails", {{"StreamMode", mode}}}};
    if (mode == "PROVISIONED") create["ShardCount"] = shards;
    if (auto tags = tag_map(p); !tags.empty()) create["Tags"] = tags;
    if (auto size = p.integer("MaxRecordSizeInKiB", 1024, 10240)) create["MaxRecordSizeInKiB"] = *size;
    detail::call(kinesis, request_context, "CreateStream", create);
    if (retention > kDefaultRetentionHours)
      detail::call(kinesis, request_context, "IncreaseStreamRetentionPeriod",
                     json{{"StreamName", name}, {"RetentionPeriodHours", retention}});
    if (const json* encryption = p.object("StreamEncryption")) {
      if (detail::offers(kinesis, "StartStreamEncryption")) {
        json start = {{"StreamName", name},
                      {"EncryptionType", encryption->value("EncryptionType", "KMS")},
                      {"KeyId", encryption->value("KeyId", "alias/aws/kinesis")}};
        detail::call(kinesis, request_context, "StartStreamEncryption", start);
      }
    }
    deployed.change = r.previous ? Change::kUpdated : Change::kCreated;
    return deployed;
  }

  void remove(DeployContext& context, const StoredResource& stored) const override {
    detail::invoke_unless(*context.services.kinesis, context.context(), "DeleteStream",
                          {{"StreamName", stored.physical_id}, {"EnforceConsumerDeletion", true}},
                          "ResourceNotFoundException");
  }
};

}  // namespace

const ResourceType& kinesis_stream_type() {
  static const StreamType type;
  return type;
}

}  // namespace streamstack::cloudformation
