#pragma once
// Decides which service a request is for and turns its answer (or error) into HTTP.
// REST services and the server's own endpoints are chosen by path (or Host); JSON services by
// the X-Amz-Target prefix (DynamoDB_20120810, Kinesis_20131202, ...), and a request that names
// no operation of any by the service its signature is scoped to (".../kinesis/aws4_request"),
// then by its content type (application/x-amz-cbor-1.1 is Kinesis's), then by its Host
// ("kinesis.<region>..."), else DynamoDB: it is answered in that service's own words
// (json_edge.h).
//
// Most answers are ready when handle() returns. A REST operation that waits on a function
// (Lambda's Invoke, API Gateway's Lambda proxy) answers later instead: handle() returns nothing,
// and the answer comes through `later`, once, from the thread that ended the invocation. The
// session then writes it on its own executor; no I/O thread waits for a function.
#include "core/credentials.h"
#include "core/json_service.h"
#include "core/response_stream.h"
#include "core/rest_service.h"
#include "http_types.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::server {

// How one JSON service is spoken on the wire.
struct JsonBinding {
  core::JsonService* service;
  std::string content_type;  // application/x-amz-json-1.0 or -1.1
  bool crc32 = false;         // DynamoDB's x-amz-crc32 response header
  // Also speaks AWS CBOR 1.1 (Kinesis): a request that is not of `content_type` is read and
  // answered in CBOR, as AWS does (the Java SDKs and the KCL send CBOR by default).
  bool cbor = false;
  // The `__type` prefix of the errors raised here before the service runs (serialization,
  // unknown operation, authentication): DynamoDB's coral prefix; Kinesis sends bare names.
  std::string edge_error_prefix = core::ApiError::kCoralService;
  // x-amzn-RequestId in DynamoDB's form (52 upper-case alphanumerics) rather than the UUID the
  // other services send.
  bool dynamodb_request_id = false;
  // The SigV4 signing name of the service ("dynamodb", "kinesis", "logs").
  std::string signing_name;
  // Whose words answer what is refused before the operation runs (json_edge.h); Kinesis's
  // answers also carry x-amz-id-2.
  enum class FrontDoor { kDynamoDb, kKinesis };
  FrontDoor front_door = FrontDoor::kDynamoDb;
};

// How signatures are taken: by default any credentials work (only their scope is read); with
// `verify` (--auth verify) each is checked against `credentials`.
struct Authentication {
  bool verify = false;
  const core::CredentialStore* credentials = nullptr;
};

class Router {
 public:
  Router();

  void add_json_service(std::string target_prefix, JsonBinding binding);
  // A REST service owns every path that starts with `path_prefix` (e.g. "/2015-03-31/").
  // `name` (e.g. "lambda") is how GET /_streamstack/health lists it; empty: not listed.
  void add_rest_service(std::string path_prefix, core::RestService* service, std::string name = "");
  // A REST service that also takes requests by Host name (API Gateway's
  // `{id}.execute-api.localhost`): `matcher` says whether a Host header is its own.
  void add_host_service(std::function<bool(std::string_view host)> matcher, core::RestService* service);

  void set_authentication(Authentication authentication) { authentication_ = authentication; }

  // What POST /_streamstack/reset does (drop all state, apply the stack again).
  void set_reset(std::function<void()> reset) { reset_ = std::move(reset); }

  using Later = std::function<void(Response)>;
  // The answer now, or nullopt when it comes through `later`. With `stream` given, an operation
  // that answers with an event stream (SubscribeToShard) may set it: the answer is then the
  // response's head, and the body is the stream's.
  std::optional<Response> handle(Request& request, const Peer& peer, const Later& later,
                                 std::unique_ptr<core::ResponseStream>* stream = nullptr);

  // The JSON answer of GET /_streamstack/health.
  std::string health() const;

 private:
  Response cors_preflight(const Request& request) const;
  struct Finish;
  std::optional<Response> handle_rest(Request& request, core::RestService& service, const Peer& peer,
                                      Finish finish, const Later& later);
  core::RestService* rest_service_for(const Request& request) const;
  // The JSON service a request is for, and the operation it names there ("" for none).
  const JsonBinding* json_binding_for(const Request& request, std::string_view& operation) const;

  std::map<std::string, JsonBinding, std::less<>> json_services_;
  std::map<std::string, const JsonBinding*, std::less<>> by_signing_name_;
  const JsonBinding* cbor_binding_ = nullptr;
  std::vector<std::pair<std::string, core::RestService*>> rest_services_;
  std::map<const core::RestService*, std::string> rest_signing_names_;
  Authentication authentication_;
  std::vector<std::pair<std::function<bool(std::string_view)>, core::RestService*>> host_services_;
  std::function<void()> reset_;
  std::map<std::string, std::string> service_states_;  // name -> "running", for health
  std::string services_json_;                          // service_states_ as JSON
  std::chrono::steady_clock::time_point started_;
};

}  // namespace streamstack::server
