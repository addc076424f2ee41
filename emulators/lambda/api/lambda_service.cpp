#include "lambda/api/lambda_service.h"

#include "core/base64.h"
#include "core/url.h"
#include "lambda/api/function_shapes.h"
#include "lambda/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace streamstack::lambda::api {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kFunctions = "/2015-03-31/functions";
constexpr std::string_view kMappings = "/2015-03-31/event-source-mappings";
constexpr std::string_view kReservedConcurrency = "/2017-10-31/functions/";
constexpr std::string_view kGetReservedConcurrency = "/2019-09-30/functions/";
constexpr std::string_view kAccountSettings = "/2016-08-19/account-settings";
// ListFunctions answers at most 50 functions a page, whatever MaxItems asks.
constexpr int kListPageLimit = 50;

// The function named by the path plus its Qualifier query parameter, as one FunctionName.
std::string qualified(std::string_view name, const core::RestRequest& request) {
  auto qualifier = core::query_parameter(request.raw_query, "Qualifier");
  return qualifier.empty() ? std::string(name) : std::string(name) + ":" + qualifier;
}

int max_items(const core::RestRequest& request) {
  auto text = core::query_parameter(request.raw_query, "MaxItems");
  if (text.empty()) return kListPageLimit;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size())
    throw validation_exception("1 validation error detected: Value '" + text +
                               "' at 'maxItems' failed to satisfy constraint: Member must be a number");
  if (value < 1 || value > 10000)
    throw validation_exception("1 validation error detected: Value '" + text + "' at 'maxItems' failed to satisfy "
                               "constraint: Member must have value " +
                               (value < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
  return std::min(value, kListPageLimit);
}

// {name} of "<prefix>{name}/concurrency", decoded; nullopt for any other path.
std::optional<std::string> concurrency_target(std::string_view path, std::string_view prefix) {
  constexpr std::string_view kSuffix = "/concurrency";
  if (path.substr(0, prefix.size()) != prefix || path.size() <= prefix.size() + kSuffix.size()) return std::nullopt;
  auto name = path.substr(prefix.size(), path.size() - prefix.size() - kSuffix.size());
  if (path.substr(path.size() - kSuffix.size()) != kSuffix || name.find('/') != std::string_view::npos)
    return std::nullopt;
  return core::percent_decode(name);
}

// {name} of POST /2015-03-31/functions/{name}/invocations, decoded; nullopt for anything else.
std::optional<std::string> invocation_target(const core::RestRequest& request) {
  std::string_view path = request.raw_path;
  if (request.method != "POST" || path.substr(0, kFunctions.size()) != kFunctions) return std::nullopt;
  auto rest = path.substr(kFunctions.size());
  if (rest.size() < 2 || rest[0] != '/') return std::nullopt;
  rest.remove_prefix(1);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto tail = rest.substr(slash);
  if (tail != "/invocations" && tail != "/invocations/") return std::nullopt;
  return core::percent_decode(rest.substr(0, slash));
}

}  // namespace

LambdaService::LambdaService(FunctionRegistry& functions) : functions_(functions) {}

core::RestResponse LambdaService::handle(const core::RequestContext& context, const core::RestRequest& request) {
  std::string_view path = request.raw_path;
  if (mappings_ && path.compare(0, kMappings.size(), kMappings) == 0)
    return mappings_->handle(context, request, path.substr(kMappings.size()));
  if (path.compare(0, kFunctions.size(), kFunctions) == 0) {
    auto rest = path.substr(kFunctions.size());
    if ((rest.empty() || rest == "/") && request.method == "GET") return list_functions(request);
    if (rest.size() > 1 && rest[0] == '/') {
      rest.remove_prefix(1);
      auto slash = rest.find('/');
      auto name = core::percent_decode(rest.substr(0, slash));
      auto tail = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
      if (tail.empty() && request.method == "GET") return get_function(name, request);
      if (tail == "/configuration" && request.method == "GET") return get_function_configuration(name, request);
      if ((tail == "/invocations" || tail == "/invocations/") && request.method == "POST")
        throw std::logic_error("Invoke waits on its function: it answers through handle_async");
    }
  }
  if (auto name = concurrency_target(path, kReservedConcurrency)) {
    if (request.method == "PUT") return put_function_concurrency(functions_, *name, request);
    if (request.method == "DELETE") return delete_function_concurrency(functions_, *name);
  }
  if (auto name = concurrency_target(path, kGetReservedConcurrency); name && request.method == "GET")
    return get_function_concurrency(functions_, *name);
  if ((path == kAccountSettings || path == std::string(kAccountSettings) + "/") && request.method == "GET")
    return get_account_settings(functions_);
  throw lambda_error(404, "UnknownOperationException",
                     "streamstack does not serve " + request.method + " " + request.raw_path +
                         " (Lambda here: ListFunctions, GetFunction, GetFunctionConfiguration, Invoke, "
                         "Put/Get/DeleteFunctionConcurrency, GetAccountSettings)");
}

void LambdaService::handle_async(const core::RequestContext& context, core::RestRequest request,
                                 core::RestResponder respond) {
  if (auto name = invocation_target(request))
    return invoke(functions_, qualified(*name, request), request, std::move(respond));
  respond(handle(context, request));
}

core::RestResponse LambdaService::list_functions(const core::RestRequest& request) {
  int limit = max_items(request);
  auto marker = core::query_parameter(request.raw_query, "Marker");
  std::string after;
  if (!marker.empty()) {
    auto decoded = core::base64_decode_lenient(marker);
    if (!decoded) throw lambda_error(400, "InvalidParameterValueException", "Invalid marker: " + marker);
    after = *decoded;
  }
  ordered_json list = ordered_json::array();
  std::string next_marker;
  for (const auto& f : functions_.list()) {
    if (!after.empty() && f->config.name <= after) continue;
    if (static_cast<int>(list.size()) == limit) {
      next_marker = core::base64_encode(list.back()["FunctionName"].get<std::string>());
      break;
    }
    list.push_back(function_configuration(*f, ConfigurationView::kList));
  }
  ordered_json body;
  body["Functions"] = std::move(list);
  if (!next_marker.empty()) body["NextMarker"] = next_marker;
  return core::json_response(200, body);
}

core::RestResponse LambdaService::get_function(std::string_view name, const core::RestRequest& request) {
  auto f = functions_.get(qualified(name, request));
  ordered_json body;
  body["Configuration"] = function_configuration(*f, ConfigurationView::kFull);
  ordered_json code;
  code["RepositoryType"] = "S3";
  // Where the code is: the handler library or the code folder; a linked-in handler has no file
  // to point at.
  if (!f->config.code_path.empty()) code["Location"] = "file://" + f->config.code_path;
  if (!f->config.code_dir.empty()) code["Location"] = "file://" + f->config.code_dir;
  body["Code"] = code;
  if (auto reserved = functions_.concurrency().reserved(f->config.name))
    body["Concurrency"] = {{"ReservedConcurrentExecutions", *reserved}};
  return core::json_response(200, body);
}

core::RestResponse LambdaService::get_function_configuration(std::string_view name,
                                                             const core::RestRequest& request) {
  auto f = functions_.get(qualified(name, request));
  return core::json_response(200, function_configuration(*f, ConfigurationView::kFull));
}

}  // namespace streamstack::lambda::api
