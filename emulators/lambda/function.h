#pragma once
// A Lambda function: a registered handler (or a runtime and its code folder) with its
// configuration (environment, execution role, timeout, memory), as the stack file or a template
// describes it and GetFunction reports it.
#include "core/iam/policy.h"
#include "handlers/sdk/host/handler_registry.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace streamstack::lambda {

// One statement of the execution role's identity-based policies (core/iam evaluates them).
using PolicyStatement = core::iam::Statement;

// The function's execution role: what its in-process AWS clients may do.
struct Role {
  std::string name;
  std::vector<PolicyStatement> statements;
};

struct FunctionConfig {
  std::string name;
  std::string handler;  // the registered handler's name, e.g. "handler.handler"
  std::string description;
  std::map<std::string, std::string> environment;
  Role role;
  int timeout_seconds = 3;  // Lambda's defaults
  int memory_size_mb = 128;
  std::string code_path;  // a handler library; empty when the handler is linked in
  // The Lambda runtime ("python3.12", "nodejs20.x", "provided.al2023"); empty for a C++ handler,
  // which is reported as provided.al2023. A runtime other than provided.* runs its handler from
  // `code_dir` (a template's asset folder), not from the registered C++ handlers.
  std::string runtime;
  std::string code_dir;
  std::string region = "us-east-1";
  std::string account = "000000000000";
};

// Whether the function's handler may be a C++ one run in the emulator's process: no runtime, or
// an OS-only provided.* runtime whose handler is registered. Other runtimes run code in
// `code_dir` (as would a provided.* `bootstrap` whose handler is not registered).
bool runs_in_process(const FunctionConfig& config);

// A created function: its configuration plus what Lambda derives from it.
struct Function {
  FunctionConfig config;
  std::string arn;       // arn:aws:lambda:<region>:<account>:function:<name>
  std::string role_arn;  // arn:aws:iam::<account>:role/<role>
  // The principal its calls are made as: arn:aws:sts::<account>:assumed-role/<role>/<name>.
  std::string principal_arn;
  std::string last_modified;  // "2026-01-01T00:00:00.000+0000"
  std::string code_sha256;    // base64 of the code's SHA-256
  std::int64_t code_size = 0;
  std::string revision_id;
  std::string log_group_name;   // /aws/lambda/<name>
  std::string log_stream_name;  // 2026/01/01/[$LATEST]<32 hex>
  // The variables a handler sees: the configured ones plus Lambda's own (AWS_REGION, ...).
  std::map<std::string, std::string, std::less<>> runtime_environment;
  // A copy, so a handler still running when the registries go away keeps its code alive.
  handlers::Invoker invoker;
};

}  // namespace streamstack::lambda
