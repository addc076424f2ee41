#pragma once
// The steps of UpdateTable (operations/update_table.cpp): checks of the request alone, then each
// change applied to the table's stored description, throwing AWS's error where a change does
// not apply to this table.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace streamstack::dynamodb::tables {

using json = nlohmann::json;

// Before the table is looked up.
void check_update_request(const json& input);

// BillingMode and ProvisionedThroughput.
void apply_billing_and_throughput(json& description, const json& input, std::int64_t now_ms);
// StreamSpecification: enabling starts a new stream (a new LatestStreamLabel and
// LatestStreamArn); disabling keeps the last stream's label and ARN, as AWS does.
void apply_stream(json& description, const json& input, std::int64_t now_ms);
// GlobalSecondaryIndexUpdates (Create, Update, Delete) on the description. Returns the names of
// the indexes created, which the answer shows CREATING.
std::vector<std::string> apply_index_updates(json& description, const json& input,
                                             const std::string& table_arn, std::int64_t now_ms);

}  // namespace streamstack::dynamodb::tables
