#pragma once
// Reads a request's SigV4 signature, from its `Authorization` header or, presigned, from its
// query string: who is calling and where (access key, region, service). Reading never checks
// the signature (sigv4_verify.h does, with --auth verify); a missing or malformed one gets the
// error the service's front door gives: MissingAuthenticationToken, IncompleteSignature, or
// InvalidSignature for a request that carries both forms (kinesalite test/connection.js and
// dynalite test/connection.js, recorded against Kinesis and DynamoDB).
#include "http_types.h"

#include <string>
#include <string_view>

namespace streamstack::server {

// access-key/date/region/service/terminator, as the credential scope names them.
struct Credential {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string terminator;  // "aws4_request"
};

// How a service's front door words what it refuses before the operation runs.
struct AuthWords {
  // DynamoDB takes an Authorization header as a signature only when it starts with "AWS4-"
  // (anything else is a missing token); Kinesis reads the parameters of any header.
  bool aws4_prefix_required = true;
  std::string missing_token = "Request is missing Authentication Token";
};

// DynamoDB's and Kinesis's words.
AuthWords dynamodb_auth_words();
AuthWords kinesis_auth_words();

struct Signature {
  enum class Form { kHeader, kQuery };
  Form form = Form::kHeader;
  std::string algorithm;       // AWS4-HMAC-SHA256
  std::string credential_text;  // as sent: AKID/20260101/us-east-1/kinesis/aws4_request
  Credential credential;
  std::string signed_headers;  // as sent: content-type;host;x-amz-date
  std::string signature;       // hex
  std::string amz_date;        // X-Amz-Date (or Date), as sent
  bool date_from_date_header = false;
  std::string security_token;  // X-Amz-Security-Token, header or query
  std::string expires;         // X-Amz-Expires (query form), as sent
};

// Whether the request carries a signature of either form, well formed or not: an Authorization
// header, or an X-Amz-Algorithm query parameter (even without a value, as AWS reads it).
bool carries_signature(const Request& request);

// The request's signature. Throws core::ApiError (coral prefix; the edge puts the service's).
Signature read_signature(const Request& request, const AuthWords& words);

// The credential scope in `scope`: IncompleteSignatureException unless it has five parts
// (trailing slashes are ignored, as AWS ignores them).
Credential parse_credential_scope(std::string_view scope);

// `name`'s value among the request's headers ("" when absent).
std::string_view header_value(const Request& request, std::string_view name);
// The raw query string, after '?' ("" without one).
std::string_view raw_query(const Request& request);
// The raw path, before '?'.
std::string_view raw_path(const Request& request);

}  // namespace streamstack::server
