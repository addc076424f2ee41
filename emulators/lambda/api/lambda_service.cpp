#include "lambda/api/lambda_service.h"

#include "core/base64.h"
#include "core/url.h"
#include "lambda/api/function_shapes.h"
#include "lambda/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace streamstack::lambda::api {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kFunctions = "/2015-03-31/functions";
constexpr std::string_view kMappings = "/2015-03-31/event-source-mappings";
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
        return invoke(functions_, qualified(name, request), request);
    }
  }
  throw lambda_error(404, "UnknownOperationException",
                     "streamstack does not serve " + request.method + " " + request.raw_path +
                         " (Lambda here: ListFunctions, GetFunction, GetFunctionConfiguration, Invoke)");
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
  return core::json_response(200, body);
}

core::RestResponse LambdaService::get_function_configuration(std::string_view name,
                                                             const core::RestRequest& request) {
  auto f = functions_.get(qualified(name, request));
  return core::json_response(200, function_configuration(*f, ConfigurationView::kFull));
}

}  // namespace streamstack::lambda::api
