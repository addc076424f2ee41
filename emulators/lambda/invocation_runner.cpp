#include "lambda/invocation_runner.h"

#include "core/clock.h"
#include "core/ids.h"
#include "lambda/encoding.h"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <cmath>
#include <cstdio>

namespace streamstack::lambda {
namespace {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::microseconds;

// Invoke's X-Amz-Log-Result carries the last 4 KB of the log.
constexpr std::size_t kTailBytes = 4096;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// The process's peak resident memory, capped at the function's size: handlers share one
// process, so per-invocation memory is not measurable.
int max_memory_used_mb(int memory_size_mb) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  int mb = static_cast<int>((usage.ru_maxrss + 1023) / 1024);
  return mb < memory_size_mb ? mb : memory_size_mb;
}

std::string trace_id() {
  auto hex = sha256_hex(core::new_uuid());
  char root[16];
  std::snprintf(root, sizeof root, "%08llx", static_cast<unsigned long long>(core::Clock::now_millis() / 1000));
  return "Root=1-" + std::string(root) + "-" + hex.substr(0, 24) + ";Parent=" + hex.substr(24, 16) + ";Sampled=0";
}

}  // namespace

Invocation::Invocation(std::shared_ptr<const Function> function, std::shared_ptr<detail::Gate> gate, json event,
                       InvocationOptions options, InvokeCallback done)
    : function_(std::move(function)),
      gate_(std::move(gate)),
      event_(std::move(event)),
      options_(std::move(options)),
      done_(std::move(done)),
      request_id_(options_.request_id.empty() ? core::new_uuid() : options_.request_id),
      timeout_(options_.timeout.value_or(std::chrono::seconds(function_->config.timeout_seconds))),
      submitted_(Clock::now()) {}

void Invocation::fill_context(handlers::Context& context) const {
  const auto& f = *function_;
  context.aws_request_id = request_id_;
  context.function_name = f.config.name;
  context.function_arn = f.arn;
  context.memory_limit_in_mb = f.config.memory_size_mb;
  context.log_group_name = f.log_group_name;
  context.log_stream_name = f.log_stream_name;
  context.xray_trace_id = trace_id();
  context.client_context = options_.client_context;
  context.deadline = std::chrono::system_clock::now() + timeout_;
  context.environment = f.runtime_environment;
  context.environment["_X_AMZN_TRACE_ID"] = context.xray_trace_id;
}

bool Invocation::begin() {
  {
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::kQueued) return false;  // timed out before a worker was free
    phase_ = Phase::kRunning;
    started_at_ = Clock::now();
  }
  emit("START RequestId: " + request_id_ + " Version: $LATEST", false);
  return true;
}

void Invocation::end(handlers::HandlerOutcome outcome) {
  microseconds duration;
  {
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::kRunning) return;  // timed out: the deadline has answered
    phase_ = Phase::kReturned;
    duration = duration_cast<microseconds>(Clock::now() - started_at_);
    outcome_ = std::move(outcome);
    duration_ = duration;
  }
  if (!outcome_.ok) emit("[ERROR] " + outcome_.error_type + ": " + outcome_.error_message, false);
  report(duration, false);
  finish(result_of_outcome());
}

std::optional<Invocation::Clock::time_point> Invocation::expire(Clock::time_point now) {
  bool never_started;
  {
    std::lock_guard lock(mutex_);
    if (phase_ == Phase::kReturned || phase_ == Phase::kTimedOut) return std::nullopt;
    // A handler gets its whole timeout from its start.
    if (phase_ == Phase::kRunning && now < started_at_ + timeout_) return started_at_ + timeout_;
    if (phase_ == Phase::kQueued && now < submitted_ + timeout_) return submitted_ + timeout_;
    never_started = phase_ == Phase::kQueued;
    phase_ = Phase::kTimedOut;
  }
  if (never_started) emit("START RequestId: " + request_id_ + " Version: $LATEST", false);
  finish(timeout_result());
  return std::nullopt;
}

void Invocation::set_timer(Deadlines::Timer timer) {
  std::lock_guard lock(mutex_);
  timer_ = std::move(timer);
}

