#pragma once
// What the table operations (CreateTable, DescribeTable, UpdateTable, DeleteTable) share.
#include "dynamodb/service.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace streamstack::dynamodb::tables {

using json = nlohmann::json;

// The table named by the request, or ResourceNotFoundException as DescribeTable, DeleteTable
// and UpdateTable word it: "Requested resource not found: Table: <name> not found".
TableInfo require_table(Env& env, const core::RequestContext& context, const std::string& name);
// Same, inside a write transaction.
TableInfo require_table(Env& env, store::Connection& c, const core::RequestContext& context,
                        const std::string& name);

// AWS's ceiling on provisioned capacity: "Given value 1000000000001 for ReadCapacityUnits is out
// of bounds" (reads checked first; dynalite test/createTable.js).
void check_throughput_bounds(const json& throughput, const std::string& suffix = "");

// When a transient status set now (CREATING, UPDATING, DELETING) ends: at once unless the
// --table-delay-ms option holds it.
std::int64_t status_until(const Env& env, std::int64_t now_ms);

}  // namespace streamstack::dynamodb::tables
