#include "lambda/function_registry.h"

#include "core/clock.h"
#include "core/ids.h"
#include "lambda/encoding.h"
#include "lambda/errors.h"
#include "lambda/invocation_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace streamstack::lambda {
namespace {

using nlohmann::json;

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

FunctionRegistry::FunctionRegistry(handlers::HandlerRegistry& handlers, core::JsonService& dynamodb,
                                   WorkerPool::Options pool)
    : handlers_(handlers), gate_(std::make_shared<detail::Gate>()), pool_(pool) {
  gate_->dynamodb = &dynamodb;
}

FunctionRegistry::~FunctionRegistry() {
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

InvokeResult FunctionRegistry::invoke(const std::string& function_name, const json& event,
                                      InvocationOptions options) {
  auto invocation = std::make_shared<detail::Invocation>(get(function_name), gate_, event, std::move(options));
  pool_.submit([invocation] { invocation->run(); });
  return invocation->wait();
}

std::string FunctionRegistry::invoke_async(const std::string& function_name, json event,
                                           InvocationOptions options) {
  auto invocation = std::make_shared<detail::Invocation>(get(function_name), gate_, std::move(event),
                                                         std::move(options));
  // One pool thread waits (bounded by the timeout) while another runs the handler, so an
  // asynchronous invocation times out exactly as a synchronous one does.
  pool_.submit([invocation] { invocation->run(); });
  pool_.submit([invocation] {
    auto result = invocation->wait();
    if (!result.ok)
      spdlog::warn("[{}] asynchronous invocation {} failed: {}", invocation->function_name(),
                   result.request_id, result.payload_text);
  });
  return invocation->request_id();
}

void FunctionRegistry::set_log_sink(std::shared_ptr<InvocationLogSink> sink) {
  std::unique_lock lock(gate_->mutex);
  gate_->sink = std::move(sink);
}

}  // namespace streamstack::lambda