Deadlines::Timer Invocation::timer() const {
  std::lock_guard lock(mutex_);
  return timer_;
}

void Invocation::finish(InvokeResult result) {
  // Under the gate: the registry, and whoever waits for the result, are still there.
  std::shared_lock gate(gate_->mutex);
  if (!gate_->open) return;
  if (ended_) ended_();
  if (done_) done_(std::move(result));
}

bool Invocation::ended() const {
  std::lock_guard lock(mutex_);
  return phase_ == Phase::kReturned || phase_ == Phase::kTimedOut;
}

void Invocation::log(std::string_view line) noexcept {
  try {
    emit(line, true);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] a log line was lost: {}", function_->config.name, e.what());
  }
}

void Invocation::emit(std::string_view line, bool handler_line) {
  if (handler_line && ended()) return;
  if (options_.tail_log) {
    std::lock_guard lock(mutex_);
    log_.append(line).push_back('\n');
    if (log_.size() > 2 * kTailBytes) log_.erase(0, log_.size() - kTailBytes);
  }
  const auto& f = *function_;
  if (spdlog::should_log(spdlog::level::info)) spdlog::info("[{}] {}", f.config.name, line);
  std::shared_lock gate(gate_->mutex);
  if (!gate_->open || !gate_->sink) return;
  gate_->sink->write(InvocationLogEvent{f.config.name, f.log_group_name, f.log_stream_name, request_id_,
                                        core::Clock::now_millis(), std::string(line)});
}

void Invocation::report(microseconds duration, bool timed_out) {
  double ms = static_cast<double>(duration.count()) / 1000.0;
  auto billed = std::max<long long>(1, static_cast<long long>(std::ceil(ms)));
  int memory = function_->config.memory_size_mb;
  char line[256];
  // AWS ends every REPORT field, the last one included, with a tab.
  std::snprintf(line, sizeof line,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %lld ms\tMemory Size: %d MB\t"
                "Max Memory Used: %d MB\t%s",
                request_id_.c_str(), ms, billed, memory, max_memory_used_mb(memory),
                timed_out ? "Status: timeout\t" : "");
  emit("END RequestId: " + request_id_, false);
  emit(line, false);
}

std::string Invocation::log_tail() {
  if (!options_.tail_log) return {};
  std::lock_guard lock(mutex_);
  return log_.size() > kTailBytes ? log_.substr(log_.size() - kTailBytes) : log_;
}

InvokeResult Invocation::result_of_outcome() {
  InvokeResult result;
  result.request_id = request_id_;
  result.duration = duration_;
  result.ok = outcome_.ok;
  if (outcome_.payload) {
    result.payload_text = *outcome_.payload;
    result.payload = json::parse(result.payload_text, nullptr, false);
    if (result.payload.is_discarded()) result.payload = result.payload_text;
  } else if (outcome_.ok) {
    result.payload = std::move(outcome_.result);
    result.payload_text = dump(result.payload);
  } else {
    result.payload = {{"errorMessage", outcome_.error_message},
                      {"errorType", outcome_.error_type},
                      {"stackTrace", json::array()}};
    result.payload_text = dump(result.payload);
  }
  if (!outcome_.ok) {
    result.function_error = "Unhandled";
    result.error_type = outcome_.error_type;
    result.error_message = outcome_.error_message;
  }
  result.log_tail = log_tail();
  return result;
}

InvokeResult Invocation::timeout_result() {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", static_cast<double>(timeout_.count()) / 1000.0);
  auto message = iso8601_utc(core::Clock::now_millis()) + " " + request_id_ + " Task timed out after " +
                 seconds + " seconds";
  emit(message, false);
  report(duration_cast<microseconds>(timeout_), true);
  InvokeResult result;
  result.request_id = request_id_;
  result.timed_out = true;
  result.function_error = "Unhandled";
  result.error_message = message;
  result.payload = {{"errorMessage", message}};
  result.payload_text = dump(result.payload);
  result.duration = duration_cast<microseconds>(timeout_);
  result.log_tail = log_tail();
  return result;
}

}  // namespace streamstack::lambda
