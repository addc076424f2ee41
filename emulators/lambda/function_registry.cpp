#include "lambda/function_registry.h"

#include "core/clock.h"
#include "core/ids.h"
#include "lambda/encoding.h"
#include "lambda/errors.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

// Threads for in-process handlers beyond the concurrency limit: a handler past its timeout has
// given its concurrency back but keeps its thread until it returns.
constexpr std::size_t kThreadsPastTimeout = 256;
// Lambda's asynchronous queue retries a throttled event from 1 s, doubling, up to 5 minutes
// apart, and keeps it at most 6 hours (MaximumEventAgeInSeconds' default).
constexpr std::chrono::milliseconds kFirstEventRetry{1000};
constexpr std::chrono::milliseconds kMaxEventRetry{5 * 60 * 1000};
constexpr std::chrono::hours kMaximumEventAge{6};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The bytes GetFunction's CodeSha256 and CodeSize describe: a handler library's file, or a code
// folder's files (relative path and contents, in path order).
std::string code_bytes(const FunctionConfig& c) {
  if (!c.code_path.empty()) return read_file(c.code_path);
  if (c.code_dir.empty()) return "streamstack built-in handler " + c.handler;
  std::error_code ec;
  if (!std::filesystem::is_directory(c.code_dir, ec)) return read_file(c.code_dir);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(c.code_dir, ec))
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string bytes;
  for (const auto& file : files) bytes += file.lexically_relative(c.code_dir).string() + '\0' + read_file(file.string()) + '\0';
  return bytes;
}

// Until a language runtime can host it, such a function is registered (listed, mapped,
// integrated) and every invocation fails as a function error naming what is missing.
handlers::Invoker runtime_unavailable(const FunctionConfig& c) {
  return [runtime = c.runtime, name = c.name](const json&, handlers::Context&) {
    handlers::HandlerOutcome outcome;
    outcome.ok = false;
    outcome.error_type = "Runtime.Unavailable";
    outcome.error_message = "The " + runtime + " runtime is not available in streamstack: function " + name +
                            " cannot be invoked. Functions run in-process only as C++ handlers (provided.al2023).";
    return outcome;
  };
}

std::string function_arn(const FunctionConfig& c) {
  return "arn:aws:lambda:" + c.region + ":" + c.account + ":function:" + c.name;
}

// What Lambda sets in every function's environment besides the configured variables.
std::map<std::string, std::string, std::less<>> runtime_environment(const Function& f) {
  const auto& c = f.config;
  std::map<std::string, std::string, std::less<>> env(c.environment.begin(), c.environment.end());
  env["AWS_REGION"] = c.region;
  env["AWS_DEFAULT_REGION"] = c.region;
  env["AWS_LAMBDA_FUNCTION_NAME"] = c.name;
  env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
  env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(c.memory_size_mb);
  env["AWS_LAMBDA_LOG_GROUP_NAME"] = f.log_group_name;
  env["AWS_LAMBDA_LOG_STREAM_NAME"] = f.log_stream_name;
  env["_HANDLER"] = c.handler;
  env["TZ"] = ":UTC";
  return env;
}

}  // namespace

bool runs_in_process(const FunctionConfig& config) {
  return config.runtime.empty() || config.runtime.rfind("provided", 0) == 0;
}

std::pair<std::string, std::string> parse_function_name(std::string_view name) {
  if (name.rfind("arn:", 0) == 0) {
    // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
    std::size_t at = 0;
    for (int i = 0; i < 6 && at != std::string_view::npos; ++i) at = name.find(':', at + 1);
    name = at == std::string_view::npos ? std::string_view{} : name.substr(at + 1);
  } else if (auto partial = name.find(":function:"); partial != std::string_view::npos) {
    name = name.substr(partial + 10);
  }
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return {std::string(name), ""};
  return {std::string(name.substr(0, colon)), std::string(name.substr(colon + 1))};
}

