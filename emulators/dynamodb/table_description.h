#pragma once
// The TableDescription DynamoDB returns from CreateTable, DescribeTable, UpdateTable and
// DeleteTable: the catalog's stored description plus the fields that live elsewhere (status,
// item count and size, warm throughput).
#include "core/request_context.h"
#include "dynamodb/catalog.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace streamstack::dynamodb {

// arn:aws:dynamodb:<region>:<account>:table/<name>
std::string table_arn(const core::RequestContext& context, std::string_view table_name);
// The StreamLabel of a stream created at `epoch_millis`: its UTC time with milliseconds and no
// zone, "2024-05-01T12:34:56.789", as AWS labels streams.
std::string stream_label(std::int64_t epoch_millis);
// Epoch seconds with milliseconds: DynamoDB's times on the wire (CreationDateTime).
double epoch_seconds(std::int64_t epoch_millis);

// ProvisionedThroughput as a description shows it (0/0 for an on-demand table or index).
nlohmann::json throughput_description(std::int64_t read_capacity, std::int64_t write_capacity);
// A secondary index as a description shows it, from its CreateTable or UpdateTable definition:
// IndexName, KeySchema, Projection, sizes, IndexArn; a global one also its
// ProvisionedThroughput (its IndexStatus is live: describe_indexes).
nlohmann::json index_description(const nlohmann::json& definition, const std::string& table_arn,
                                 bool global);
// `list` with each element reduced to `members` (what AWS echoes of a KeySchema, ...).
nlohmann::json copy_list(const nlohmann::json& list, std::initializer_list<const char*> members);
// Drops the AttributeDefinitions no key schema of the table or its indexes uses (after an
// index is deleted: a description defines exactly the key attributes).
void prune_attribute_definitions(nlohmann::json& description);
// "PAY_PER_REQUEST" or "PROVISIONED".
std::string billing_mode(const nlohmann::json& description);

// The description as AWS returns it with `status`, adding TableStatus, ItemCount,
// TableSizeBytes, the indexes' IndexStatus and the WarmThroughput of table and indexes.
nlohmann::json live_description(const nlohmann::json& description, std::string_view status,
                                std::int64_t item_count, std::int64_t size_bytes);
// The live state of the table's indexes written into `description` (a live_description of
// the table): each index's ItemCount and IndexSizeBytes, and each global index's IndexStatus
// (CREATING with Backfilling while it builds, DELETING, ACTIVE) and WarmThroughput status.
void describe_indexes(store::Connection& c, const TableInfo& table, nlohmann::json& description);
// The table's description now: its status and the item and index stores' figures.
nlohmann::json describe(store::Connection& c, const TableInfo& table);

}  // namespace streamstack::dynamodb
