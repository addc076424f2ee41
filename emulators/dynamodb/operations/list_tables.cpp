// ListTables: the scope's table names in name order, at most Limit (100 by default) a page.
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {

nlohmann::json list_tables(Env& env, const core::RequestContext& context, nlohmann::json& input) {
  validate_request("ListTables", input, TableNameRule::kTable);
  auto limit = static_cast<std::size_t>(input.value("Limit", std::int64_t{100}));
  std::string start = input.value("ExclusiveStartTableName", "");
  // One name more than the page tells whether another page follows: LastEvaluatedTableName is
  // sent only then.
  std::vector<std::string> names = env.catalog.names(context, start, limit + 1);
  bool more = names.size() > limit;
  if (more) names.resize(limit);
  nlohmann::json output = {{"TableNames", names}};
  if (more) output["LastEvaluatedTableName"] = names.back();
  return output;
}

}  // namespace streamstack::dynamodb
