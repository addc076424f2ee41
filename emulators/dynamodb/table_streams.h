#pragma once
// A table's DynamoDB stream, as the table operations and the item store see it. The stream
// itself (its shard, records, retention and API) lives in emulators/streams; these calls keep
// the table's description (StreamSpecification, LatestStreamArn, LatestStreamLabel) and the
// stream in step, inside the operation's write transaction.
#include "dynamodb/attribute_value.h"
#include "dynamodb/catalog.h"
#include "store/database.h"
#include "streams/change_capture.h"

#include <cstdint>

namespace streamstack::dynamodb::table_streams {

// After the description's StreamSpecification was set to enabled (CreateTable, UpdateTable):
// opens a new stream and records its ARN and label as LatestStreamArn and LatestStreamLabel.
// Returns whether it did (the description changed).
bool open_if_enabled(store::Connection& c, TableInfo& table, std::int64_t now_ms);

// UpdateTable, after StreamSpecification was applied to `table`'s description: opens the new
// stream of an enable, closes `before`'s stream on a disable. The closed stream keeps its place in
// LatestStreamArn and LatestStreamLabel, as AWS keeps it.
void apply_change(store::Connection& c, const nlohmann::json& before, TableInfo& table,
                  std::int64_t now_ms);

// DeleteTable: the table's enabled stream is closed (and stays readable for 24 hours).
void close_enabled(store::Connection& c, const TableInfo& table, std::int64_t now_ms);

// ItemStore::write, for a write that changed the item: the stream record, when the table has an
// enabled stream, carrying `identity` when given.
void capture(store::Connection& c, const TableInfo& table, const json* old_item,
             const json* new_item, const streams::UserIdentity* identity = nullptr);

}  // namespace streamstack::dynamodb::table_streams
