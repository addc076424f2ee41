#pragma once
// The Lambda API's event source mapping operations (REST JSON under
// /2015-03-31/event-source-mappings): Create, Get, List, Update, Delete, with Lambda's
// validation and errors. Changes are handed to the dispatcher at once.
#include "core/rest_service.h"
#include "lambda/dispatcher.h"
#include "lambda/mapping_store.h"

#include <functional>

namespace streamstack::lambda {

class EventSourceMappingsApi {
 public:
  // `function_exists(context, name)` tells whether a function is registered.
  using FunctionExists = std::function<bool(const core::RequestContext&, const std::string&)>;

  EventSourceMappingsApi(MappingStore& store, Dispatcher& dispatcher, FunctionExists function_exists);

  // `rest` is what follows "/2015-03-31/event-source-mappings" in the path ("" or "/{UUID}").
  core::RestResponse handle(const core::RequestContext& context, const core::RestRequest& request,
                            std::string_view rest);

  // The operations, for callers inside the process (the stack file).
  nlohmann::json create(const core::RequestContext& context, const nlohmann::json& input);
  nlohmann::json get(const std::string& uuid);
  nlohmann::json list(const core::RequestContext& context, const std::string& event_source_arn,
                      const std::string& function_name, const std::string& marker, int max_items);
  nlohmann::json update(const std::string& uuid, const nlohmann::json& input);
  nlohmann::json remove(const std::string& uuid);

 private:
  EventSourceMapping require(const std::string& uuid);

  MappingStore& store_;
  Dispatcher& dispatcher_;
  FunctionExists function_exists_;
};

// Lambda's errors, with the body members Lambda sends.
core::ApiError invalid_parameter_value(std::string message);
core::ApiError lambda_resource_not_found(std::string message = "The resource you requested does not exist.");
core::ApiError resource_conflict(std::string message);
core::ApiError lambda_validation(std::string message);

// "arn:aws:lambda:r:a:function:name[:qualifier]" or "name[:qualifier]" -> "name".
std::string function_name_of(const std::string& name_or_arn);

}  // namespace streamstack::lambda
