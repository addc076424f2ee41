#include "config/stack.h"

#include "core/api_error.h"
#include "core/request_context.h"
#include "lambda/function_registry.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace streamstack::config {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& expected) const {
    throw StackError(file_ + ": at " + (pointer.empty() ? "/" : pointer) + ": expected " + expected);
  }

  const json& member(const json& object, const std::string& pointer, const char* key) const {
    if (!object.contains(key)) fail(pointer + "/" + key, std::string("member \"") + key + "\"");
    return object[key];
  }

  std::string string(const json& object, const std::string& pointer, const char* key,
                     std::optional<std::string> fallback = std::nullopt) const {
    if (!object.contains(key)) {
      if (fallback) return *fallback;
      fail(pointer + "/" + key, "a string");
    }
    const auto& value = object[key];
    if (!value.is_string()) fail(pointer + "/" + key, "a string");
    return value.get<std::string>();
  }

  std::string one_of(const json& object, const std::string& pointer, const char* key,
                     std::initializer_list<const char*> allowed, std::optional<std::string> fallback) const {
    auto value = string(object, pointer, key, fallback);
    for (const char* a : allowed)
      if (value == a) return value;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(pointer + "/" + key, "one of " + list + ", got \"" + value + "\"");
  }

  int integer(const json& object, const std::string& pointer, const char* key, int fallback, int min,
              int max) const {
    if (!object.contains(key)) return fallback;
    const auto& value = object[key];
    auto range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value.is_number_integer()) fail(pointer + "/" + key, range);
    auto n = value.get<std::int64_t>();
    if (n < min || n > max) fail(pointer + "/" + key, range + ", got " + std::to_string(n));
    return static_cast<int>(n);
  }

  std::vector<std::string> strings(const json& object, const std::string& pointer, const char* key) const {
    const auto& value = member(object, pointer, key);
    if (!value.is_array()) fail(pointer + "/" + key, "an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) fail(pointer + "/" + key + "/" + std::to_string(i), "a string");
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string file_;
};

TableSpec parse_table(const Reader& r, const json& t, const std::string& at) {
  if (!t.is_object()) r.fail(at, "an object (a table)");
  TableSpec spec;
  spec.name = r.string(t, at, "name");
  spec.region = r.string(t, at, "region", "");
  const auto& pk = r.member(t, at, "partitionKey");
  if (!pk.is_object()) r.fail(at + "/partitionKey", "an object {\"name\", \"type\"}");
  spec.partition_key_name = r.string(pk, at + "/partitionKey", "name");
  spec.partition_key_type = r.one_of(pk, at + "/partitionKey", "type", {"S", "N", "B"}, std::nullopt);
  if (t.contains("sortKey")) {
    const auto& sk = t["sortKey"];
    if (!sk.is_object()) r.fail(at + "/sortKey", "an object {\"name\", \"type\"}");
    spec.sort_key = {r.string(sk, at + "/sortKey", "name"),
                     r.one_of(sk, at + "/sortKey", "type", {"S", "N", "B"}, std::nullopt)};
  }
  spec.billing_mode = r.one_of(t, at, "billingMode", {"PAY_PER_REQUEST", "PROVISIONED"}, "PAY_PER_REQUEST");
  spec.stream_view_type = r.one_of(t, at, "stream",
                                   {"", "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}, "");
  return spec;
}

bool valid_function_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

// A policy resource: a full ARN, a wildcard, or "table:<name>[/...]" naming a table of this
// stack (CDK's table.table_arn).
std::string policy_resource(const Reader& r, const Stack& stack, const std::string& resource,
                            const std::string& at) {
  constexpr std::string_view kTable = "table:";
  if (resource.rfind(kTable, 0) != 0) return resource;
  auto rest = resource.substr(kTable.size());
  auto name = rest.substr(0, rest.find('/'));
  for (const auto& t : stack.tables)
    if (t.name == name)
      return "arn:aws:dynamodb:" + (t.region.empty() ? stack.region : t.region) + ":" + stack.account +
             ":table/" + rest;
  r.fail(at, "\"table:<name>\" naming a table of this stack, got \"" + resource + "\"");
}

lambda::Role parse_role(const Reader& r, const Stack& stack, const json& f, const std::string& at,
                        const std::string& function_name) {
  lambda::Role role;
  // Like CDK, a function without a role gets one of its own that allows nothing beyond logging.
  role.name = function_name + "-role";
  if (!f.contains("role")) return role;
  const auto& spec = f["role"];
  const auto where = at + "/role";
  if (!spec.is_object()) r.fail(where, "an object {\"name\", \"statements\"}");
  role.name = r.string(spec, where, "name", role.name);
  if (!spec.contains("statements")) return role;
  const auto& statements = spec["statements"];
  if (!statements.is_array()) r.fail(where + "/statements", "an array of statements");
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const auto s_at = where + "/statements/" + std::to_string(i);
    const auto& s = statements[i];
    if (!s.is_object()) r.fail(s_at, "an object {\"actions\", \"resources\"}");
    lambda::PolicyStatement statement;
    statement.effect = r.one_of(s, s_at, "effect", {"Allow", "Deny"}, "Allow");
    statement.actions = r.strings(s, s_at, "actions");
    for (std::size_t a = 0; a < statement.actions.size(); ++a)
      if (statement.actions[a] != "*" && statement.actions[a].find(':') == std::string::npos)
        r.fail(s_at + "/actions/" + std::to_string(a),
               "an action \"<service>:<Action>\" (e.g. \"dynamodb:GetItem\"), got \"" + statement.actions[a] + "\"");
    auto resources = r.strings(s, s_at, "resources");
    for (std::size_t k = 0; k < resources.size(); ++k)
      statement.resources.push_back(
          policy_resource(r, stack, resources[k], s_at + "/resources/" + std::to_string(k)));
    role.statements.push_back(std::move(statement));
  }
  return role;
}

lambda::FunctionConfig parse_function(const Reader& r, const Stack& stack, const json& f, const std::string& at) {
  if (!f.is_object()) r.fail(at, "an object (a function)");
  lambda::FunctionConfig c;
  c.name = r.string(f, at, "name");
  if (!valid_function_name(c.name))
    r.fail(at + "/name", "1 to 64 letters, digits, '-' or '_', got \"" + c.name + "\"");
  c.handler = r.string(f, at, "handler");
  c.description = r.string(f, at, "description", "");
  auto code = r.string(f, at, "code", "");
  if (!code.empty()) {
    // Relative to the stack file, so a stack and its handler library can move together.
    std::filesystem::path path(code);
    if (path.is_relative()) path = std::filesystem::absolute(std::filesystem::path(stack.file).parent_path() / path);
    c.code_path = path.lexically_normal().string();
  }
  if (f.contains("environment")) {
    const auto& env = f["environment"];
    if (!env.is_object()) r.fail(at + "/environment", "an object of string variables");
    for (const auto& [name, value] : env.items()) {
      if (!value.is_string()) r.fail(at + "/environment/" + name, "a string");
      c.environment[name] = value.get<std::string>();
    }
  }
  c.timeout_seconds = r.integer(f, at, "timeout", 3, 1, 900);
  c.memory_size_mb = r.integer(f, at, "memorySize", 128, 128, 10240);
  c.role = parse_role(r, stack, f, at, c.name);
  c.region = stack.region;
  c.account = stack.account;
  return c;
}

json create_table_request(const TableSpec& t) {
  json request = {{"TableName", t.name},
                  {"AttributeDefinitions", json::array({{{"AttributeName", t.partition_key_name},
                                                         {"AttributeType", t.partition_key_type}}})},
                  {"KeySchema", json::array({{{"AttributeName", t.partition_key_name}, {"KeyType", "HASH"}}})},
                  {"BillingMode", t.billing_mode}};
  if (t.sort_key) {
    request["AttributeDefinitions"].push_back({{"AttributeName", t.sort_key->first}, {"AttributeType", t.sort_key->second}});
    request["KeySchema"].push_back({{"AttributeName", t.sort_key->first}, {"KeyType", "RANGE"}});
  }
  if (t.billing_mode == "PROVISIONED")
    request["ProvisionedThroughput"] = {{"ReadCapacityUnits", 5}, {"WriteCapacityUnits", 5}};
  if (!t.stream_view_type.empty())
    request["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", t.stream_view_type}};
  return request;
}

// Handler libraries are loaded here, at start, so a library that cannot be used stops the
// emulator with the stack file's location of its "code".
void apply_functions(const Stack& stack, lambda::FunctionRegistry& registry) {
  for (std::size_t i = 0; i < stack.functions.size(); ++i) {
    const auto& f = stack.functions[i];
    const auto at = stack.file + ": at /functions/" + std::to_string(i);
    if (!f.code_path.empty()) {
      try {
        registry.handlers().load_library(f.code_path);
      } catch (const handlers::HandlerLibraryError& e) {
        throw StackError(at + "/code: expected a usable handler library: " + e.what());
      }
    }
    if (!registry.handlers().find(f.handler)) {
      std::string known;
      for (const auto& name : registry.handlers().names()) known += (known.empty() ? "" : ", ") + name;
      throw StackError(at + "/handler: expected the name of a registered handler (" + known + "), got \"" +
                       f.handler + "\"");
    }
    registry.create_function(f);
  }
}

}  // namespace