FunctionRegistry::FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb, Options options)
    : handlers_(handlers),
      gate_(std::make_shared<detail::Gate>()),
      concurrency_(options.concurrency_limit),
      in_process_(WorkerPool::Options{
          .max_threads = options.max_threads
                             ? options.max_threads
                             : static_cast<std::size_t>(options.concurrency_limit) + kThreadsPastTimeout}) {
  gate_->dynamodb = &dynamodb;
}

FunctionRegistry::FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb)
    : FunctionRegistry(handlers, dynamodb, Options{}) {}

FunctionRegistry::~FunctionRegistry() { close(); }

void FunctionRegistry::close() {
  std::unique_lock lock(gate_->mutex);
  gate_->open = false;
  gate_->dynamodb = nullptr;
}

std::shared_ptr<const Function> FunctionRegistry::make_function(FunctionConfig config) const {
  auto f = std::make_shared<Function>();
  const auto* invoker = runs_in_process(config) ? handlers_.find(config.handler) : nullptr;
  if (invoker)
    f->invoker = *invoker;
  else if (config.runtime.empty())
    throw std::invalid_argument("function " + config.name + ": no handler is registered as \"" + config.handler + "\"");
  else
    f->invoker = runtime_unavailable(config);
  auto now = core::Clock::now_millis();
  auto code = code_bytes(config);
  f->arn = function_arn(config);
  f->role_arn = "arn:aws:iam::" + config.account + ":role/" + config.role.name;
  f->principal_arn = "arn:aws:sts::" + config.account + ":assumed-role/" + config.role.name + "/" + config.name;
  f->last_modified = iso8601_with_offset(now);
  f->code_sha256 = sha256_base64(code);
  f->code_size = static_cast<std::int64_t>(code.size());
  f->revision_id = core::new_uuid();
  f->log_group_name = "/aws/lambda/" + config.name;
  f->log_stream_name = log_stream_date(now) + "/[$LATEST]" + sha256_hex(core::new_uuid()).substr(0, 32);
  f->config = std::move(config);
  f->runtime_environment = runtime_environment(*f);
  return f;
}

bool FunctionRegistry::create_function(FunctionConfig config) {
  if (find(config.name)) return false;
  if (!config.code_path.empty()) handlers_.load_library(config.code_path);
  auto f = make_function(std::move(config));
  std::unique_lock lock(mutex_);
  auto [it, inserted] = functions_.emplace(f->config.name, f);
  if (inserted) spdlog::info("lambda: created function {} ({})", f->config.name, f->config.handler);
  return inserted;
}

void FunctionRegistry::put_function(FunctionConfig config) {
  if (!config.code_path.empty()) handlers_.load_library(config.code_path);
  auto f = make_function(std::move(config));
  std::unique_lock lock(mutex_);
  functions_[f->config.name] = f;
}

void FunctionRegistry::clear() {
  std::unique_lock lock(mutex_);
  functions_.clear();
  concurrency_.clear_reservations();
}

std::shared_ptr<const Function> FunctionRegistry::find(std::string_view name_or_arn) const {
  auto [name, qualifier] = parse_function_name(name_or_arn);
  if (!qualifier.empty() && qualifier != "$LATEST") return nullptr;
  std::shared_lock lock(mutex_);
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second;
}

std::shared_ptr<const Function> FunctionRegistry::get(std::string_view name_or_arn) const {
  if (auto f = find(name_or_arn)) return f;
  if (name_or_arn.rfind("arn:", 0) == 0) throw function_not_found(std::string(name_or_arn));
  auto [name, qualifier] = parse_function_name(name_or_arn);
  FunctionConfig defaults;  // the emulator's one account and region
  defaults.name = name;
  throw function_not_found(function_arn(defaults) + (qualifier.empty() ? "" : ":" + qualifier));
}

std::vector<std::shared_ptr<const Function>> FunctionRegistry::list() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<const Function>> out;
  out.reserve(functions_.size());
  for (const auto& [name, f] : functions_) out.push_back(f);
  return out;
}

