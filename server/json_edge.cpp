#include "json_edge.h"

#include "core/cbor.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "edge_util.h"
#include "sigv4.h"
#include "sigv4_verify.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace streamstack::server {
namespace {

using nlohmann::json;

constexpr std::string_view kJson11 = "application/x-amz-json-1.1";

enum class Wire { kJson, kCbor };

bool names_operation(const JsonBinding& binding, const JsonCall& call) {
  return !call.operation.empty() && binding.service->has_operation(call.operation);
}

// An error raised before the service runs carries the binding's prefix.
core::ApiError at_edge(const core::ApiError& error, const JsonBinding& binding) {
  core::ApiError edge(error.http_status(), binding.edge_error_prefix, error.code(), error.message(), error.extra());
  edge.with_message_key(error.message_key());
  return edge;
}

// A JSON service answers in its own content type only when the request was sent in it; a
// request sent as application/json, or with no type, is answered as application/json
// (dynalite's test/connection.js, recorded against DynamoDB).
std::string json_content_type(const Request& request, std::string_view own_type) {
  return media_type(request) == own_type ? std::string(own_type) : "application/json";
}

Response xml_error(const Request& request, http::status status, std::string_view type, std::string_view message) {
  std::string body = message.empty() ? "<" + std::string(type) + "/>\n"
                                     : "<" + std::string(type) + ">\n  <Message>" + std::string(message) +
                                           "</Message>\n</" + std::string(type) + ">\n";
  return make_response(request, status, "", std::move(body));
}

// Who is calling: the signature read, and checked with --auth verify.
void authenticate(const Request& request, const JsonBinding& binding, const JsonCall& call,
                  core::RequestContext& context) {
  auto words = binding.front_door == JsonBinding::FrontDoor::kKinesis ? kinesis_auth_words() : dynamodb_auth_words();
  auto signature = read_signature(request, words);
  const auto& auth = call.authentication;
  if (auth.verify && auth.credentials) {
    VerifyContext verify{.service = binding.signing_name, .json_service = true, .now_ms = core::Clock::system_millis()};
    auto principal = verify_signature(request, signature, verify, *auth.credentials);
    context.principal_arn = principal.principal_arn;
    if (!principal.account_id.empty()) context.account_id = principal.account_id;
  } else if (raw_path(request) != "/") {
    // Unchecked signatures still cover the path, and AWS computes them for "/".
    throw_signature_mismatch(canonical_forms(request, signature, true));
  }
  context.access_key = signature.credential.access_key;
  if (!signature.credential.region.empty()) context.region = signature.credential.region;
}

// From the body's decoding to the encoded output, in AWS's order: the body must parse, then the
// operation must exist, then the caller must be authenticated, then there must be a body at
// all, then the operation validates its input.
Response run_operation(Request& request, const JsonBinding& binding, const JsonCall& call, Wire wire) {
  http::status status = http::status::ok;
  std::string body;
  const bool cbor = wire == Wire::kCbor;
  try {
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
      if (!names_operation(binding, call)) throw core::ApiError::unknown_operation();
      authenticate(request, binding, call, context);
      if (raw.empty()) throw core::ApiError::serialization("");
      if (!input.is_object() && !binding.service->reads_any_json()) {
        throw core::ApiError::serialization("Start of structure or map found where not expected.");
      }
    } catch (const core::ApiError& error) {
      throw at_edge(error, binding);
    }
    context.request_id = call.request_id;
    context.protocol = cbor ? core::RequestContext::Protocol::kCbor : core::RequestContext::Protocol::kJson;
    context.raw_json_ok = !cbor;
    if (call.stream && binding.service->streams_output(call.operation)) {
      // An event stream: the session writes this head, then the stream's messages as chunks.
      // The connection closes when the stream ends, as it may end at any time.
      *call.stream = binding.service->open_stream(context, call.operation, input);
      Response head{http::status::ok, request.version()};
      head.set(http::field::content_type, (*call.stream)->content_type());
      head.keep_alive(false);
      return head;
    }
    json output = binding.service->invoke(context, call.operation, input);
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
    spdlog::error("{} {} failed: {}", call.request_id, call.operation, error.what());
    auto internal = core::ApiError::internal();
    status = http::status::internal_server_error;
    body = cbor ? render_cbor_error(internal) : render_json_error(internal);
  }
  auto response = make_response(request, status,
                                cbor ? std::string(kCborContentType) : json_content_type(request, binding.content_type),
                                std::move(body));
  if (binding.crc32) response.set("x-amz-crc32", crc32_of(response.body()));
  return response;
}

