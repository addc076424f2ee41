#pragma once
// The handlers of this library; library.cpp registers each under the name a stack file uses.
#include <streamstack/handlers/sdk.h>

namespace my_handlers {

// visit_counter.handler: {"page": "home"} -> {"page": "home", "visits": 3}
nlohmann::json visit_counter(const nlohmann::json& event, streamstack::handlers::Context& context);

// change_logger.handler: logs each record of a DynamoDB stream event.
nlohmann::json change_logger(const nlohmann::json& event, streamstack::handlers::Context& context);

}  // namespace my_handlers
