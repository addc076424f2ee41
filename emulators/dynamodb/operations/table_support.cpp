#include "dynamodb/operations/table_support.h"

#include "dynamodb/errors.h"

namespace streamstack::dynamodb::tables {
namespace {

constexpr std::int64_t kMaxCapacityUnits = 1'000'000'000'000;

std::string not_found_message(const std::string& name) {
  return "Requested resource not found: Table: " + name + " not found";
}

}  // namespace

TableInfo require_table(Env& env, const core::RequestContext& context, const std::string& name) {
  return env.catalog.require(context, name, not_found_message(name));
}

TableInfo require_table(Env& env, store::Connection& c, const core::RequestContext& context,
                        const std::string& name) {
  auto table = env.catalog.find(c, context, name);
  if (!table) throw resource_not_found(not_found_message(name));
  return *table;
}

void check_throughput_bounds(const json& throughput, const std::string& suffix) {
  for (const char* member : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    std::int64_t units = throughput.value(member, std::int64_t{0});
    if (units > kMaxCapacityUnits) {
      throw validation_error("Given value " + std::to_string(units) + " for " + member +
                             " is out of bounds" + suffix);
    }
  }
}

std::int64_t status_until(const Env& env, std::int64_t now_ms) {
  return env.options.table_delay_ms > 0 ? now_ms + env.options.table_delay_ms : 0;
}

}  // namespace streamstack::dynamodb::tables
