#include "config/stack.h"

#include "config/stack_reader.h"

#include "core/api_error.h"
#include "core/request_context.h"
#include "lambda/function_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace streamstack::config {
namespace {

using nlohmann::json;
using detail::Reader;

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
  spec.kinesis_stream = r.string(t, at, "kinesisStream", "");
  return spec;
}

KinesisStreamSpec parse_kinesis_stream(const Reader& r, const json& k, const std::string& at) {
  if (!k.is_object()) r.fail(at, "an object (a Kinesis stream)");
  KinesisStreamSpec spec;
  spec.name = r.string(k, at, "name");
  spec.mode = r.one_of(k, at, "mode", {"PROVISIONED", "ON_DEMAND"}, "PROVISIONED");
  spec.shard_count = r.integer(k, at, "shardCount", 1, 1, 500);
  spec.retention_hours = r.integer(k, at, "retentionHours", 24, 24, 8760);
  return spec;
}

EventSourceMappingSpec parse_mapping(const Reader& r, const json& m, const std::string& at) {
  if (!m.is_object()) r.fail(at, "an object (an event source mapping)");
  EventSourceMappingSpec spec;
  spec.function = r.string(m, at, "function");
  spec.source = r.string(m, at, "source");
  for (const auto& [name, value] : m.items())
    if (name != "function" && name != "source") spec.settings[name] = value;
  return spec;
}

RestApiSpec parse_rest_api(const Reader& r, const json& a, const std::string& at) {
  if (!a.is_object()) r.fail(at, "an object (a REST API)");
  RestApiSpec spec;
  spec.name = r.string(a, at, "name");
  spec.id = r.string(a, at, "id", "");
  if (!spec.id.empty() && (spec.id.size() != 10 || !std::all_of(spec.id.begin(), spec.id.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
      })))
    r.fail(at + "/id", "10 lower-case letters or digits, as API Gateway's ids are, got \"" + spec.id + "\"");
  spec.function = r.string(a, at, "function");
  spec.stage = r.string(a, at, "stage", "prod");
  return spec;
}

// Each element of the array `key` (when present) parsed by `parse`.
template <typename Spec, typename Parse>
std::vector<Spec> parse_list(const Reader& r, const json& document, const char* key, Parse parse) {
  std::vector<Spec> out;
  if (!document.contains(key)) return out;
  const auto& list = document[key];
  const auto at = std::string("/") + key;
  if (!list.is_array()) r.fail(at, "an array");
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(parse(r, list[i], at + "/" + std::to_string(i)));
  return out;
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

}  // namespace

Stack parse_stack(const json& document, const std::string& file) {
  Reader r(file);
  if (!document.is_object()) r.fail("", "an object (the stack)");
  Stack stack;
  stack.file = file;
  stack.document = document;
  stack.region = r.string(document, "", "region", "us-east-1");
  stack.account = r.string(document, "", "account", "000000000000");
  stack.kinesis_streams = parse_list<KinesisStreamSpec>(r, document, "kinesisStreams", parse_kinesis_stream);
  stack.tables = parse_list<TableSpec>(r, document, "tables", parse_table);
  for (std::size_t i = 0; i < stack.tables.size(); ++i) {
    const auto& name = stack.tables[i].kinesis_stream;
    if (!name.empty() && std::none_of(stack.kinesis_streams.begin(), stack.kinesis_streams.end(),
                                      [&](const auto& k) { return k.name == name; }))
      r.fail("/tables/" + std::to_string(i) + "/kinesisStream",
             "the name of a stream in /kinesisStreams, got \"" + name + "\"");
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
  stack.event_source_mappings = parse_list<EventSourceMappingSpec>(r, document, "eventSourceMappings", parse_mapping);
  if (auto path = r.string(document, "", "template", ""); !path.empty()) {
    std::filesystem::path p(path);
    if (p.is_relative()) p = std::filesystem::absolute(std::filesystem::path(file).parent_path() / p);
    stack.template_path = p.lexically_normal().string();
  }
  if (document.contains("parameters")) {
    const auto& parameters = document["parameters"];
    if (!parameters.is_object()) r.fail("/parameters", "an object of the template's parameters' values");
    for (const auto& [name, value] : parameters.items()) {
      if (!value.is_string()) r.fail("/parameters/" + name, "a string");
      stack.template_parameters[name] = value.get<std::string>();
    }
  }
  stack.rest_apis = parse_list<RestApiSpec>(r, document, "restApis", parse_rest_api);
  auto has_function = [&](const std::string& name) {
    return std::any_of(stack.functions.begin(), stack.functions.end(), [&](const auto& f) { return f.name == name; });
  };
  for (std::size_t i = 0; i < stack.event_source_mappings.size(); ++i)
    if (!has_function(stack.event_source_mappings[i].function))
      r.fail("/eventSourceMappings/" + std::to_string(i) + "/function",
             "the name of a function in /functions, got \"" + stack.event_source_mappings[i].function + "\"");
  for (std::size_t i = 0; i < stack.rest_apis.size(); ++i)
    if (!has_function(stack.rest_apis[i].function))
      r.fail("/restApis/" + std::to_string(i) + "/function",
             "the name of a function in /functions, got \"" + stack.rest_apis[i].function + "\"");
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

}  // namespace streamstack::config
