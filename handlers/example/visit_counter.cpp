// visit_counter.handler: counts visits per page in the table named by the TABLE variable.
//   event   {"page": "home"}
//   result  {"page": "home", "visits": 3}
// Its role needs dynamodb:UpdateItem on the table.
#include "my_handlers.h"

#include <stdexcept>
#include <string>

namespace my_handlers {

using nlohmann::json;

json visit_counter(const json& event, streamstack::handlers::Context& context) {
  if (!event.contains("page") || !event["page"].is_string())
    throw std::invalid_argument("the event needs a \"page\" string");
  auto page = event["page"].get<std::string>();
  auto output = context.dynamodb.update_item(
      context.env("TABLE"), {{"itemKey", {{"S", page}}}},
      {{"UpdateExpression", "ADD visits :one"},
       {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}},
       {"ReturnValues", "UPDATED_NEW"}});
  auto visits = streamstack::handlers::to_plain(output["Attributes"]["visits"]);
  context.log("page " + page + " has " + visits.dump() + " visits");
  return {{"page", page}, {"visits", visits}};
}

}  // namespace my_handlers
