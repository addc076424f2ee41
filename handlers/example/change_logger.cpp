// change_logger.handler: a stream consumer that logs one line per DynamoDB stream record.
//   event   Lambda's DynamoDB-stream event, {"Records": [...]}
//   log     INSERT {"itemKey":"1"} - -> {"itemKey":"1","name":"a"}
//   result  {"batchItemFailures": []}: on a mapping with FunctionResponseTypes
//           ReportBatchItemFailures, a record listed there would be retried; here all succeed.
// Its role needs nothing: it only logs.
#include "my_handlers.h"

#include <string>

namespace my_handlers {

using nlohmann::json;
using streamstack::handlers::item_to_plain;

namespace {

// The image as plain JSON, or "-" when the record has none: an INSERT has no OldImage, a REMOVE
// no NewImage, and the stream's view type may keep neither.
std::string image(const json& change, const char* name) {
  return change.contains(name) ? item_to_plain(change[name]).dump() : "-";
}

}  // namespace

json change_logger(const json& event, streamstack::handlers::Context& context) {
  for (const auto& record : event.value("Records", json::array())) {
    const auto& change = record.at("dynamodb");
    context.log(record.at("eventName").get<std::string>() + " " +
                item_to_plain(change.at("Keys")).dump() + " " + image(change, "OldImage") +
                " -> " + image(change, "NewImage"));
  }
  return {{"batchItemFailures", json::array()}};
}

}  // namespace my_handlers
