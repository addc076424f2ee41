#pragma once
// How deployers call the services: a JSON operation with the request it takes, or a REST call
// to API Gateway's control plane. Errors come back as the service's ApiError.
#include "cloudformation/deploy_context.h"
#include "cloudformation/template_error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace streamstack::cloudformation::detail {

// Calls `operation` with `request` (taken by value: the service may move from it).
nlohmann::json call(core::JsonService& service, const core::RequestContext& context, const char* operation,
                    nlohmann::json request);

// Whether the service serves `operation`. Not every service can say so (has_operation's
// default is yes), so one that claims it is asked with an empty request: an operation it lacks
// answers UnknownOperationException, one it has a validation error (every operation probed
// here has required members), which changes nothing.
bool offers(core::JsonService& service, const char* operation);

// Calls `operation`; nullopt when it failed with `code` (the resource is there already, or not).
std::optional<nlohmann::json> invoke_unless(core::JsonService& service, const core::RequestContext& context,
                                            const char* operation, nlohmann::json request, std::string_view code);

// An API Gateway control-plane call; throws the ApiError it answers with.
nlohmann::json apigateway_call(const DeployContext& context, const std::string& method, const std::string& path,
                               const nlohmann::json& body = nullptr);
// The same, nullopt when API Gateway answers 404 (the resource is gone).
std::optional<nlohmann::json> apigateway_find(const DeployContext& context, const std::string& path);

// A service a resource type needs, or a TemplateError saying it is not wired (unit tests).
template <typename T>
T& require_service(T* service, const ErrorSite& site, const std::string& at, const char* name) {
  if (!service) site.fail(at, std::string("a deploy with ") + name + " (not available to this deploy)");
  return *service;
}

}  // namespace streamstack::cloudformation::detail
