#pragma once
// CloudFormation's DynamoDB table properties in the shapes DynamoDB's operations take them: the
// CreateTable request, the streaming destination, time to live. Shared by AWS::DynamoDB::Table,
// AWS::DynamoDB::GlobalTable and the replicas of Custom::DynamoDBReplica.
#include "cloudformation/deploy_context.h"
#include "cloudformation/properties.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace streamstack::cloudformation::detail {

// Numbers CloudFormation took as strings ("5") made numbers, as DynamoDB's JSON needs them.
nlohmann::json with_numbers(const nlohmann::json& throughput);

// CreateTable's request for a table named `name`: keys, attribute definitions, billing and
// throughput, indexes, stream, encryption, class, deletion protection, tags.
nlohmann::json create_table_request(const Properties& p, const std::string& name);

// After CreateTable: the Kinesis streaming destination, time to live, point-in-time recovery
// and contributor insights, each through its own operation when DynamoDB has it here.
void configure_table(DeployContext& context, const Properties& p, const std::string& region,
                     const std::string& name, const nlohmann::json* kinesis_spec);

// The table properties that deploy without effect: those whose operation DynamoDB lacks here,
// importing from S3, resource policies.
std::vector<std::string> table_not_emulated(const Properties& p, core::JsonService* dynamodb);

// DescribeTable's Table, or nullopt when there is none of that name in `region`.
std::optional<nlohmann::json> describe_table(DeployContext& context, const std::string& region,
                                             const std::string& name);

}  // namespace streamstack::cloudformation::detail
