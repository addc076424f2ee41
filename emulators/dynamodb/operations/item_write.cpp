#include "dynamodb/operations/item_write.h"

#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/attribute_updates.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"

#include <algorithm>

namespace streamstack::dynamodb::items {
namespace {

// The condition is evaluated against the stored item, an empty item when there is none.
void check_condition(const ItemWrite& write, const std::optional<json>& stored) {
  static const json kAbsent = json::object();
  const json& current = stored ? *stored : kAbsent;
  bool holds = true;
  if (write.condition) {
    holds = write.condition->evaluate(current);
  } else if (write.legacy != nullptr) {
    holds = matches_expected(*write.legacy, current);
  }
  if (holds) return;
  json extra = json::object();
  if (stored && write.return_old_on_failure) extra["Item"] = *stored;
  throw conditional_check_failed(std::move(extra));
}

json updated_item(const ItemWrite& write, const std::optional<json>& stored) {
  // A missing item is created from its key.
  json base = stored ? *stored : *write.item_or_key;
  if (write.update) return write.update->apply(base);
  if (write.legacy != nullptr) apply_attribute_updates(*write.legacy, base);
  return base;
}

}  // namespace

WriteResult evaluate_write(store::Connection& c, const ItemWrite& write) {
  const TableInfo& table = *write.table;
  WriteResult result;
  result.old_item = ItemStore::get(c, table, *write.item_or_key);
  check_condition(write, result.old_item);
  switch (write.kind) {
    case WriteKind::kPut:
      result.new_item = *write.item_or_key;
      break;
    case WriteKind::kUpdate: {
      json item = updated_item(write, result.old_item);
      if (item_size(item) > kMaxItemSize) {
        throw validation_error("Item size to update has exceeded the maximum allowed size");
      }
      validate_item_keys(table, item);
      result.new_item = std::move(item);
      break;
    }
    case WriteKind::kDelete:
      break;
    case WriteKind::kConditionCheck:
      result.new_item = result.old_item;
      break;
  }
  return result;
}

ItemChange apply_write(store::Connection& c, const ItemWrite& write, const WriteResult& result,
                       WriteEffects* effects) {
  if (write.kind == WriteKind::kConditionCheck) return ItemChange::kNone;
  return ItemStore::write(c, *write.table, result.old_item ? &*result.old_item : nullptr,
                          result.new_item ? &*result.new_item : nullptr, nullptr, effects);
}

void refuse_key_updates(const TableInfo& table, const std::vector<std::string>& updated) {
  auto refuse = [&](const std::string& name) {
    if (std::find(updated.begin(), updated.end(), name) != updated.end()) {
      throw invalid_parameter("Cannot update attribute " + name +
                              ". This attribute is part of the key");
    }
  };
  refuse(table.key.hash.name);
  if (table.key.range) refuse(table.key.range->name);
}

json write_key(const ItemWrite& write) {
  if (write.kind == WriteKind::kPut) return key_of(write.table->key, *write.item_or_key);
  return *write.item_or_key;
}

}  // namespace streamstack::dynamodb::items