Response dynamodb_front_door(Request& request, const JsonBinding& binding, const JsonCall& call) {
  Response response;
  if (request.method() != http::verb::post) {
    if (request.method() == http::verb::get && raw_path(request) == "/") {
      // DynamoDB's own health check names the host it was asked by, with a space after it.
      response = make_response(request, http::status::ok, "text/plain",
                               "healthy: " + std::string(header(request, http::field::host)) + " ");
    } else {
      response = make_response(request, http::status::not_found, std::string(binding.content_type),
                               "<UnknownOperationException/>\n");
    }
  } else if (auto type = media_type(request);
             !request.body().empty() && type != "application/json" && type != binding.content_type) {
    response = make_response(request, http::status::not_found, std::string(binding.content_type),
                             "<UnknownOperationException/>\n");
  } else {
    return run_operation(request, binding, call, Wire::kJson);
  }
  if (binding.crc32) response.set("x-amz-crc32", crc32_of(response.body()));
  return response;
}

// Coral's answer to application/json, which Kinesis never took past the parse: 200 with the
// error inside an "Output" (kinesalite test/connection.js, against AWS).
Response kinesis_legacy_json(const Request& request) {
  bool parses = request.body().empty() || !json::parse(request.body(), nullptr, false).is_discarded();
  json output = parses ? json{{"__type", "com.amazon.coral.service#UnknownOperationException"}, {"message", nullptr}}
                       : json{{"__type", "com.amazon.coral.service#SerializationException"}, {"Message", nullptr}};
  return make_response(request, http::status::ok, "application/json",
                       core::to_json_text(json{{"Output", output}, {"Version", "1.0"}}));
}

Response kinesis_front_door(Request& request, const JsonBinding& binding, const JsonCall& call) {
  if (request.method() != http::verb::post) {
    if (carries_signature(request)) {
      return xml_error(request, http::status::forbidden, "AccessDeniedException",
                       "Unable to determine service/operation name to be authorized");
    }
    return xml_error(request, http::status::forbidden, "MissingAuthenticationTokenException",
                     "Missing Authentication Token");
  }
  auto type = media_type(request);
  if (type == "application/json") return kinesis_legacy_json(request);
  if (request.body().empty()) {
    // Before the signature is read, and in CBOR unless the request says JSON 1.1: AWS's
    // default protocol for this service.
    core::ApiError error(400, "", names_operation(binding, call) ? "SerializationException" : "UnknownOperationException", "");
    if (type == kJson11) return make_response(request, http::status::bad_request, std::string(kJson11), render_json_error(error));
    return make_response(request, http::status::bad_request, std::string(kCborContentType), render_cbor_error(error));
  }
  if (type != kJson11 && type != kCborContentType) {
    if (header(request, "X-Amz-Target").empty()) {
      return xml_error(request, http::status::forbidden, "AccessDeniedException",
                       "Unable to determine service/operation name to be authorized");
    }
    return xml_error(request, http::status::not_found, "UnknownOperationException", "");
  }
  return run_operation(request, binding, call, type == kCborContentType ? Wire::kCbor : Wire::kJson);
}

}  // namespace

Response answer_json(Request& request, const JsonBinding& binding, const JsonCall& call) {
  if (binding.front_door == JsonBinding::FrontDoor::kKinesis) return kinesis_front_door(request, binding, call);
  return dynamodb_front_door(request, binding, call);
}

}  // namespace streamstack::server
