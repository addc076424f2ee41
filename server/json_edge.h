#pragma once
// A request for a JSON protocol service (DynamoDB, DynamoDB Streams, Kinesis, Logs), answered
// from its first check to its encoded output as that service's front door answers it. The two
// front doors differ before the operation runs (dynalite's and kinesalite's index.js and
// test/connection.js, recorded against DynamoDB and Kinesis):
//
//   DynamoDB                                      Kinesis
//   GET / -> 200 "healthy: <Host> "               any method but POST -> 403 XML,
//   other non-POST -> 404 <UnknownOperation...>     AccessDenied if signed, else MissingToken
//   body not JSON 1.0/json -> 404 XML             application/json -> coral's 200 legacy body
//   body must parse (SerializationException)      no body -> Serialization/UnknownOperation,
//   operation must exist (UnknownOperation)         in JSON 1.1 if sent so, else CBOR
//   signature (MissingToken "Request is missing   body not JSON 1.1/CBOR -> 403 AccessDenied
//     Authentication Token", Incomplete...)         without a target, else 404 XML
//   body must be there (SerializationException)   body must parse, operation must exist
//                                                 signature (MissingToken "Missing ...")
//
// then both: a signature checked (--auth verify) or, unchecked, signed for "/" (the path is
// signed, and these services serve "/" only), then the operation, then its encoded output.
#include "router.h"

#include <memory>
#include <string>
#include <string_view>

namespace streamstack::server {

struct JsonCall {
  // The operation the request names, "" when it names none of this service's.
  std::string_view operation;
  const std::string& request_id;
  const Authentication& authentication;
  // Set when the operation answers with an event stream (see Router::handle).
  std::unique_ptr<core::ResponseStream>* stream = nullptr;
};

Response answer_json(Request& request, const JsonBinding& binding, const JsonCall& call);

}  // namespace streamstack::server
