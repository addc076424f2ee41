#pragma once
// How the stream dispatcher runs a mapping's function: a synchronous invoke through the
// FunctionRegistry, with the function's own timeout, as Lambda's pollers invoke it. It runs on
// the dispatcher's batch workers, which may wait.
#include "lambda/dispatcher.h"
#include "lambda/function_registry.h"

namespace streamstack::lambda {

// `functions` must outlive the returned invoker.
Invoker mapping_invoker(FunctionRegistry& functions);

}  // namespace streamstack::lambda
