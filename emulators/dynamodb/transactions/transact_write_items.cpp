// TransactWriteItems: up to 100 Puts, Updates, Deletes and ConditionChecks on distinct items of
// one account and region, written together in one SQLite transaction (items, stream records and
// Kinesis destination records) or not at all.
//
// AWS's order, from the conformance captures (paritysuite tier3 transactions): the members'
// constraints, all in one "N validation errors detected" message; then each action in order,
// whole (its values, its size when it is a Put, its expressions, its unused values); then the
// tables; then the items (empty key values, an item named twice, the 4 MB payload); then the
// transaction itself, where a failed condition, a key of the wrong type or an update whose result
// cannot be stored cancels it with a reason per action.
#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_collection_metrics.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/item_write.h"
#include "dynamodb/operations/return_values.h"
#include "dynamodb/service.h"
#include "dynamodb/transactions/idempotency.h"
#include "dynamodb/transactions/transact_support.h"
#include "dynamodb/transactions/write_transaction.h"
#include "dynamodb/validation.h"

#include <algorithm>

namespace streamstack::dynamodb {
namespace {

using transactions::CancellationReason;

constexpr std::size_t kMaxPayloadBytes = 4 * 1024 * 1024;

struct Member {
  const char* name;
  items::WriteKind kind;
};
constexpr Member kActionMembers[] = {{"ConditionCheck", items::WriteKind::kConditionCheck},
                                     {"Put", items::WriteKind::kPut},
                                     {"Delete", items::WriteKind::kDelete},
                                     {"Update", items::WriteKind::kUpdate}};

struct Action {
  items::WriteKind kind;
  json* body;
};

// Exactly one of the four members per action (DynamoDB Local's words for several; an action
// with none, an unknown member perhaps, is "invalid" in the words AWS uses for an unknown action).
std::vector<Action> actions_of(json& transact_items) {
  std::vector<Action> actions;
  for (json& element : transact_items) {
    std::vector<Action> found;
    for (const Member& m : kActionMembers) {
      auto it = element.find(m.name);
      if (it != element.end() && it->is_object()) found.push_back({m.kind, &*it});
    }
    if (found.empty()) {
      throw validation_error(
          "The action or operation requested is invalid. Verify that the action is typed "
          "correctly.");
    }
    if (found.size() > 1) {
      throw validation_error("TransactItems can only contain one of Check, Put, Update or Delete");
    }
    actions.push_back(found.front());
  }
  return actions;
}

// One action's own checks, before any table is looked up. Unlike the single-item operations, a
// transaction's action may carry names and values without an expression; those it has must
// all be used by its expressions.
items::ItemWrite decode_action(const Action& action) {
  json& body = *action.body;
  items::ItemWrite write;
  write.kind = action.kind;
  json& target = body[action.kind == items::WriteKind::kPut ? "Item" : "Key"];
  validate_item(target);
  if (action.kind == items::WriteKind::kPut && item_size(target) > kMaxItemSize) {
    throw validation_error("Item size has exceeded the maximum allowed size");
  }
  write.item_or_key = &target;
  expr::Substitutions subs = items::make_substitutions(body);
  if (action.kind == items::WriteKind::kUpdate)
    write.update = items::parse_update_member(body, subs);
  write.condition = items::parse_condition_member(body, "ConditionExpression", subs);
  if (write.update || write.condition) subs.check_all_used();
  write.return_old_on_failure = items::return_old_on_condition_failure(body);
  return write;
}

// What the answer needs of one written action.
std::size_t written_bytes(const items::WriteResult& r) {
  std::size_t old_size = r.old_item ? item_size(*r.old_item) : 0;
  std::size_t new_size = r.new_item ? item_size(*r.new_item) : 0;
  return std::max(old_size, new_size);
}

// The token's fingerprint: the actions as validated (numbers canonical, members in name order),
// so a retry that sends the same actions with its members in another order still matches.
std::string fingerprint_of(const json& transact_items) { return transact_items.dump(); }

json answer(const json& facts, items::CapacityMode mode, bool replay) {
  // A replay reads what the first request wrote: AWS reports read units for it.
  transactions::TransactionCapacity capacity(replay ? "ReadCapacityUnits" : "WriteCapacityUnits");
  // Each entry: the table, the bytes written, then [index, global, units] per index changed.
  for (const json& entry : facts.at("sizes")) {
    auto table = entry[0].get<std::string>();
    auto bytes = entry[1].get<std::size_t>();
    if (replay) {
      capacity.add(table, transactions::transactional_read_units(bytes));
      continue;
    }
    std::vector<IndexWriteUnits> indexes;
    for (std::size_t i = 2; i < entry.size(); ++i) {
      // A transaction writes an index entry twice too.
      indexes.push_back(
          {entry[i][0].get<std::string>(), entry[i][1].get<bool>(), 2 * entry[i][2].get<double>()});
    }
    capacity.add(table, transactions::transactional_write_units(bytes), indexes);
  }
  json output = json::object();
  json consumed = capacity.to_json(mode);
  if (!consumed.is_null()) output["ConsumedCapacity"] = std::move(consumed);
  if (facts.contains("ItemCollectionMetrics"))
    output["ItemCollectionMetrics"] = facts["ItemCollectionMetrics"];
  return output;
}

}  // namespace

json transact_write_items(Env& env, const core::RequestContext& context, json& input) {
  validate_request("TransactWriteItems", input, TableNameRule::kItem);
  json& transact_items = input["TransactItems"];
  std::vector<Action> actions = actions_of(transact_items);
  std::vector<items::ItemWrite> writes;
  writes.reserve(actions.size());
  for (const Action& action : actions) writes.push_back(decode_action(action));

  for (std::size_t i = 0; i < writes.size(); ++i) {
    writes[i].table = items::require_table(env, context, *actions[i].body);
  }
  transactions::ItemSet named;
  std::size_t payload = 0;
  for (items::ItemWrite& write : writes) {
    const TableInfo& table = *write.table;
    transactions::check_key_values(table, *write.item_or_key);
    if (write.update) items::refuse_key_updates(table, write.update->updated_attributes());
    if (auto key = transactions::encoded_key(table, *write.item_or_key)) named.add(table.id, *key);
    payload += item_size(*write.item_or_key);
  }
  if (payload > kMaxPayloadBytes) {
    throw validation_error("Transaction payload size cannot exceed 4MB. Payload Size: " +
                           std::to_string(payload));
  }

  const std::string* token = expect_string(input, "ClientRequestToken");
  const bool metrics = input.value("ReturnItemCollectionMetrics", "NONE") == "SIZE";
  // A key of the wrong type fails its action, in the words of the operation it stands for.
  auto check = [](const items::ItemWrite& write) {
    if (write.kind == items::WriteKind::kPut) {
      items::validate_item_keys(*write.table, *write.item_or_key);
    } else {
      items::validate_key(*write.table, *write.item_or_key);
    }
  };
  struct Committed {
    json facts;
    bool replay = false;
  };
  Committed committed = env.db.write([&](store::Connection& c) {
    std::int64_t now_ms = core::Clock::now_millis();
    if (token != nullptr) {
      if (auto recorded = transactions::find_token(c, context.scope(), *token, now_ms)) {
        if (recorded->fingerprint != fingerprint_of(transact_items)) {
          throw transactions::idempotent_parameter_mismatch();
        }
        return Committed{recorded->facts, true};
      }
    }
    transactions::Outcome outcome = transactions::execute(c, writes, check);
    if (outcome.cancelled()) throw transactions::transaction_canceled(outcome.reasons);
    json facts = {{"sizes", json::array()}};
    json collections = json::object();
    for (std::size_t i = 0; i < writes.size(); ++i) {
      const TableInfo& table = *writes[i].table;
      json sizes = {table.name, written_bytes(outcome.results[i])};
      for (const IndexWriteUnits& index : outcome.effects[i].indexes) {
        sizes.push_back({index.index, index.global, index.units});
      }
      facts["sizes"].push_back(std::move(sizes));
      bool collection = table.has_local_indexes() && writes[i].kind != items::WriteKind::kConditionCheck;
      if (!metrics || !collection) continue;
      json key = items::write_key(writes[i]);
      std::int64_t bytes = items::item_collection_bytes(c, table, key, outcome.effects[i]);
      collections[table.name].push_back(items::item_collection_metrics(table, key, bytes));
    }
    if (!collections.empty()) facts["ItemCollectionMetrics"] = std::move(collections);
    if (token != nullptr) {
      transactions::record_token(c, context.scope(), *token,
                                 {fingerprint_of(transact_items), facts}, now_ms);
    }
    return Committed{std::move(facts), false};
  });
  return answer(committed.facts, items::capacity_mode(input), committed.replay);
}

}  // namespace streamstack::dynamodb
