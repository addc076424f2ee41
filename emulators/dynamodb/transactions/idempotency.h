#pragma once
// ClientRequestToken of TransactWriteItems: a token names one transaction for 10 minutes after
// it committed. The same token with the same TransactItems within that window is answered as
// the first request was, writing nothing again (no second item change, no second stream record);
// with other TransactItems it is IdempotentParameterMismatchException. Tokens are kept in SQLite
// table `dynamodb_transaction_tokens`, written in the transaction they name, so a token is
// never recorded for a transaction that did not commit.
#include "core/api_error.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::dynamodb::transactions {

inline constexpr std::int64_t kTokenWindowMs = 10 * 60 * 1000;

std::vector<store::Migration> idempotency_migrations();

// What a later request with the same token gets back: the answer's facts (sizes per table for
// its ConsumedCapacity, its ItemCollectionMetrics), kept as JSON.
struct RecordedTransaction {
  std::string fingerprint;
  nlohmann::json facts;
};

// Inside the write transaction: the transaction `token` named in `scope` within the window
// ending `now_ms`, if any.
std::optional<RecordedTransaction> find_token(store::Connection& c, const std::string& scope,
                                              const std::string& token, std::int64_t now_ms);
// Inside the transaction that commits it; forgets a few tokens whose window has passed.
void record_token(store::Connection& c, const std::string& scope, const std::string& token,
                  const RecordedTransaction& recorded, std::int64_t now_ms);

// "Specified idempotent token was used with different request parameters within the idempotency
// window" (DynamoDB Local's words for AWS's IdempotentParameterMismatchException).
core::ApiError idempotent_parameter_mismatch();

}  // namespace streamstack::dynamodb::transactions
