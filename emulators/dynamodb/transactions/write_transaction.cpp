#include "dynamodb/transactions/write_transaction.h"

#include "dynamodb/errors.h"

#include <algorithm>

namespace streamstack::dynamodb::transactions {
namespace {

CancellationReason reason_for(const core::ApiError& error) {
  if (error.code() == "ConditionalCheckFailedException") {
    CancellationReason reason{"ConditionalCheckFailed", error.message(), std::nullopt};
    if (auto it = error.extra().find("Item"); it != error.extra().end()) reason.item = *it;
    return reason;
  }
  return {"ValidationError", error.message(), std::nullopt};
}

bool reported_per_action(const core::ApiError& error) {
  return error.code() == "ConditionalCheckFailedException" || error.code() == "ValidationException";
}

}  // namespace

Outcome execute(store::Connection& c, const std::vector<items::ItemWrite>& actions,
                const ActionCheck& check) {
  Outcome outcome;
  std::vector<CancellationReason> reasons(actions.size(),
                                          CancellationReason{"None", "", std::nullopt});
  bool cancelled = false;
  outcome.results.reserve(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    try {
      if (check) check(actions[i]);
      outcome.results.push_back(items::evaluate_write(c, actions[i]));
    } catch (const core::ApiError& error) {
      if (!reported_per_action(error)) throw;
      reasons[i] = reason_for(error);
      outcome.results.emplace_back();
      cancelled = true;
    }
  }
  if (cancelled) {
    outcome.reasons = std::move(reasons);
    outcome.results.clear();
    return outcome;
  }
  outcome.effects.resize(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    items::apply_write(c, actions[i], outcome.results[i], &outcome.effects[i]);
  }
  return outcome;
}

core::ApiError transaction_canceled(const std::vector<CancellationReason>& reasons) {
  std::string codes;
  json list = json::array();
  for (const CancellationReason& r : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += r.code;
    json entry = {{"Code", r.code}};
    if (!r.message.empty()) entry["Message"] = r.message;
    if (r.item) entry["Item"] = *r.item;
    list.push_back(std::move(entry));
  }
  core::ApiError error(
      400, kDynamoPrefix, "TransactionCanceledException",
      "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes +
          "]",
      json{{"CancellationReasons", std::move(list)}});
  // The model names this member Message, where most errors have message.
  error.with_message_key("Message");
  return error;
}

core::ApiError multiple_operations_on_one_item() {
  return validation_error("Transaction request cannot include multiple operations on one item");
}

void ItemSet::add(std::int64_t table_id, const EncodedKey& key) {
  std::string identity = std::to_string(table_id);
  identity += '\0';
  identity += key.pk;
  identity += '\0';
  identity += key.sk;
  if (std::find(seen_.begin(), seen_.end(), identity) != seen_.end()) {
    throw multiple_operations_on_one_item();
  }
  seen_.push_back(std::move(identity));
}

}  // namespace streamstack::dynamodb::transactions
