#include "lambda/function_backend.h"

namespace streamstack::lambda {

void InProcessBackend::start(std::shared_ptr<Invocation> invocation) {
  pool_.submit([invocation = std::move(invocation)] {
    if (!invocation->begin()) return;
    handlers::Context context(*invocation);
    invocation->fill_context(context);
    // The Invoker never throws: the handler library's own wrapper turns exceptions into the outcome.
    invocation->end(invocation->function().invoker(invocation->event(), context));
  });
}

}  // namespace streamstack::lambda
