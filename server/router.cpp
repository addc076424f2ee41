#include "router.h"

#include "core/cbor.h"
#include "core/ids.h"
#include "core/json_writer.h"
#include "sigv4.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <zlib.h>

namespace streamstack::server {
namespace {

using nlohmann::json;

std::string_view header(const Request& request, http::field field) {
  auto it = request.find(field);
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string_view header(const Request& request, std::string_view name) {
  auto it = request.find(boost::beast::string_view(name.data(), name.size()));
  return it == request.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

std::string render_json_error(const core::ApiError& error) {
  json body = error.extra().is_object() ? error.extra() : json::object();
  body["__type"] = error.wire_type();
  if (!error.message().empty()) body[error.message_key()] = error.message();
  return core::to_json_text(body);
}

std::string render_cbor_error(const core::ApiError& error) {
  json body = error.extra().is_object() ? error.extra() : json::object();
  body["__type"] = error.wire_type();
  if (!error.message().empty()) body[error.message_key()] = error.message();
  return core::cbor::encode(body);
}

constexpr std::string_view kCborContentType = "application/x-amz-cbor-1.1";

// AWS answers a CBOR-capable service in CBOR unless the request says it is JSON, including
// when there is no Content-Type at all (kinesalite's connection tests, run against AWS).
bool wants_cbor(const Request& request, const JsonBinding& binding) {
  if (!binding.cbor) return false;
  auto type = header(request, http::field::content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type != binding.content_type && type != "application/json";
}

// The request's media type without parameters or spaces, in lower case
// ("  Application/JSON ; charset=x" -> "application/json").
std::string media_type(const Request& request) {
  auto type = header(request, http::field::content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  std::string lower(type);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// A JSON service answers in its own content type only when the request was sent in it; a
// request sent as application/json, or with no type, is answered as application/json
// (dynalite's test/connection.js, recorded against DynamoDB).
std::string json_content_type(const Request& request, std::string_view own_type) {
  return media_type(request) == own_type ? std::string(own_type) : "application/json";
}

// An error raised before the service runs carries the binding's prefix.
core::ApiError at_edge(const core::ApiError& error, const JsonBinding& binding) {
  core::ApiError edge(error.http_status(), binding.edge_error_prefix, error.code(), error.message(),
                      error.extra());
  edge.with_message_key(error.message_key());
  return edge;
}

Response make_response(const Request& request, http::status status, std::string content_type,
                       std::string body) {
  Response response{status, request.version()};
  response.set(http::field::content_type, content_type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

std::string crc32_of(const std::string& body) {
  auto crc = ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return std::to_string(crc);
}

std::string path_of(const Request& request) {
  auto target = std::string_view(request.target().data(), request.target().size());
  auto q = target.find('?');
  return std::string(q == std::string_view::npos ? target : target.substr(0, q));
}

std::string query_of(const Request& request) {
  auto target = std::string_view(request.target().data(), request.target().size());
  auto q = target.find('?');
  return q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
}

// Whether a REST request is one a service answers CORS for itself: API Gateway's data plane,
// the only REST traffic that needs no credentials.
bool serves_own_cors(const Request& request, const core::RestService& service) {
  core::RestRequest probe;
  probe.method = std::string(request.method_string());
  probe.raw_path = path_of(request);
  auto host = header(request, http::field::host);
  if (!host.empty()) probe.headers.emplace_back("Host", std::string(host));
  return !service.requires_authentication(probe);
}

}  // namespace

Router::Router() : started_(std::chrono::steady_clock::now()) {}

void Router::add_json_service(std::string target_prefix, JsonBinding binding) {
  auto name = target_prefix.substr(0, target_prefix.find('_'));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  service_states_[name] = "running";
  services_json_ = json(service_states_).dump();
  json_services_.emplace(std::move(target_prefix), std::move(binding));
}

void Router::add_rest_service(std::string path_prefix, core::RestService* service, std::string name) {
  if (!name.empty()) {
    service_states_[name] = "running";
    services_json_ = json(service_states_).dump();
  }
  rest_services_.emplace_back(std::move(path_prefix), service);
}

void Router::add_host_service(std::function<bool(std::string_view)> matcher, core::RestService* service) {
  host_services_.emplace_back(std::move(matcher), service);
}

core::RestService* Router::rest_service_for(const Request& request) const {
  auto host = header(request, http::field::host);
  for (const auto& [matches, service] : host_services_)
    if (!host.empty() && matches(host)) return service;
  auto path = std::string_view(request.target().data(), request.target().size());
  for (const auto& [prefix, service] : rest_services_)
    if (path.substr(0, prefix.size()) == prefix) return service;
  return nullptr;
}

Response Router::handle_rest(Request& request, core::RestService& service, const Peer& peer,
                             const std::string& request_id) {
  core::RestRequest rest;
  rest.method = std::string(request.method_string());
  auto target = std::string_view(request.target().data(), request.target().size());
  auto q = target.find('?');
  rest.raw_path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) rest.raw_query = std::string(target.substr(q + 1));
  for (const auto& field : request)
    rest.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  rest.body = std::move(request.body());
  rest.source_ip = peer.address;

  core::RestResponse answer;
  try {
    core::RequestContext context;
    context.request_id = request_id;
    if (service.requires_authentication(rest)) {
      auto amz_date = rest.header("X-Amz-Date");
      if (amz_date.empty()) amz_date = rest.header("Date");
      auto credential = parse_authorization(rest.header("Authorization"), amz_date, rest.raw_query);
      context.access_key = credential.access_key;
      if (!credential.region.empty()) context.region = credential.region;
    }
    answer = service.handle(context, rest);
  } catch (const core::ApiError& error) {
    answer = service.render_error(error);
  } catch (const std::exception& error) {
    spdlog::error("{} {} {} failed: {}", request_id, rest.method, rest.raw_path, error.what());
    answer = service.render_error(core::ApiError(500, "", "InternalServerErrorException", "Internal server error"));
  }
  Response response{static_cast<http::status>(answer.status), request.version()};
  for (auto& [name, value] : answer.headers) response.insert(name, value);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(answer.body);
  response.prepare_payload();
  return response;
}

std::string Router::health() const {
  // The ceiling of `make bench`: as little work as an answer can be, with what is live in it.
  double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", uptime);
  return std::string(R"({"version":")") + STREAMSTACK_VERSION + R"(","services":)" +
         (services_json_.empty() ? "{}" : services_json_) + R"(,"uptime_seconds":)" + seconds + "}";
}

Response Router::cors_preflight(const Request& request) const {
  Response response{http::status::ok, request.version()};
  response.set("Access-Control-Allow-Origin", "*");
  if (auto h = header(request, "Access-Control-Request-Headers"); !h.empty())
    response.set("Access-Control-Allow-Headers", h);
  if (auto m = header(request, "Access-Control-Request-Method"); !m.empty())
    response.set("Access-Control-Allow-Methods", m);
  response.set("Access-Control-Max-Age", "172800");
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

Response Router::handle(Request& request, const Peer& peer, std::unique_ptr<core::ResponseStream>* stream) {
  Response response;
  auto origin = header(request, http::field::origin);
  auto* rest = rest_service_for(request);
  const JsonBinding* binding = nullptr;
  std::string_view operation;
  const auto target = header(request, "X-Amz-Target");
  if (!rest && !target.empty()) {
    auto dot = target.find('.');
    if (auto it = json_services_.find(target.substr(0, dot)); it != json_services_.end()) {
      binding = &it->second;
      operation = dot == std::string_view::npos ? std::string_view{} : target.substr(dot + 1);
    }
  }
  // AWS's request ids: a UUID from Kinesis, Logs, Lambda and API Gateway; 52 upper-case
  // alphanumerics from DynamoDB and DynamoDB Streams, and from what is answered here as DynamoDB
  // would answer it (an unknown target, a GET of /).
  const bool dynamodb_form = binding ? binding->dynamodb_request_id : !rest;
  std::string request_id = dynamodb_form ? core::new_request_id() : core::new_uuid();
  // A deployed API's own traffic (it needs no credentials) answers CORS as its methods say, as
  // API Gateway does: no preflight or Allow-Origin from the edge.
  const bool edge_cors = !origin.empty() && !(rest && serves_own_cors(request, *rest));
  if (request.method() == http::verb::options && edge_cors) {
    response = cors_preflight(request);
  } else if (rest) {
    response = handle_rest(request, *rest, peer, request_id);
  } else if (!target.empty() && request.method() == http::verb::post) {
    if (binding) {
      response = handle_json(request, *binding, operation, request_id, stream);
    } else {
      // An unknown target prefix: answered as DynamoDB would answer it.
      auto body = render_json_error(core::ApiError::unknown_operation());
      response = make_response(request, http::status::bad_request,
                               json_content_type(request, "application/x-amz-json-1.0"), body);
      response.set("x-amz-crc32", crc32_of(response.body()));
    }
  } else {
    auto path = path_of(request);
    if (path == "/_streamstack/health" && request.method() == http::verb::get) {
      response = make_response(request, http::status::ok, "application/json", health());
    } else if (path == "/_streamstack/reset" && request.method() == http::verb::post && reset_) {
      reset_();
      response = make_response(request, http::status::ok, "application/json", R"({"reset":true})");
    } else if (path == "/" && request.method() == http::verb::get) {
      // DynamoDB's own health check answer.
      response = make_response(request, http::status::ok, "text/plain",
                               "healthy: dynamodb.us-east-1.amazonaws.com ");
      response.set("x-amz-crc32", crc32_of(response.body()));
    } else {
      // What DynamoDB answers to anything that is not a JSON POST.
      response = make_response(request, http::status::not_found, "application/x-amz-json-1.0",
                               "<UnknownOperationException/>\n");
      response.set("x-amz-crc32", crc32_of(response.body()));
    }
  }
  if (edge_cors) response.set("Access-Control-Allow-Origin", "*");
  // API Gateway's data plane names its own request id (the UUID its proxy event carries).
  if (response.find("x-amzn-RequestId") == response.end()) response.set("x-amzn-RequestId", request_id);
  if (spdlog::should_log(spdlog::level::debug)) {
    auto what = header(request, "X-Amz-Target");
    spdlog::debug("{} {} {} -> {} ({})", peer.address, std::string(request.method_string()),
                  what.empty() ? std::string(request.target()) : std::string(what),
                  response.result_int(), request_id);
  }
  return response;
}

Response Router::handle_json(Request& request, const JsonBinding& binding,
                             std::string_view operation, const std::string& request_id,
                             std::unique_ptr<core::ResponseStream>* stream) {
  http::status status = http::status::ok;
  std::string body;
  const bool cbor = wants_cbor(request, binding);
  try {
    // AWS's order: a body must parse, then the operation must exist, then the caller must be
    // authenticated, then there must be a body at all, then the input is validated by the
    // operation (dynalite's index.js and test/connection.js, recorded against DynamoDB).
    json input;
    core::RequestContext context;
    try {
      const auto& raw = request.body();
      if (raw.empty()) {
        input = nullptr;
      } else if (cbor) {
        try {
          input = core::cbor::decode(raw);
        } catch (const core::cbor::DecodeError&) {
          throw core::ApiError::serialization("");
        }
      } else {
        input = json::parse(raw, nullptr, false);
        if (input.is_discarded()) throw core::ApiError::serialization("");
      }
      if (operation.empty() || !binding.service->has_operation(operation)) {
        throw core::ApiError::unknown_operation();
      }
      auto amz_date = header(request, "X-Amz-Date");
      if (amz_date.empty()) amz_date = header(request, http::field::date);
      auto credential = parse_authorization(header(request, http::field::authorization), amz_date,
                                            query_of(request));
      if (raw.empty()) throw core::ApiError::serialization("");
      if (!input.is_object() && !binding.service->reads_any_json()) {
        throw core::ApiError::serialization("Start of structure or map found where not expected.");
      }
      context.access_key = credential.access_key;
      if (!credential.region.empty()) context.region = credential.region;
    } catch (const core::ApiError& error) {
      throw at_edge(error, binding);
    }
    context.request_id = request_id;
    context.protocol = cbor ? core::RequestContext::Protocol::kCbor : core::RequestContext::Protocol::kJson;
    context.raw_json_ok = !cbor;
    if (stream && !cbor && binding.service->streams_output(operation)) {
      // An event stream: the session writes this head, then the stream's messages as chunks.
      // The connection closes when the stream ends, as it may end at any time.
      *stream = binding.service->open_stream(context, operation, input);
      Response head{http::status::ok, request.version()};
      head.set(http::field::content_type, (*stream)->content_type());
      head.keep_alive(false);
      return head;
    }
    json output = binding.service->invoke(context, operation, input);
    // A null output is a void operation: AWS answers 200 with an empty body.
    if (core::is_raw_json(output)) {
      const auto& bytes = output.get_binary();
      body.assign(bytes.begin(), bytes.end());
    } else if (!output.is_null()) {
      body = cbor ? core::cbor::encode(output) : core::to_json_text(output);
    }
  } catch (const core::ApiError& error) {
    status = static_cast<http::status>(error.http_status());
    body = cbor ? render_cbor_error(error) : render_json_error(error);
  } catch (const std::exception& error) {
    spdlog::error("{} {} failed: {}", request_id, operation, error.what());
    auto internal = core::ApiError::internal();
    status = http::status::internal_server_error;
    body = cbor ? render_cbor_error(internal) : render_json_error(internal);
  }
  auto response = make_response(
      request, status,
      cbor ? std::string(kCborContentType) : json_content_type(request, binding.content_type),
      std::move(body));
  if (binding.crc32) response.set("x-amz-crc32", crc32_of(response.body()));
  return response;
}

}  // namespace streamstack::server
