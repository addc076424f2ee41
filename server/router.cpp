#include "router.h"

#include "clock_endpoint.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/url.h"
#include "edge_util.h"
#include "json_edge.h"
#include "response_headers.h"
#include "sigv4.h"
#include "sigv4_verify.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <mutex>

namespace streamstack::server {
namespace {

using nlohmann::json;

std::string path_of(const Request& request) { return std::string(raw_path(request)); }

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

// The signing name a request's credential scope names ("" when it carries none, or one that
// does not parse: its service then answers for it).
std::string signing_name_of(const Request& request) {
  std::string_view scope;
  std::string presigned;
  auto authorization = header(request, http::field::authorization);
  if (auto at = authorization.find("Credential="); at != std::string_view::npos) {
    scope = authorization.substr(at + 11);
    scope = scope.substr(0, scope.find_first_of(", \t"));
  } else if (!raw_query(request).empty()) {
    presigned = core::query_parameter(raw_query(request), "X-Amz-Credential");
    scope = presigned;
  }
  // keyid/date/region/service/aws4_request
  for (int i = 0; i < 3 && !scope.empty(); ++i) {
    auto slash = scope.find('/');
    scope = slash == std::string_view::npos ? std::string_view{} : scope.substr(slash + 1);
  }
  return std::string(scope.substr(0, scope.find('/')));
}

}  // namespace

Router::Router() : started_(std::chrono::steady_clock::now()) {}

void Router::add_json_service(std::string target_prefix, JsonBinding binding) {
  auto name = target_prefix.substr(0, target_prefix.find('_'));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  service_states_[name] = "running";
  services_json_ = json(service_states_).dump();
  auto [it, added] = json_services_.emplace(std::move(target_prefix), std::move(binding));
  const JsonBinding* stored = &it->second;
  // The first service registered for a signing name answers for it (DynamoDB, not Streams).
  if (!stored->signing_name.empty()) by_signing_name_.emplace(stored->signing_name, stored);
  if (stored->cbor && !cbor_binding_) cbor_binding_ = stored;
}

void Router::add_rest_service(std::string path_prefix, core::RestService* service, std::string name) {
  if (!name.empty()) {
    service_states_[name] = "running";
    services_json_ = json(service_states_).dump();
    // The name a service is listed by is its signing name ("lambda", "apigateway").
    rest_signing_names_.emplace(service, name);
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

const JsonBinding* Router::json_binding_for(const Request& request, std::string_view& operation) const {
  operation = {};
  auto target = header(request, "X-Amz-Target");
  if (!target.empty()) {
    auto dot = target.find('.');
    if (auto it = json_services_.find(target.substr(0, dot)); it != json_services_.end()) {
      if (dot != std::string_view::npos) operation = target.substr(dot + 1);
      return &it->second;
    }
  }
  if (auto it = by_signing_name_.find(signing_name_of(request)); it != by_signing_name_.end()) return it->second;
  if (cbor_binding_ && media_type(request) == kCborContentType) return cbor_binding_;
  // A Host named for a service, as its AWS endpoint is ("kinesis.us-east-1.amazonaws.com").
  auto host = header(request, http::field::host);
  if (auto it = by_signing_name_.find(host.substr(0, host.find('.'))); it != by_signing_name_.end() &&
                                                                       host.find('.') != std::string_view::npos) {
    return it->second;
  }
  auto dynamodb = by_signing_name_.find("dynamodb");
  return dynamodb == by_signing_name_.end() ? nullptr : dynamodb->second;
}

// What the edge adds to every answer, whenever it is ready: CORS, the request id, Kinesis's
// extended id, Date and Server, the debug line.
struct Router::Finish {
  bool cors = false;  // the edge answers CORS for this request
  bool preflight = false;
  bool kinesis = false;  // x-amz-id-2
  std::string request_id;
  std::string peer;
  std::string method;
  std::string what;  // X-Amz-Target, else the request target

  Response operator()(Response response) const {
    if (cors) {
      response.set("Access-Control-Allow-Origin", "*");
      if (!preflight) response.set("Access-Control-Expose-Headers", kExposeHeaders);
    }
    // API Gateway's data plane names its own request id (the UUID its proxy event carries).
    if (response.find("x-amzn-RequestId") == response.end()) response.set("x-amzn-RequestId", request_id);
    if (kinesis && !preflight) response.set("x-amz-id-2", new_extended_request_id());
    stamp_date_and_server(response);
    if (spdlog::should_log(spdlog::level::debug))
      spdlog::debug("{} {} {} -> {} ({})", peer, method, what, response.result_int(), request_id);
    return response;
  }
};

std::optional<Response> Router::handle_rest(Request& request, core::RestService& service, const Peer& peer,
                                            Finish finish, const Later& later) {
  const auto request_id = finish.request_id;
  core::RestRequest rest;
  rest.method = std::string(request.method_string());
  auto target = std::string_view(request.target().data(), request.target().size());
  auto q = target.find('?');
  rest.raw_path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) rest.raw_query = std::string(target.substr(q + 1));
  for (const auto& field : request)
    rest.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  rest.source_ip = peer.address;

  auto to_http = [version = request.version(), keep_alive = request.keep_alive(),
                  finish = std::move(finish)](core::RestResponse answer) {
    Response response{static_cast<http::status>(answer.status), version};
    for (auto& [name, value] : answer.headers) response.insert(name, value);
    response.keep_alive(keep_alive);
    response.body() = std::move(answer.body);
    response.prepare_payload();
    return finish(std::move(response));
  };
  // Most operations answer before handle_async returns, on this thread; one that waits on a
  // function answers later from another. Whichever happens, the answer is taken exactly once.
  struct Pending {
    std::mutex mutex;
    bool returned = false;
    std::optional<core::RestResponse> early;
  };
  auto pending = std::make_shared<Pending>();
  auto respond = [pending, later, to_http](core::RestResponse answer) {
    std::unique_lock lock(pending->mutex);
    if (!pending->returned) {
      pending->early = std::move(answer);
      return;
    }
    lock.unlock();
    later(to_http(std::move(answer)));
  };
  std::optional<core::RestResponse> failed;
  auto method = rest.method, path = rest.raw_path;
  try {
    core::RequestContext context;
    context.request_id = request_id;
    if (service.requires_authentication(rest)) {
      auto signature = read_signature(request, dynamodb_auth_words());
      if (authentication_.verify && authentication_.credentials) {
        auto name = rest_signing_names_.find(&service);
        VerifyContext verify{.service = name == rest_signing_names_.end() ? std::string_view{} : name->second,
                             .json_service = false,
                             .now_ms = core::Clock::system_millis()};
        core::Principal principal;
        try {
          principal = verify_signature(request, signature, verify, *authentication_.credentials);
        } catch (const core::ApiError& error) {
          // REST services refuse a signature with 403 (JSON services with 400).
          throw core::ApiError(403, error.type_prefix(), error.code(), error.message());
        }
        context.principal_arn = principal.principal_arn;
        if (!principal.account_id.empty()) context.account_id = principal.account_id;
      }
      context.access_key = signature.credential.access_key;
      if (!signature.credential.region.empty()) context.region = signature.credential.region;
    }
    rest.body = std::move(request.body());
    service.handle_async(context, std::move(rest), respond);
  } catch (const core::ApiError& error) {
    failed = service.render_error(error);
  } catch (const std::exception& error) {
    spdlog::error("{} {} {} failed: {}", request_id, method, path, error.what());
    failed = service.render_error(core::ApiError(500, "", "InternalServerErrorException", "Internal server error"));
  }
  std::lock_guard lock(pending->mutex);
  pending->returned = true;
  if (pending->early) return to_http(std::move(*pending->early));
  if (failed) return to_http(std::move(*failed));
  return std::nullopt;
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

std::optional<Response> Router::handle(Request& request, const Peer& peer, const Later& later,
                                       std::unique_ptr<core::ResponseStream>* stream) {
  Response response;
  auto origin = header(request, http::field::origin);
  auto* rest = rest_service_for(request);
  const auto path = raw_path(request);
  const bool own = !rest && path.substr(0, 13) == "/_streamstack";
  std::string_view operation;
  const JsonBinding* binding = rest || own ? nullptr : json_binding_for(request, operation);
  // AWS's request ids: a UUID from Kinesis, Logs, Lambda and API Gateway; 52 upper-case
  // alphanumerics from DynamoDB and DynamoDB Streams, and from the server's own endpoints.
  const bool dynamodb_form = binding ? binding->dynamodb_request_id : !rest;
  Finish finish;
  finish.request_id = dynamodb_form ? core::new_request_id() : core::new_uuid();
  const auto& request_id = finish.request_id;
  // A deployed API's own traffic (it needs no credentials) answers CORS as its methods say, as
  // API Gateway does: no preflight or Allow-Origin from the edge.
  finish.cors = !origin.empty() && !(rest && serves_own_cors(request, *rest));
  finish.preflight = request.method() == http::verb::options && finish.cors;
  finish.kinesis = binding && binding->front_door == JsonBinding::FrontDoor::kKinesis;
  if (spdlog::should_log(spdlog::level::debug)) {
    auto target = header(request, "X-Amz-Target");
    finish.peer = peer.address;
    finish.method = std::string(request.method_string());
    finish.what = target.empty() ? std::string(request.target()) : std::string(target);
  }
  if (finish.preflight) {
    response = cors_preflight(request);
  } else if (rest) {
    return handle_rest(request, *rest, peer, std::move(finish), later);
  } else if (own && path == "/_streamstack/health" && request.method() == http::verb::get) {
    response = make_response(request, http::status::ok, "application/json", health());
  } else if (own && path == "/_streamstack/reset" && request.method() == http::verb::post && reset_) {
    reset_();
    response = make_response(request, http::status::ok, "application/json", R"({"reset":true})");
  } else if (own && path == "/_streamstack/clock" &&
             (request.method() == http::verb::get || request.method() == http::verb::post)) {
    auto clock = clock_endpoint(request.method() == http::verb::post, request.body());
    response = make_response(request, static_cast<http::status>(clock.status), "application/json", clock.body);
  } else if (binding) {
    response = answer_json(request, *binding,
                           JsonCall{.operation = operation,
                                    .request_id = request_id,
                                    .authentication = authentication_,
                                    .stream = stream});
  } else {
    response = make_response(request, http::status::not_found, "application/json", R"({"message":"Not Found"})");
  }
  return finish(std::move(response));
}

}  // namespace streamstack::server
