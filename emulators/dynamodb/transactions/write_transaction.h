#pragma once
// A write transaction: a list of item writes (Put, Update, Delete, ConditionCheck) that commit
// together or not at all. TransactWriteItems builds the list from its request, and PartiQL's
// ExecuteTransaction can build it from statements; both then call execute() inside one
// Database::write and encode what it returns.
//
// Every action is evaluated before any is written, so a cancelled transaction writes nothing:
// no item, index entry, stream record or Kinesis destination record. Conflicting transactions
// are serialized by the store's single writer, one after the other, so a transaction never
// meets another one half done: TransactionConflictException never occurs (as in DynamoDB Local).
#include "core/api_error.h"
#include "dynamodb/operations/item_write.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::transactions {

using json = nlohmann::json;

// Why one action cancelled the transaction, as CancellationReasons lists it: Code "None" for
// an action that would have succeeded, "ConditionalCheckFailed" (with Message and, when
// ReturnValuesOnConditionCheckFailure is ALL_OLD, the stored Item) or "ValidationError".
struct CancellationReason {
  std::string code;
  std::string message;
  std::optional<json> item;
};

struct Outcome {
  // Empty when every action succeeded and was written; else one per action, in action order,
  // and nothing was written.
  std::vector<CancellationReason> reasons;
  // One per action, in action order, when nothing cancelled: what each decided, and what its
  // write did to the table's indexes and item collection.
  std::vector<items::WriteResult> results;
  std::vector<WriteEffects> effects;
  bool cancelled() const { return !reasons.empty(); }
};

// Inside the caller's write transaction (`c` is the writer). Each action's item must appear
// once only (the caller refused duplicates). `check` runs first for each action, inside the
// same guard: what it throws as a ValidationException is that action's ValidationError (the
// checks DynamoDB reports per action, such as a key of the wrong type).
using ActionCheck = std::function<void(const items::ItemWrite&)>;
Outcome execute(store::Connection& c, const std::vector<items::ItemWrite>& actions,
                const ActionCheck& check = {});

// TransactionCanceledException: "Transaction cancelled, please refer cancellation reasons for
// specific reasons [ConditionalCheckFailed, None]" under `Message`, with CancellationReasons.
core::ApiError transaction_canceled(const std::vector<CancellationReason>& reasons);

// "Transaction request cannot include multiple operations on one item".
core::ApiError multiple_operations_on_one_item();

// The items a transaction names so far; add() refuses an item named twice.
class ItemSet {
 public:
  void add(std::int64_t table_id, const EncodedKey& key);

 private:
  std::vector<std::string> seen_;
};

}  // namespace streamstack::dynamodb::transactions
