#pragma once
// The seed tutorial's three Lambda handlers, under the names its CDK stack gives them:
//   handler.handler         get_handler: reads an item by itemKey
//   put_handler.handler     put_handler: writes an item with itemKey and name
//   stream_handler.handler  stream_handler: logs the stream event it receives
// Each reads its table's name from the TABLE environment variable.
#include "streamstack/handlers/sdk.h"

namespace streamstack::handlers::seed {

nlohmann::json get_handler(const nlohmann::json& event, Context& context);
nlohmann::json put_handler(const nlohmann::json& event, Context& context);
nlohmann::json stream_handler(const nlohmann::json& event, Context& context);

void register_seed_handlers(Registrar& registrar);

}  // namespace streamstack::handlers::seed
