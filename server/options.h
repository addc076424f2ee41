#pragma once
// The server's settings: command-line flags, each also readable from a STREAMSTACK_* variable
// (the flag wins). `--port 0` binds any free port.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::server {

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
  std::string data = ".streamstack/streamstack.db";
  std::string config;  // stack file; empty = none
  std::string template_path;  // a CloudFormation template (cdk.out/<Stack>.template.json); empty = none
  std::vector<std::string> parameters;  // "Name=value", the template's parameters
  std::string log_level = "info";
  std::string log_format = "text";  // text | json
  std::string ready_file;           // written with the bound port once listening
  std::string durability = "normal";  // normal | full
  std::int64_t table_delay_ms = 0;
  unsigned threads = 0;  // 0 = one per core
  // Percent of PutRecords entries answered ProvisionedThroughputExceededException, for testing a
  // producer's handling of partial failures; AWS never does this on its own.
  int kinesis_error_percent = 0;
  // "any": any credentials work, only their scope is read; "verify": signatures are checked.
  std::string auth = "any";
  // ACCESS_KEY_ID:SECRET_ACCESS_KEY pairs --auth verify accepts (with the stack file's).
  std::vector<std::string> credentials;
  // Lambda's account concurrency limit: concurrent executions across every function.
  int lambda_concurrency = 1000;
  // Open connections at most; one more is answered 503 and closed.
  std::size_t max_connections = 10000;
  // From a request's first byte to the end of its headers.
  std::int64_t header_timeout_ms = 10000;
};

// Parses argv and the environment. Returns nullopt after printing help or an error
// (`exit_code` tells which).
std::optional<Options> parse_options(int argc, char** argv, int& exit_code);

}  // namespace streamstack::server
