#pragma once
// Drop-in for aws-lambda-cpp's <aws/lambda-runtime/runtime.h>: code written for that runtime
// finds invocation_request and invocation_response under their usual names. Do not also link
// the real aws-lambda-runtime library into a handler library.
#include "streamstack/handlers/lambda_runtime.h"

namespace aws {
namespace lambda_runtime = ::streamstack::handlers::lambda_runtime;
}  // namespace aws
