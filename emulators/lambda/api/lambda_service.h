#pragma once
// Lambda's REST JSON API: ListFunctions, GetFunction, GetFunctionConfiguration and Invoke under
// /2015-03-31/ (/2015-03-31/event-source-mappings is handed to the event source mappings' API);
// Put/Get/DeleteFunctionConcurrency under /2017-10-31/ and /2019-09-30/, GetAccountSettings
// under /2016-08-19/. Invoke answers through handle_async, never handle: it waits on a function.
#include "core/rest_service.h"
#include "lambda/event_source_mappings_api.h"
#include "lambda/function_registry.h"

#include <string_view>

namespace streamstack::lambda::api {

class LambdaService : public core::RestService {
 public:
  explicit LambdaService(FunctionRegistry& functions);

  // The path prefixes the router hands to this service.
  static constexpr const char* kPathPrefixes[] = {"/2015-03-31/", "/2017-10-31/", "/2019-09-30/", "/2016-08-19/"};

  core::RestResponse handle(const core::RequestContext& context, const core::RestRequest& request) override;
  void handle_async(const core::RequestContext& context, core::RestRequest request,
                    core::RestResponder respond) override;

  // Serves /2015-03-31/event-source-mappings with `mappings` (not owned).
  void set_event_source_mappings(EventSourceMappingsApi* mappings) { mappings_ = mappings; }

 private:
  core::RestResponse list_functions(const core::RestRequest& request);
  core::RestResponse get_function(std::string_view name, const core::RestRequest& request);
  core::RestResponse get_function_configuration(std::string_view name, const core::RestRequest& request);

  FunctionRegistry& functions_;
  EventSourceMappingsApi* mappings_ = nullptr;
};

// Invoke: POST /2015-03-31/functions/{FunctionName}/invocations. Validates, then answers through
// `respond`: at once for Event and DryRun, when the result arrives for RequestResponse.
void invoke(FunctionRegistry& functions, std::string_view name, const core::RestRequest& request,
            core::RestResponder respond);

// function_concurrency.cpp
core::RestResponse put_function_concurrency(FunctionRegistry& functions, std::string_view name,
                                            const core::RestRequest& request);
core::RestResponse get_function_concurrency(FunctionRegistry& functions, std::string_view name);
core::RestResponse delete_function_concurrency(FunctionRegistry& functions, std::string_view name);
core::RestResponse get_account_settings(FunctionRegistry& functions);

}  // namespace streamstack::lambda::api
