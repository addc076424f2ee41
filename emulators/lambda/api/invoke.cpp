// Invoke: the three invocation types and the headers Lambda answers with.
//   RequestResponse  200 with the function's response; X-Amz-Function-Error: Unhandled when it
//                    threw or timed out (the status stays 200); X-Amz-Log-Result with Tail.
//                    Answered when the result arrives, from the thread that ended the
//                    invocation; 429 TooManyRequestsException at once when throttled
//   Event            202, empty body; the invocation is queued (a throttled one waits)
//   DryRun           204: the function exists and the request is valid
#include "core/base64.h"
#include "lambda/api/lambda_service.h"
#include "lambda/errors.h"

#include <nlohmann/json.hpp>

namespace streamstack::lambda::api {
namespace {

using nlohmann::json;

// Lambda's payload quotas, with the words of its RequestTooLargeException.
constexpr std::size_t kSyncPayloadLimit = 6291456;
constexpr std::size_t kAsyncPayloadLimit = 1048576;

std::string header_or(const core::RestRequest& request, std::string_view name, std::string fallback) {
  auto value = request.header(name);
  return value.empty() ? fallback : std::string(value);
}

void check_enum(const std::string& value, const char* member, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  throw validation_exception("1 validation error detected: Value '" + value + "' at '" + member +
                             "' failed to satisfy constraint: Member must satisfy enum value set: [" + list + "]");
}

// Lambda parses payloads with Jackson; its message for text that is not JSON at all.
std::string parse_failure(std::string_view body) {
  auto start = body.find_first_not_of(" \t\r\n");
  auto token = body.substr(start);
  token = token.substr(0, token.find_first_of(" \t\r\n{}[],:\""));
  if (!token.empty() && std::string_view("{[\"-0123456789").find(token[0]) == std::string_view::npos)
    return "Unrecognized token '" + std::string(token) +
           "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
  return "Unexpected end-of-input or character in the payload";
}

json parse_payload(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();  // no payload: {}
  auto event = json::parse(body, nullptr, false);
  if (event.is_discarded())
    throw invalid_request_content("Could not parse request body into json: Could not parse payload into json: " +
                                  parse_failure(body));
  return event;
}

std::string client_context(const core::RestRequest& request) {
  auto encoded = request.header("X-Amz-Client-Context");
  if (encoded.empty()) return {};
  auto decoded = core::base64_decode_lenient(encoded);
  if (!decoded || !json::accept(*decoded))
    throw invalid_request_content("Client context must be a valid Base64-encoded JSON object.");
  return *decoded;
}

core::RestResponse answer_of(InvokeResult result, bool tail) {
  core::RestResponse response;
  response.status = 200;
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("X-Amz-Executed-Version", "$LATEST");
  if (!result.function_error.empty()) response.headers.emplace_back("X-Amz-Function-Error", result.function_error);
  if (tail) response.headers.emplace_back("X-Amz-Log-Result", core::base64_encode(result.log_tail));
  response.body = std::move(result.payload_text);
  return response;
}

}  // namespace

void invoke(FunctionRegistry& functions, std::string_view name, const core::RestRequest& request,
            core::RestResponder respond) {
  auto type = header_or(request, "X-Amz-Invocation-Type", "RequestResponse");
  check_enum(type, "invocationType", {"Event", "RequestResponse", "DryRun"});
  auto log_type = header_or(request, "X-Amz-Log-Type", "None");
  check_enum(log_type, "logType", {"None", "Tail"});
  auto function = functions.get(name);

  std::size_t limit = type == "Event" ? kAsyncPayloadLimit : kSyncPayloadLimit;
  if (request.body.size() > limit)
    throw request_too_large("Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                            (type == "Event" ? "InvokeAsync" : "InvokeFunction") + " operation");
  auto event = parse_payload(request.body);
  InvocationOptions options;
  options.client_context = client_context(request);
  core::RestResponse response;
  if (type == "DryRun") {
    response.status = 204;
    return respond(std::move(response));
  }
  if (type == "Event") {
    functions.invoke_event(function->config.name, std::move(event), std::move(options));
    response.status = 202;
    return respond(std::move(response));
  }
  const bool tail = log_type == "Tail";
  options.tail_log = tail;
  functions.invoke(function->config.name, std::move(event), std::move(options),
                   [respond = std::move(respond), tail](InvokeResult result) { respond(answer_of(std::move(result), tail)); });
}

}  // namespace streamstack::lambda::api
