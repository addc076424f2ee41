#include "dynamodb/transactions/idempotency.h"

#include "core/api_error.h"
#include "dynamodb/errors.h"

namespace streamstack::dynamodb::transactions {

std::vector<store::Migration> idempotency_migrations() {
  return {{170, "dynamodb_transaction_tokens",
           "CREATE TABLE dynamodb_transaction_tokens ("
           " scope TEXT NOT NULL,"
           " token TEXT NOT NULL,"
           " fingerprint TEXT NOT NULL,"
           " facts TEXT NOT NULL,"
           " committed_ms INTEGER NOT NULL,"
           " PRIMARY KEY (scope, token));"
           "CREATE INDEX dynamodb_transaction_tokens_committed ON dynamodb_transaction_tokens "
           "(committed_ms)"}};
}

std::optional<RecordedTransaction> find_token(store::Connection& c, const std::string& scope,
                                              const std::string& token, std::int64_t now_ms) {
  auto& st = c.prepare(
      "SELECT fingerprint, facts FROM dynamodb_transaction_tokens WHERE scope = ? AND token = ? "
      "AND "
      "committed_ms > ?");
  st.bind_text(1, scope).bind_text(2, token).bind(3, now_ms - kTokenWindowMs);
  store::ResetOnExit reset{st};
  if (!st.step()) return std::nullopt;
  return RecordedTransaction{st.column_text(0), nlohmann::json::parse(st.column_text_view(1))};
}

void record_token(store::Connection& c, const std::string& scope, const std::string& token,
                  const RecordedTransaction& recorded, std::int64_t now_ms) {
  // A handful at a time: the table stays as small as the traffic of the last ten minutes
  // without any one transaction paying for a long backlog.
  c.prepare(
       "DELETE FROM dynamodb_transaction_tokens WHERE rowid IN (SELECT rowid FROM "
       "dynamodb_transaction_tokens WHERE committed_ms <= ? LIMIT 8)")
      .bind(1, now_ms - kTokenWindowMs)
      .run();
  c.prepare(
       "INSERT INTO dynamodb_transaction_tokens (scope, token, fingerprint, facts, committed_ms) "
       "VALUES (?, ?, ?, ?, ?) ON CONFLICT(scope, token) DO UPDATE SET fingerprint = "
       "excluded.fingerprint, "
       "facts = excluded.facts, committed_ms = excluded.committed_ms")
      .bind_text(1, scope)
      .bind_text(2, token)
      .bind_text(3, recorded.fingerprint)
      .bind_text(4, recorded.facts.dump())
      .bind(5, now_ms)
      .run();
}

core::ApiError idempotent_parameter_mismatch() {
  return core::ApiError(
      400, kDynamoPrefix, "IdempotentParameterMismatchException",
      "Specified idempotent token was used with different request parameters within "
      "the idempotency window");
}

}  // namespace streamstack::dynamodb::transactions
