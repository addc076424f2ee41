// CreateTable. AWS answers with the table CREATING; here it is ACTIVE by the next call unless
// --table-delay-ms holds the status (the catalog settles it when the delay is over).
#include "core/clock.h"
#include "core/ids.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/key_schema_rules.h"
#include "dynamodb/operations/table_support.h"
#include "dynamodb/service.h"
#include "dynamodb/table_description.h"
#include "dynamodb/table_streams.h"
#include "dynamodb/validation.h"

#include <set>

namespace streamstack::dynamodb {
namespace {

using json = nlohmann::json;

std::string requested_billing_mode(const json& input) {
  return input.value("BillingMode", "PROVISIONED");
}

// The billing mode against the throughput (dynoxide's captures; a request that names no
// billing mode gets DynamoDB's older words).
void check_billing(const json& input) {
  bool has_throughput = input.contains("ProvisionedThroughput");
  std::string billing = requested_billing_mode(input);
  if (billing == "PAY_PER_REQUEST" && has_throughput) {
    throw invalid_parameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (has_throughput) tables::check_throughput_bounds(input["ProvisionedThroughput"]);
  if (billing == "PROVISIONED" && !has_throughput) {
    if (input.contains("BillingMode")) {
      throw invalid_parameter(
          "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
          "PROVISIONED");
    }
    throw validation_error("No provisioned throughput specified for the table");
  }
}

void check_stream_specification(const json& input) {
  auto it = input.find("StreamSpecification");
  if (it == input.end()) return;
  bool enabled = it->value("StreamEnabled", false);
  bool has_view_type = it->contains("StreamViewType");
  if (enabled && !has_view_type) {
    throw invalid_parameter(
        "Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!enabled && has_view_type) {
    throw invalid_parameter(
        "Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
}

void check_semantics(const json& input) {
  check_billing(input);
  tables::check_attribute_definitions(input["AttributeDefinitions"]);
  tables::check_table_key_schema(input["KeySchema"], input["AttributeDefinitions"]);
  tables::check_index_lists_not_empty(input);
  std::set<std::string> index_names;
  if (input.contains("LocalSecondaryIndexes")) {
    tables::check_local_secondary_indexes(input["LocalSecondaryIndexes"], input["KeySchema"],
                                          input["AttributeDefinitions"], index_names);
  }
  if (input.contains("GlobalSecondaryIndexes")) {
    tables::check_global_secondary_indexes(input["GlobalSecondaryIndexes"],
                                           input["AttributeDefinitions"],
                                           requested_billing_mode(input), index_names);
  }
  tables::check_definitions_used(input);
  check_stream_specification(input);
}

json throughput_of(const json& holder) {
  auto it = holder.find("ProvisionedThroughput");
  if (it == holder.end()) return throughput_description(0, 0);
  return throughput_description(it->value("ReadCapacityUnits", std::int64_t{0}),
                                it->value("WriteCapacityUnits", std::int64_t{0}));
}

void add_indexes(json& description, const json& input, const std::string& arn) {
  for (const char* list : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    if (!input.contains(list)) continue;
    bool global = std::string_view(list) == "GlobalSecondaryIndexes";
    json out = json::array();
    for (const auto& index : input[list]) out.push_back(index_description(index, arn, global));
    description[list] = std::move(out);
  }
}

void add_stream(json& description, const json& input, const std::string& arn, std::int64_t now_ms) {
  auto it = input.find("StreamSpecification");
  if (it == input.end() || !it->value("StreamEnabled", false)) return;
  std::string label = stream_label(now_ms);
  description["StreamSpecification"] = {{"StreamEnabled", true},
                                        {"StreamViewType", (*it)["StreamViewType"]}};
  description["LatestStreamLabel"] = label;
  description["LatestStreamArn"] = arn + "/stream/" + label;
}

// A table encrypted with a KMS key (Enabled true); the AWS-owned key shows no SSEDescription.
void add_encryption(json& description, const json& input, const core::RequestContext& context) {
  auto it = input.find("SSESpecification");
  if (it == input.end() || !it->value("Enabled", false)) return;
  std::string key = it->value("KMSMasterKeyId", "");
  if (key.rfind("arn:", 0) != 0) {
    key = "arn:aws:kms:" + context.region + ":" + context.account_id + ":key/" +
          (key.empty() ? core::new_uuid() : key);
  }
  description["SSEDescription"] = {
      {"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", key}};
}

json new_description(const core::RequestContext& context, const json& input,
                     const std::string& name, std::int64_t now_ms) {
  std::string arn = table_arn(context, name);
  json d = {
      {"AttributeDefinitions",
       copy_list(input["AttributeDefinitions"], {"AttributeName", "AttributeType"})},
      {"TableName", name},
      {"KeySchema", copy_list(input["KeySchema"], {"AttributeName", "KeyType"})},
      {"CreationDateTime", epoch_seconds(now_ms)},
      {"ProvisionedThroughput", throughput_of(input)},
      {"TableArn", arn},
      {"TableId", core::new_uuid()},
      {"DeletionProtectionEnabled", input.value("DeletionProtectionEnabled", false)},
  };
  if (requested_billing_mode(input) == "PAY_PER_REQUEST") {
    d["BillingModeSummary"] = {{"BillingMode", "PAY_PER_REQUEST"},
                               {"LastUpdateToPayPerRequestDateTime", epoch_seconds(now_ms)}};
  }
  if (input.contains("TableClass")) d["TableClassSummary"] = {{"TableClass", input["TableClass"]}};
  add_indexes(d, input, arn);
  add_stream(d, input, arn, now_ms);
  add_encryption(d, input, context);
  return d;
}

// CreateTable's answer leaves out what the table has not been through yet: no switch to
// on-demand time and no table WarmThroughput, which DescribeTable reports once the table exists;
// DeletionProtectionEnabled is always there, false unless asked for. (CreateTable then
// DescribeTable answers of AWS, recorded with the CLI in 2025 and 2026.)
json creation_response(const TableInfo& table) {
  json d = live_description(table.description, "CREATING", 0, 0);
  if (d.contains("BillingModeSummary")) {
    d["BillingModeSummary"].erase("LastUpdateToPayPerRequestDateTime");
  }
  d.erase("WarmThroughput");
  return {{"TableDescription", std::move(d)}};
}

// A table ARN names the table to create.
std::string requested_name(const json& input) {
  std::string name = input["TableName"].get<std::string>();
  auto slash = name.rfind(":table/");
  if (name.rfind("arn:", 0) == 0 && slash != std::string::npos) return name.substr(slash + 7);
  return name;
}

}  // namespace

json create_table(Env& env, const core::RequestContext& context, json& input) {
  validate_request("CreateTable", input, TableNameRule::kCreate);
  check_semantics(input);
  std::string name = requested_name(input);
  std::int64_t now_ms = core::Clock::now_millis();
  TableInfo table = env.db.write([&](store::Connection& c) {
    if (env.catalog.find(c, context, name)) throw resource_in_use("Table already exists: " + name);
    TableInfo t;
    t.scope = context.scope();
    t.name = name;
    t.arn = table_arn(context, name);
    t.description = new_description(context, input, name, now_ms);
    t.status_until_ms = tables::status_until(env, now_ms);
    t.status = t.status_until_ms > 0 ? "CREATING" : "ACTIVE";
    TableInfo inserted = env.catalog.insert(c, std::move(t));
    if (table_streams::open_if_enabled(c, inserted, now_ms)) env.catalog.update(c, inserted);
    return inserted;
  });
  return creation_response(table);
}

}  // namespace streamstack::dynamodb
