#include "seed_handlers.h"

namespace streamstack::handlers::seed {

void register_seed_handlers(Registrar& registrar) {
  registrar.register_handler("handler.handler", get_handler);
  registrar.register_handler("put_handler.handler", put_handler);
  registrar.register_handler("stream_handler.handler", stream_handler);
}

}  // namespace streamstack::handlers::seed
