#pragma once
// The steps every item write takes once its request is validated and its table looked up: read
// the stored item, check the condition against it, build the item after the write, then write
// it through ItemStore::write. PutItem, UpdateItem, DeleteItem and each action of
// TransactWriteItems run the same steps (and so will PartiQL's statements), so a condition or
// an update behaves alike whichever operation carries it.
#include "dynamodb/catalog.h"
#include "dynamodb/expressions/expressions.h"
#include "dynamodb/item_store.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

enum class WriteKind { kPut, kUpdate, kDelete, kConditionCheck };

// One write, decoded, validated and with its expressions parsed. Move-only (it owns the parsed
// expressions); the JSON it points to belongs to the request, which outlives it.
struct ItemWrite {
  WriteKind kind = WriteKind::kPut;
  TableRef table;
  // Put: the new item. The others: the key of the item written or checked.
  const json* item_or_key = nullptr;
  std::unique_ptr<expr::Update> update;        // Update by UpdateExpression
  std::unique_ptr<expr::Condition> condition;  // ConditionExpression
  // A single-item operation's request, for its legacy Expected / ConditionalOperator and
  // AttributeUpdates; nullptr for a transaction's actions, which have neither.
  const json* legacy = nullptr;
  // ReturnValuesOnConditionCheckFailure ALL_OLD: a failed condition carries the stored item.
  bool return_old_on_failure = false;
};

// What a write decided: the stored item before it and the item after it (none for a delete; a
// ConditionCheck leaves the item as it is and writes nothing).
struct WriteResult {
  std::optional<json> old_item;
  std::optional<json> new_item;
};

// Inside the caller's write transaction; writes nothing. Throws ConditionalCheckFailedException
// (with the stored item when asked) when the condition does not hold, and an update's
// ValidationExceptions (operand types, "Item size to update has exceeded the maximum allowed
// size", index key types) when its result cannot be stored.
WriteResult evaluate_write(store::Connection& c, const ItemWrite& write);

// Writes what evaluate_write decided through ItemStore::write (a ConditionCheck writes nothing);
// `effects`, when given, receives what the write did to the table's indexes.
ItemChange apply_write(store::Connection& c, const ItemWrite& write, const WriteResult& result,
                       WriteEffects* effects = nullptr);

// Key attributes cannot be written by an update: "Cannot update attribute a. This attribute is
// part of the key", in the order of the key schema. `updated` are the top-level attributes the
// update writes or removes.
void refuse_key_updates(const TableInfo& table, const std::vector<std::string>& updated);

// The key of the item a write targets.
json write_key(const ItemWrite& write);

}  // namespace streamstack::dynamodb::items
