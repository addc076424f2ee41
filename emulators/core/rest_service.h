#pragma once
// The interface between the HTTP edge and a service spoken over AWS's REST JSON protocol
// (Lambda's /2015-03-31/..., API Gateway's /restapis/...): the service gets the method, the
// decoded path and query, headers and body, and answers status, headers and body. Errors are
// thrown as ApiError and rendered by `render_error` (by default `x-amzn-ErrorType: <code>` and
// `{"message": ...}`, as API Gateway sends them).
#include "api_error.h"
#include "request_context.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::core {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct RestRequest {
  std::string method;        // "GET", "POST", ...
  std::string raw_path;      // as sent, percent-encoding kept
  std::string raw_query;     // without '?', as sent
  // Headers in arrival order with the client's casing (API Gateway's proxy event keeps it).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string source_ip;

  // First value of a header, case-insensitively; empty when absent.
  std::string_view header(std::string_view name) const;
};

struct RestResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// A JSON answer (Content-Type application/json). Invalid UTF-8 in a string is written as U+FFFD
// rather than thrown: the body comes from stored data, which the client may have sent that way.
RestResponse json_response(int status, const nlohmann::json& body);
RestResponse json_response(int status, const nlohmann::ordered_json& body);

// Receives a service's answer, exactly once, from whichever thread produced it.
using RestResponder = std::function<void(RestResponse)>;

class RestService {
 public:
  virtual ~RestService() = default;
  virtual RestResponse handle(const RequestContext& context, const RestRequest& request) = 0;
  // How the edge calls a service. An operation that waits on something slow (a function's
  // result: Lambda's Invoke, API Gateway's Lambda proxy) hands the work off, returns at once and
  // answers through `respond` later, from another thread, so no I/O thread ever waits on it.
  // An ApiError thrown before answering is rendered by the caller (render_error); once it has
  // handed the work off, the service renders its own errors. By default: handle()'s answer.
  virtual void handle_async(const RequestContext& context, RestRequest request, RestResponder respond);
  virtual RestResponse render_error(const ApiError& error) const;
  // Whether the request needs SigV4 credentials (control planes do; API Gateway's data plane not).
  virtual bool requires_authentication(const RestRequest&) const { return true; }
};

}  // namespace streamstack::core
