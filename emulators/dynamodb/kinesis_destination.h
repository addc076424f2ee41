#pragma once
// A table's Kinesis streaming destinations ("Kinesis Data Streams for DynamoDB"): which Kinesis
// streams receive its item changes, kept in SQLite table `dynamodb_kinesis_destinations`. Each
// change is appended to every ACTIVE destination inside the item's own write transaction, so a
// crash keeps the item change and its Kinesis record together or neither.
#include "dynamodb/attribute_value.h"
#include "dynamodb/catalog.h"
#include "store/database.h"
#include "streams/change_capture.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::kinesis_destination {

struct Destination {
  std::string stream_arn;
  std::string status;     // ACTIVE or DISABLED (ENABLING/DISABLING are only ever answered)
  std::string precision;  // ApproximateCreationDateTimePrecision: MILLISECOND or MICROSECOND
};

std::vector<store::Migration> migrations();

// In the order they were first enabled.
std::vector<Destination> list(store::Connection& c, std::int64_t table_id);
std::optional<Destination> find(store::Connection& c, std::int64_t table_id, const std::string& stream_arn);
void save(store::Connection& c, std::int64_t table_id, const Destination& destination);
// DeleteTable.
void erase_all(store::Connection& c, std::int64_t table_id);

// ItemStore::write, for a write that changed the item: the record AWS writes to each ACTIVE
// destination (see record_data() below).
void capture(store::Connection& c, const TableInfo& table, const json* old_item, const json* new_item,
             const streams::UserIdentity* identity = nullptr);

// The JSON text AWS puts into the Kinesis record's Data, members in the order AWS writes them:
// awsRegion, eventID (a UUID), eventName, userIdentity (null, or {"type", "principalId"} for a
// TTL delete), recordFormat, tableName, dynamodb
// {ApproximateCreationDateTime (an integer in the destination's precision), Keys, NewImage,
// OldImage, SizeBytes, ApproximateCreationDateTimePrecision}, eventSource. The images follow the
// change, whatever the table's StreamViewType: INSERT NewImage, MODIFY both, REMOVE OldImage.
std::string record_data(const TableInfo& table, const json* old_item, const json* new_item,
                        const std::string& precision, std::int64_t now_micros, const std::string& event_id,
                        const streams::UserIdentity* identity = nullptr);
// The record's PartitionKey: the same for every change of one item, so they stay in order on
// one shard. AWS's looks like 32 upper-case hex digits; ours is the MD5 of the table and key.
std::string partition_key(const TableInfo& table, const json& item);

}  // namespace streamstack::dynamodb::kinesis_destination
