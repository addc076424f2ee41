// DescribeAccountSettings, UpdateAccountSettings: the account's minimum throughput billing
// commitment, which warm throughput on on-demand streams needs ([M] UpdateStreamWarmThroughput
// docs). A commitment lasts at least 24 hours: disabled before then, it stays enabled until its
// earliest allowed end (ENABLED_UNTIL_EARLIEST_ALLOWED_END), then is DISABLED. The window's
// length is inferred from AWS's documentation of the commitment, not confirmed.
#include "core/clock.h"
#include "kinesis/operations/account_settings.h"
#include "kinesis/operations/operations.h"

namespace streamstack::kinesis {
namespace {

constexpr std::int64_t kMinimumCommitmentMs = 24LL * 3600 * 1000;

struct Commitment {
  bool stored = false;
  std::string status = "DISABLED";  // as last asked: ENABLED or DISABLED
  std::int64_t started_ms = 0, earliest_end_ms = 0, ended_ms = 0;
};

Commitment load(store::Connection& c, const std::string& scope) {
  Commitment commitment;
  auto& st = c.prepare(
      "SELECT commitment_status, started_ms, earliest_end_ms, ended_ms FROM kinesis_account_settings WHERE scope = ?");
  st.bind_text(1, scope);
  if (st.step()) {
    commitment.stored = true;
    commitment.status = st.column_text(0);
    commitment.started_ms = st.column_is_null(1) ? 0 : st.column_int(1);
    commitment.earliest_end_ms = st.column_is_null(2) ? 0 : st.column_int(2);
    commitment.ended_ms = st.column_is_null(3) ? 0 : st.column_int(3);
  }
  st.reset();
  return commitment;
}

// The status the commitment has at `now_ms`.
std::string status_at(const Commitment& commitment, std::int64_t now_ms) {
  if (commitment.status == "ENABLED") return "ENABLED";
  if (commitment.ended_ms > now_ms) return "ENABLED_UNTIL_EARLIEST_ALLOWED_END";
  return "DISABLED";
}

json commitment_json(const Commitment& commitment, std::int64_t now_ms) {
  json out = {{"Status", status_at(commitment, now_ms)}};
  if (commitment.started_ms > 0) {
    out["StartedAt"] = epoch_seconds(commitment.started_ms);
    out["EarliestAllowedEndAt"] = epoch_seconds(commitment.earliest_end_ms);
  }
  if (commitment.ended_ms > 0) out["EndedAt"] = epoch_seconds(commitment.ended_ms);
  return {{"MinimumThroughputBillingCommitment", out}};
}

}  // namespace

bool throughput_commitment_enabled(store::Connection& c, const std::string& scope, std::int64_t now_ms) {
  return status_at(load(c, scope), now_ms) != "DISABLED";
}

json describe_account_settings(Env& env, const Context& context, json&) {
  return env.catalog.db().read([&](store::Connection& c) {
    return commitment_json(load(c, context.scope()), core::Clock::now_millis());
  });
}

json update_account_settings(Env& env, const Context& context, json& input) {
  const auto& wanted = input["MinimumThroughputBillingCommitment"]["Status"].get_ref<const std::string&>();
  std::int64_t now = core::Clock::now_millis();
  return env.catalog.write([&](store::Connection& c) {
    Commitment commitment = load(c, context.scope());
    if (wanted == "ENABLED" && status_at(commitment, now) == "DISABLED") {
      commitment = Commitment{true, "ENABLED", now, now + kMinimumCommitmentMs, 0};
    } else if (wanted == "ENABLED") {
      commitment.status = "ENABLED";
      commitment.ended_ms = 0;
    } else if (commitment.status == "ENABLED") {
      commitment.status = "DISABLED";
      commitment.ended_ms = std::max(now, commitment.earliest_end_ms);
    }
    auto& st = c.prepare(
        "INSERT OR REPLACE INTO kinesis_account_settings (scope, commitment_status, started_ms, earliest_end_ms, "
        "ended_ms) VALUES (?, ?, ?, ?, ?)");
    st.bind_text(1, context.scope()).bind_text(2, commitment.status);
    if (commitment.started_ms > 0) st.bind(3, commitment.started_ms).bind(4, commitment.earliest_end_ms);
    else st.bind_null(3).bind_null(4);
    if (commitment.ended_ms > 0) st.bind(5, commitment.ended_ms); else st.bind_null(5);
    st.run();
    return commitment_json(commitment, now);
  });
}

}  // namespace streamstack::kinesis
