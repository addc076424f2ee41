#pragma once
// Checks a SigV4 signature as AWS does (--auth verify), in AWS's order and words (dynalite's
// index.js notes of what DynamoDB answered; AWS's "Troubleshoot signed requests" page):
//  1. the date: ISO 8601 basic format (IncompleteSignatureException), within 15 minutes of now
//     ("Signature expired: ..." / "Signature not yet current: ...", InvalidSignatureException),
//     and for a presigned request within its X-Amz-Expires;
//  2. Host among the signed headers; the algorithm; the credential scope's service, terminator
//     and date;
//  3. the access key (UnrecognizedClientException);
//  4. the signature over the canonical request (InvalidSignatureException with the canonical
//     string and string to sign AWS computed), then the session token.
// Errors carry the coral prefix; the edge gives them the service's own.
#include "core/credentials.h"
#include "sigv4.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace streamstack::server {

struct VerifyContext {
  std::string_view service;  // the signing name the scope must name ("dynamodb", "kinesis")
  // JSON protocol services serve "/" only: their canonical URI is "/" whatever path was sent,
  // so a request signed for another path does not match.
  bool json_service = true;
  std::int64_t now_ms = 0;
};

// The principal that signed the request, or throws core::ApiError.
core::Principal verify_signature(const Request& request, const Signature& signature,
                                 const VerifyContext& context, const core::CredentialStore& credentials);

// What AWS computes from a request to check its signature.
struct CanonicalForms {
  std::string canonical_request;
  std::string string_to_sign;
};
CanonicalForms canonical_forms(const Request& request, const Signature& signature, bool json_service);

// InvalidSignatureException: "The request signature we calculated does not match ...", with
// the canonical string and the string to sign.
[[noreturn]] void throw_signature_mismatch(const CanonicalForms& forms);

// The signature of `string_to_sign` with `secret` for the scope's date, region and service.
std::string sign(std::string_view secret, const Credential& scope, std::string_view string_to_sign);

// Epoch seconds of an ISO 8601 basic timestamp ("20260101T000000Z") or an HTTP date
// ("Thu, 01 Jan 2026 00:00:00 GMT"); -1 when it is neither.
std::int64_t parse_signing_time(std::string_view text);
std::string iso8601_basic(std::int64_t epoch_seconds);

}  // namespace streamstack::server
