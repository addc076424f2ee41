#pragma once
// Change capture: the stream record of one item write, written in the item's own transaction so
// a crash keeps both or neither.
//
// The split with DynamoDB: this module links only core and store (DynamoDB links it, so it cannot
// link DynamoDB back). What it needs to know about items, DynamoDB passes in as an ItemModel:
// its item-size function (for SizeBytes) and its equality (for recognising a write that changes
// nothing). DynamoDB's ItemStore::write calls capture_change with the item before and after the
// write when the table's stream is enabled; everything else (eventName, Keys, which images the
// view type keeps, SizeBytes, sequence number, retention) is decided here.
#include "store/database.h"
#include "streams/stream_catalog.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::streams {

using json = nlohmann::json;

struct ItemModel {
  // DynamoDB's item size: attribute-name bytes plus value bytes.
  std::size_t (*item_size)(const json& item) = nullptr;
  // DynamoDB's equality of items (sets as sets, numbers by value).
  bool (*items_equal)(const json& a, const json& b) = nullptr;
};

// Who made a change, when not the caller: only TTL deletes carry one on AWS.
struct UserIdentity {
  std::string type;
  std::string principal_id;
};
inline const UserIdentity kTimeToLiveIdentity{"Service", "dynamodb.amazonaws.com"};

struct ChangeContext {
  std::string_view stream_arn;  // the table's enabled stream (LatestStreamArn)
  const json* old_item = nullptr;  // the stored item before the write; nullptr: there was none
  const json* new_item = nullptr;  // the item after the write; nullptr: deleted
  ItemModel model;
  const UserIdentity* user_identity = nullptr;
  std::int64_t now_ms = 0;  // 0: core::Clock::now_millis()
};

// Inside the item's write transaction. Appends the record of the change and returns its
// SequenceNumber; returns nullopt, writing nothing, when the write changed nothing (no item
// before or after, or equal items), so the rule "no record for a no-op write" is kept here even if
// a caller forgets it. A stream disabled meanwhile takes nothing (nullopt); an ARN that names no
// stream is a bug (std::logic_error).
std::optional<std::string> capture_change(store::Connection& c, const ChangeContext& change);

// The streams this thread appended records to since it last asked (a commit listener asks after
// each commit, so readers of those streams learn that records may have been committed).
std::vector<std::string> take_captured_on_this_thread();

// What a record needs besides the change: the stream's view and the record's identity.
struct RecordStamp {
  std::string view_type;
  const json* key_schema = nullptr;  // [{"AttributeName", "KeyType"}]
  std::string region;
  std::string sequence_number;
  std::string event_id;
};

// The GetRecords record of a change (without eventSourceARN) as JSON text, members in name
// order, or nullopt for a no-op write.
// Images appear as the view type says (AWS's table: KEYS_ONLY none, NEW_IMAGE the new item,
// OLD_IMAGE the old item, NEW_AND_OLD_IMAGES both, each only when the item exists on that side);
// SizeBytes is the item size of Keys plus every image included.
std::optional<std::string> build_record(const ChangeContext& change, const RecordStamp& stamp);

}  // namespace streamstack::streams
