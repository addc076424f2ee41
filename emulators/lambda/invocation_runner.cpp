#include "lambda/invocation_runner.h"

#include "core/clock.h"
#include "core/ids.h"
#include "lambda/encoding.h"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <cmath>
#include <cstdio>

namespace streamstack::lambda::detail {
namespace {

using nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::steady_clock;

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

Invocation::Invocation(std::shared_ptr<const Function> function, std::shared_ptr<Gate> gate, json event,
                       InvocationOptions options)
    : function_(std::move(function)),
      gate_(std::move(gate)),
      event_(std::move(event)),
      options_(std::move(options)),
      request_id_(options_.request_id.empty() ? core::new_uuid() : options_.request_id),
      timeout_(options_.timeout.value_or(std::chrono::seconds(function_->config.timeout_seconds))),
      submitted_(steady_clock::now()) {}

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

void Invocation::run() {
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) return;  // the caller gave up before a thread was free
    started_ = true;
    started_at_ = steady_clock::now();
  }
  changed_.notify_all();
  handlers::Context context(*this);
  fill_context(context);
  emit("START RequestId: " + request_id_ + " Version: $LATEST", false);
  auto outcome = function_->invoker(event_, context);
  auto duration = duration_cast<microseconds>(steady_clock::now() - started_at_);
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) return;  // timed out: the caller has reported it
    returned_ = true;
    outcome_ = std::move(outcome);
    duration_ = duration;
  }
  if (!outcome_.ok) emit("[ERROR] " + outcome_.error_type + ": " + outcome_.error_message, false);
  report(duration, false);
  {
    std::lock_guard lock(mutex_);
    reported_ = true;
  }
  changed_.notify_all();
}

InvokeResult Invocation::wait() {
  std::unique_lock lock(mutex_);
  // A handler gets its whole timeout from its start; a queue that cannot start it within one
  // timeout is reported as a timeout too.
  changed_.wait_until(lock, submitted_ + timeout_, [this] { return started_; });
  if (started_) changed_.wait_until(lock, started_at_ + timeout_, [this] { return returned_; });
  if (returned_) {
    changed_.wait(lock, [this] { return reported_; });
    lock.unlock();
    return result_of_outcome();
  }
  bool never_started = !started_;
  abandoned_ = true;
  lock.unlock();
  if (never_started) emit("START RequestId: " + request_id_ + " Version: $LATEST", false);
  return timeout_result();
}

bool Invocation::ended() const {
  std::lock_guard lock(mutex_);
  return abandoned_ || returned_;
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
  if (options_.tail_log) {
    std::lock_guard lock(mutex_);
    result.log_tail = log_.size() > kTailBytes ? log_.substr(log_.size() - kTailBytes) : log_;
  }
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
  if (options_.tail_log) {
    std::lock_guard lock(mutex_);
    result.log_tail = log_.size() > kTailBytes ? log_.substr(log_.size() - kTailBytes) : log_;
  }
  return result;
}

}  // namespace streamstack::lambda::detail