Stack parse_stack(const json& document, const std::string& file) {
  Reader r(file);
  if (!document.is_object()) r.fail("", "an object (the stack)");
  Stack stack;
  stack.file = file;
  stack.document = document;
  stack.region = r.string(document, "", "region", "us-east-1");
  stack.account = r.string(document, "", "account", "000000000000");
  if (document.contains("tables")) {
    const auto& tables = document["tables"];
    if (!tables.is_array()) r.fail("/tables", "an array of tables");
    for (std::size_t i = 0; i < tables.size(); ++i)
      stack.tables.push_back(parse_table(r, tables[i], "/tables/" + std::to_string(i)));
  }
  if (document.contains("functions")) {
    const auto& functions = document["functions"];
    if (!functions.is_array()) r.fail("/functions", "an array of functions");
    std::set<std::string> names;
    for (std::size_t i = 0; i < functions.size(); ++i) {
      auto at = "/functions/" + std::to_string(i);
      stack.functions.push_back(parse_function(r, stack, functions[i], at));
      if (!names.insert(stack.functions.back().name).second)
        r.fail(at + "/name", "a name no other function has, got \"" + stack.functions.back().name + "\"");
    }
  }
  return stack;
}

Stack load_stack(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw StackError(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  json document = json::parse(text.str(), nullptr, false);
  if (document.is_discarded()) throw StackError(path + ": is not valid JSON");
  return parse_stack(document, path);
}

void apply_stack(const Stack& stack, const Services& services) {
  for (const auto& table : stack.tables) {
    core::RequestContext context;
    context.account_id = stack.account;
    context.region = table.region.empty() ? stack.region : table.region;
    context.request_id = "stack";
    json describe = {{"TableName", table.name}};
    try {
      services.dynamodb.invoke(context, "DescribeTable", describe);
      continue;  // already there: applying the stack again is harmless
    } catch (const core::ApiError& e) {
      if (e.code() != "ResourceNotFoundException") throw;
    }
    json request = create_table_request(table);
    services.dynamodb.invoke(context, "CreateTable", request);
    spdlog::info("stack: created table {} in {}", table.name, context.region);
  }
  if (services.functions) apply_functions(stack, *services.functions);
}

}  // namespace streamstack::config
