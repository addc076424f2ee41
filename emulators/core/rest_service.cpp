#include "rest_service.h"

#include <nlohmann/json.hpp>

#include <strings.h>

namespace streamstack::core {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  auto n = std::min(a.size(), b.size());
  int c = ::strncasecmp(a.data(), b.data(), n);
  return c < 0 || (c == 0 && a.size() < b.size());
}

std::string_view RestRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return {};
}

namespace {

template <typename Json>
RestResponse json_answer(int status, const Json& body) {
  RestResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

}  // namespace

RestResponse json_response(int status, const nlohmann::json& body) {
  return json_answer(status, body);
}

RestResponse json_response(int status, const nlohmann::ordered_json& body) {
  return json_answer(status, body);
}

void RestService::handle_async(const RequestContext& context, RestRequest request, RestResponder respond) {
  respond(handle(context, request));
}

RestResponse RestService::render_error(const ApiError& error) const {
  RestResponse response;
  response.status = error.http_status();
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("x-amzn-ErrorType", error.code());
  nlohmann::json body = error.extra().is_object() ? error.extra() : nlohmann::json::object();
  body[error.message_key()] = error.message();
  response.body = body.dump();
  return response;
}

}  // namespace streamstack::core
