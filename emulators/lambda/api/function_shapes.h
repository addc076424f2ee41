#pragma once
// Lambda's FunctionConfiguration shape, in AWS's member order.
#include "lambda/function.h"

#include <nlohmann/json.hpp>

namespace streamstack::lambda::api {

enum class ConfigurationView {
  // ListFunctions: AWS leaves out State, LastUpdateStatus and the runtime version there.
  kList,
  // GetFunction, GetFunctionConfiguration.
  kFull,
};

nlohmann::ordered_json function_configuration(const Function& function, ConfigurationView view);

}  // namespace streamstack::lambda::api
