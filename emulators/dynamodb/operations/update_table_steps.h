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
// A global index of the table still being created or deleted.
struct IndexInFlight {
  std::string name;
  bool deleting = false;
};

// What GlobalSecondaryIndexUpdates did: the indexes created (the answer shows them CREATING)
// and deleted.
struct IndexChanges {
  std::vector<std::string> created;
  std::vector<std::string> deleted;
  bool empty() const { return created.empty() && deleted.empty(); }
};

// GlobalSecondaryIndexUpdates (Create, Update, Delete) on the description, refused as DynamoDB
// refuses them while `in_flight` indexes are being built or deleted (one at a time per table).
// A deleted index leaves the description, or stays in it DELETING when `hold_deleting`
// (--table-delay-ms).
IndexChanges apply_index_updates(json& description, const json& input,
                                 const std::string& table_arn,
                                 const std::vector<IndexInFlight>& in_flight, bool hold_deleting,
                                 std::int64_t now_ms);

}  // namespace streamstack::dynamodb::tables
