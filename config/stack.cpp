#include "config/stack.h"

#include "core/api_error.h"
#include "core/request_context.h"

#include <spdlog/spdlog.h>

#include <fstream>
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
}

}  // namespace streamstack::config
