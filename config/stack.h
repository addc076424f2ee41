#pragma once
// The stack file: one JSON document describing what the seed's CDK code describes (tables,
// Kinesis streams, functions, event source mappings, REST APIs), loaded at start. Applying it
// twice is harmless: what exists already is left as it is.
#include "core/json_service.h"
#include "lambda/function.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace streamstack::lambda {
class FunctionRegistry;
}

namespace streamstack::config {

// A stack file that cannot be used: names the file, the JSON pointer and what was expected.
class StackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TableSpec {
  std::string name;
  std::string region;  // empty = the default region
  std::string partition_key_name;
  std::string partition_key_type;  // S | N | B
  std::optional<std::pair<std::string, std::string>> sort_key;
  std::string billing_mode = "PAY_PER_REQUEST";
  std::string stream_view_type;  // empty = no stream
};

struct Stack {
  std::string file;
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::vector<TableSpec> tables;
  // Handler libraries ("code") are absolute paths here; policy resources are ARNs
  // ("table:<name>" resolved).
  std::vector<lambda::FunctionConfig> functions;
  nlohmann::json document;  // the whole file, for sections other modules read
};

Stack load_stack(const std::string& path);
Stack parse_stack(const nlohmann::json& document, const std::string& file);

struct Services {
  core::JsonService& dynamodb;
  lambda::FunctionRegistry* functions = nullptr;  // the stack's functions are skipped without it
};

// Creates what the stack describes and does not exist yet.
void apply_stack(const Stack& stack, const Services& services);

}  // namespace streamstack::config
