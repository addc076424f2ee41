// The library's entry points (STREAMSTACK_HANDLERS defines them, once per library): every
// handler it offers, under the name a function's "handler" gives in the stack file.
#include "my_handlers.h"

STREAMSTACK_HANDLERS(registrar) {
  registrar.register_handler("visit_counter.handler", my_handlers::visit_counter);
  registrar.register_handler("change_logger.handler", my_handlers::change_logger);
}
