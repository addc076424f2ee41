// DescribeTable.
#include "dynamodb/operations/table_support.h"
#include "dynamodb/service.h"
#include "dynamodb/table_description.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {

nlohmann::json describe_table(Env& env, const core::RequestContext& context,
                              nlohmann::json& input) {
  validate_request("DescribeTable", input, TableNameRule::kTable);
  TableInfo table = tables::require_table(env, context, input["TableName"].get<std::string>());
  nlohmann::json description =
      env.db.read([&](store::Connection& c) { return describe(c, table); });
  return {{"Table", std::move(description)}};
}

}  // namespace streamstack::dynamodb
