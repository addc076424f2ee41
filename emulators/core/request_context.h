#pragma once
// Who is calling and where: taken from the SigV4 credential scope at the edge, passed to every
// operation. State is namespaced by account and region, as in AWS.
#include <string>

namespace streamstack::core {

struct RequestContext {
  // The wire protocol of the request: blobs and timestamps are written differently in each
  // (JSON: base64 text and epoch seconds; CBOR: byte strings and epoch milliseconds).
  enum class Protocol { kJson, kCbor };

  std::string account_id = "000000000000";
  std::string region = "us-east-1";
  std::string access_key = "test";
  std::string request_id;
  // The caller's principal ARN when a function's role makes the call (handlers' in-process
  // clients); empty for HTTP callers, who are never denied.
  std::string principal_arn;
  Protocol protocol = Protocol::kJson;
  // The HTTP edge takes answers already written as text (json_service.h raw_json); in-process
  // callers (handlers' clients, the stack loader) need values, and leave it false.
  bool raw_json_ok = false;

  // The namespace key used by storage: one per account and region.
  std::string scope() const { return account_id + "/" + region; }
};

}  // namespace streamstack::core
