// stream_handler.handler: prints the event it receives, as the tutorial's `print(event)` does,
// so each stream record shows up in the function's log.
#include "seed_handlers.h"

namespace streamstack::handlers::seed {

nlohmann::json stream_handler(const nlohmann::json& event, Context& context) {
  context.log(event.dump());
  return nullptr;
}

}  // namespace streamstack::handlers::seed
