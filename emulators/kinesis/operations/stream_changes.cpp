#include "kinesis/operations/stream_changes.h"

#include "core/clock.h"
#include "kinesis/errors.h"
#include "kinesis/lifecycle.h"
#include "kinesis/pending_change.h"

namespace streamstack::kinesis {

void check_active(const StreamInfo& stream, const core::RequestContext& context) {
  if (stream.status != "ACTIVE") throw stream_not_active(stream.name, context.account_id, stream.status);
}

void change_stream(store::Connection& c, const Env& env, StreamInfo& stream, const nlohmann::json& change) {
  std::int64_t now = core::Clock::now_millis();
  if (env.options.stream_delay_ms == 0) {
    apply_pending(c, stream, change, now);
    update_stream(c, stream);
    return;
  }
  stream.pending.push_back(change);
  stream.status = "UPDATING";
  stream.status_until_ms = now + env.options.stream_delay_ms;
  update_stream(c, stream);
  env.lifecycle.schedule_stream(stream.key, stream.status_until_ms);
}

}  // namespace streamstack::kinesis