FunctionBackend& FunctionRegistry::backend_for(const Function&) { return in_process_; }

void FunctionRegistry::invoke(const std::string& function_name, json event, InvocationOptions options,
                              InvokeCallback done) {
  auto function = get(function_name);
  auto execution = concurrency_.acquire(function->config.name);
  auto invocation = std::make_shared<Invocation>(function, gate_, std::move(event), std::move(options), std::move(done));
  // Runs under the gate (Invocation::finish), so the registry is still here.
  invocation->on_ended([this, execution, weak = std::weak_ptr<Invocation>(invocation)] {
    concurrency_.release(execution);
    if (auto self = weak.lock()) deadlines_.cancel(self->timer());
  });
  arm(invocation, invocation->first_deadline());
  backend_for(*function).start(std::move(invocation));
}

void FunctionRegistry::arm(const std::shared_ptr<Invocation>& invocation, Deadlines::Clock::time_point at) {
  invocation->set_timer(deadlines_.schedule(at, [this, invocation] {
    if (auto again = invocation->expire(Deadlines::Clock::now())) arm(invocation, *again);
  }));
}

InvokeResult FunctionRegistry::invoke(const std::string& function_name, const json& event,
                                      InvocationOptions options) {
  auto promise = std::make_shared<std::promise<InvokeResult>>();
  auto result = promise->get_future();
  invoke(function_name, event, std::move(options), [promise](InvokeResult r) { promise->set_value(std::move(r)); });
  return result.get();
}

std::string FunctionRegistry::invoke_event(const std::string& function_name, json event, InvocationOptions options) {
  auto function = get(function_name);
  if (options.request_id.empty()) options.request_id = core::new_uuid();
  auto request_id = options.request_id;
  queue_event(function->config.name, std::move(event), std::move(options), Deadlines::Clock::now(),
              kFirstEventRetry);
  return request_id;
}

void FunctionRegistry::queue_event(std::string function_name, json event, InvocationOptions options,
                                   Deadlines::Clock::time_point queued_at, std::chrono::milliseconds backoff) {
  auto request_id = options.request_id;
  try {
    invoke(function_name, event, options, [function_name, request_id](InvokeResult result) {
      if (!result.ok)
        spdlog::warn("[{}] asynchronous invocation {} failed: {}", function_name, request_id, result.payload_text);
    });
  } catch (const core::ApiError& error) {
    if (error.code() != "TooManyRequestsException") {
      spdlog::warn("[{}] asynchronous invocation {} dropped: {}", function_name, request_id, error.message());
      return;
    }
    retry_event(std::move(function_name), std::move(event), std::move(options), queued_at, backoff);
  } catch (const std::exception& error) {
    spdlog::error("[{}] asynchronous invocation {} dropped: {}", function_name, request_id, error.what());
  }
}

void FunctionRegistry::retry_event(std::string function_name, json event, InvocationOptions options,
                                   Deadlines::Clock::time_point queued_at, std::chrono::milliseconds backoff) {
  auto now = Deadlines::Clock::now();
  if (now + backoff - queued_at >= kMaximumEventAge) {
    spdlog::warn("[{}] asynchronous invocation {} dropped: throttled for 6 hours", function_name, options.request_id);
    return;
  }
  deadlines_.schedule(now + backoff, [this, function_name = std::move(function_name), event = std::move(event),
                                      options = std::move(options), queued_at, backoff]() mutable {
    queue_event(std::move(function_name), std::move(event), std::move(options), queued_at,
                std::min<std::chrono::milliseconds>(backoff * 2, kMaxEventRetry));
  });
}

void FunctionRegistry::set_log_sink(std::shared_ptr<InvocationLogSink> sink) {
  std::unique_lock lock(gate_->mutex);
  gate_->sink = std::move(sink);
}

}  // namespace streamstack::lambda
