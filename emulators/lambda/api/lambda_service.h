#pragma once
// Lambda's REST JSON API under /2015-03-31/: ListFunctions, GetFunction,
// GetFunctionConfiguration and Invoke here; /2015-03-31/event-source-mappings is handed to the
// event source mappings' API.
#include "core/rest_service.h"
#include "lambda/event_source_mappings_api.h"
#include "lambda/function_registry.h"

#include <string_view>

namespace streamstack::lambda::api {

class LambdaService : public core::RestService {
 public:
  explicit LambdaService(FunctionRegistry& functions);

  core::RestResponse handle(const core::RequestContext& context, const core::RestRequest& request) override;

  // Serves /2015-03-31/event-source-mappings with `mappings` (not owned).
  void set_event_source_mappings(EventSourceMappingsApi* mappings) { mappings_ = mappings; }

 private:
  core::RestResponse list_functions(const core::RestRequest& request);
  core::RestResponse get_function(std::string_view name, const core::RestRequest& request);
  core::RestResponse get_function_configuration(std::string_view name, const core::RestRequest& request);

  FunctionRegistry& functions_;
  EventSourceMappingsApi* mappings_ = nullptr;
};

// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations.
core::RestResponse invoke(FunctionRegistry& functions, std::string_view name, const core::RestRequest& request);

}  // namespace streamstack::lambda::api
