#include "cloudformation/resources/table_request.h"

#include "cloudformation/resources/service_calls.h"

namespace streamstack::cloudformation::detail {
namespace {

using nlohmann::json;

// A GSI as CreateTable takes it: CloudFormation's per-index ContributorInsightsSpecification is
// not part of the index.
json global_index(const json& index) {
  json out = index;
  out.erase("ContributorInsightsSpecification");
  if (out.contains("ProvisionedThroughput")) out["ProvisionedThroughput"] = with_numbers(out["ProvisionedThroughput"]);
  return out;
}

}  // namespace

json with_numbers(const json& value) {
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : value.items()) out[k] = with_numbers(v);
    return out;
  }
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos) return std::stoll(s);
  }
  return value;
}

json create_table_request(const Properties& p, const std::string& name) {
  json request = {{"TableName", name},
                  {"KeySchema", p.required("KeySchema")},
                  {"AttributeDefinitions", p.has("AttributeDefinitions") ? p.required("AttributeDefinitions") : json::array()}};
  // CloudFormation's default billing is PROVISIONED, as CreateTable's.
  if (auto billing = p.optional_string("BillingMode")) request["BillingMode"] = *billing;
  if (const json* t = p.object("ProvisionedThroughput")) request["ProvisionedThroughput"] = with_numbers(*t);
  if (const json* gsis = p.list("GlobalSecondaryIndexes")) {
    request["GlobalSecondaryIndexes"] = json::array();
    for (const auto& index : *gsis) request["GlobalSecondaryIndexes"].push_back(global_index(index));
  }
  if (const json* lsis = p.list("LocalSecondaryIndexes")) request["LocalSecondaryIndexes"] = *lsis;
  if (const json* stream = p.object("StreamSpecification")) {
    if (!stream->contains("StreamViewType"))
      p.fail("StreamSpecification", "member StreamViewType", "/StreamViewType");
    request["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", (*stream)["StreamViewType"]}};
  }
  if (const json* sse = p.object("SSESpecification")) {
    json spec = {{"Enabled", sse->value("SSEEnabled", false)}};
    for (const char* member : {"SSEType", "KMSMasterKeyId"})
      if (sse->contains(member)) spec[member] = (*sse)[member];
    request["SSESpecification"] = spec;
  }
  if (auto table_class = p.optional_string("TableClass")) request["TableClass"] = *table_class;
  if (auto protection = p.boolean("DeletionProtectionEnabled")) request["DeletionProtectionEnabled"] = *protection;
  if (auto tags = p.tags()) request["Tags"] = *tags;
  if (const json* t = p.object("OnDemandThroughput")) request["OnDemandThroughput"] = with_numbers(*t);
  if (const json* t = p.object("WarmThroughput")) request["WarmThroughput"] = with_numbers(*t);
  return request;
}

void configure_table(DeployContext& context, const Properties& p, const std::string& region, const std::string& name,
                     const json* kinesis_spec) {
  auto& dynamodb = *context.services.dynamodb;
  auto request_context = context.context(region);
  if (kinesis_spec) {
    json enable = {{"TableName", name}, {"StreamArn", kinesis_spec->value("StreamArn", std::string())}};
    if (kinesis_spec->contains("ApproximateCreationDateTimePrecision"))
      enable["EnableKinesisStreamingConfiguration"] = {
          {"ApproximateCreationDateTimePrecision", (*kinesis_spec)["ApproximateCreationDateTimePrecision"]}};
    detail::call(dynamodb, request_context, "EnableKinesisStreamingDestination", enable);
  }
  // Properties served by an operation of their own, each applied when DynamoDB has it.
  struct Setting {
    const char* property;
    const char* operation;
    const char* member;
  };
  for (const auto& s : {Setting{"TimeToLiveSpecification", "UpdateTimeToLive", "TimeToLiveSpecification"},
                        Setting{"PointInTimeRecoverySpecification", "UpdateContinuousBackups",
                                "PointInTimeRecoverySpecification"},
                        Setting{"ContributorInsightsSpecification", "UpdateContributorInsights", ""}}) {
    const json* value = p.object(s.property);
    if (!value) continue;
    if (!offers(dynamodb, s.operation)) continue;
    json request = {{"TableName", name}};
    if (*s.member)
      request[s.member] = *value;
    else
      request["ContributorInsightsAction"] = value->value("Enabled", false) ? "ENABLE" : "DISABLE";
    detail::call(dynamodb, request_context, s.operation, request);
  }
}

std::vector<std::string> table_not_emulated(const Properties& p, core::JsonService* dynamodb) {
  std::vector<std::string> out;
  for (const auto& [property, operation] : {std::pair{"TimeToLiveSpecification", "UpdateTimeToLive"},
                                            std::pair{"PointInTimeRecoverySpecification", "UpdateContinuousBackups"},
                                            std::pair{"ContributorInsightsSpecification", "UpdateContributorInsights"}})
    if (p.has(property) && dynamodb && !offers(*dynamodb, operation))
      out.push_back(std::string(property) + " (DynamoDB has no " + operation + " here yet)");
  if (p.has("ImportSourceSpecification")) out.push_back("ImportSourceSpecification (no import from S3)");
  if (p.has("ResourcePolicy")) out.push_back("ResourcePolicy (resource policies are not enforced)");
  return out;
}

std::optional<json> describe_table(DeployContext& context, const std::string& region, const std::string& name) {
  auto found = invoke_unless(*context.services.dynamodb, context.context(region), "DescribeTable",
                             {{"TableName", name}}, "ResourceNotFoundException");
  if (!found) return std::nullopt;
  return (*found)["Table"];
}

}  // namespace streamstack::cloudformation::detail
