// Reading and checking SigV4 signatures. The expected signatures and canonical requests are
// botocore's, computed for the same requests (botocore.auth.SigV4Auth with its clock fixed).
#include "sigv4.h"
#include "sigv4_verify.h"

#include "core/api_error.h"
#include "core/credentials.h"

#include <gtest/gtest.h>

using streamstack::core::ApiError;
using streamstack::core::CredentialStore;
using streamstack::core::Principal;
using namespace streamstack::server;

namespace {

constexpr std::int64_t kSignedAtMs = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr const char* kSecret = "secret/EXAMPLE+key";

Request request_with(std::string_view authorization, std::string_view date = "20260101T000000Z",
                     std::string_view target = "/") {
  Request request{http::verb::post, target, 11};
  if (!authorization.empty()) request.set(http::field::authorization, authorization);
  if (!date.empty()) request.set("X-Amz-Date", date);
  return request;
}

ApiError error_of(const Request& request, const AuthWords& words = dynamodb_auth_words()) {
  try {
    read_signature(request, words);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return ApiError::internal();
}

// botocore's ListTables request to http://localhost:4566/, signed by AKIDEXAMPLE at kSignedAtMs.
Request list_tables(std::string_view signature = "30a5528c344dfa4c8354373d72d93a64416b098d5e2c64a5c537f1c939e41aa3") {
  Request request{http::verb::post, "/", 11};
  request.set(http::field::host, "localhost:4566");
  request.set(http::field::content_type, "application/x-amz-json-1.0");
  request.set("X-Amz-Target", "DynamoDB_20120810.ListTables");
  request.set("X-Amz-Date", "20260101T000000Z");
  request.set(http::field::authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + std::string(signature));
  request.body() = "{}";
  return request;
}

// The store that knows AKIDEXAMPLE's secret.
const CredentialStore& store() {
  static const CredentialStore* credentials = [] {
    auto* s = new CredentialStore;
    Principal principal;
    principal.secret_access_key = kSecret;
    s->put("AKIDEXAMPLE", principal);
    return s;
  }();
  return *credentials;
}

ApiError verify_error(const Request& request, std::int64_t now_ms = kSignedAtMs, std::string_view service = "dynamodb") {
  const auto& credentials = store();
  try {
    verify_signature(request, read_signature(request, dynamodb_auth_words()),
                     VerifyContext{.service = service, .json_service = true, .now_ms = now_ms}, credentials);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return ApiError::internal();
}

}  // namespace

TEST(SigV4, ReadsAccessKeyRegionAndServiceFromTheCredentialScope) {
  auto s = read_signature(request_with("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
                                       "SignedHeaders=host;x-amz-date, Signature=abcdef"),
                          dynamodb_auth_words());
  EXPECT_EQ(s.credential.access_key, "AKID");
  EXPECT_EQ(s.credential.date, "20260101");
  EXPECT_EQ(s.credential.region, "eu-west-1");
  EXPECT_EQ(s.credential.service, "dynamodb");
  EXPECT_EQ(s.signed_headers, "host;x-amz-date");
  EXPECT_EQ(s.signature, "abcdef");
}

TEST(SigV4, MissingHeaderIsMissingAuthenticationTokenInEachServicesWords) {
  auto e = error_of(request_with(""));
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#MissingAuthenticationTokenException");
  EXPECT_EQ(e.message(), "Request is missing Authentication Token");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(error_of(request_with(""), kinesis_auth_words()).message(), "Missing Authentication Token");
}

TEST(SigV4, DynamoDbTakesOnlyAws4HeadersWhileKinesisReadsAnyHeader) {
  EXPECT_EQ(error_of(request_with("Basic dXNlcjpwYXNz")).code(), "MissingAuthenticationTokenException");
  auto e = error_of(request_with("X", ""), kinesis_auth_words());
  EXPECT_EQ(e.code(), "IncompleteSignatureException");
  EXPECT_EQ(e.message(),
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
            "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
            "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=X");
}

TEST(SigV4, MissingPartsAreListedAsAwsListsThem) {
  auto e = error_of(request_with("AWS4-HMAC-SHA256 Signature=b", ""));
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#IncompleteSignatureException");
  EXPECT_EQ(e.message(),
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Signature=b");
}

TEST(SigV4, CredentialNeedsFiveElements) {
  auto e = error_of(request_with("AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=x"));
  EXPECT_EQ(e.message(),
            "Credential must have exactly 5 slash-delimited elements, e.g. "
            "keyid/date/region/service/term, got 'a/b/c/d'");
}

TEST(SigV4, PresignedQueryIsReadAndEachMissingParameterNamed) {
  auto s = read_signature(
      request_with("", "",
                   "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20260101%2Fus-west-2%2Fkinesis%2Faws4_request"
                   "&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=1&X-Amz-Expires=60"),
      kinesis_auth_words());
  EXPECT_EQ(s.form, Signature::Form::kQuery);
  EXPECT_EQ(s.credential.region, "us-west-2");
  EXPECT_EQ(s.credential.service, "kinesis");
  EXPECT_EQ(s.expires, "60");
  auto e = error_of(request_with("", "", "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d"));
  EXPECT_EQ(e.message(),
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
}

TEST(SigV4, BothHeaderAndQueryIsInvalidSignature) {
  auto e = error_of(request_with("X", "", "/?X-Amz-Algorithm"), kinesis_auth_words());
  EXPECT_EQ(e.code(), "InvalidSignatureException");
  EXPECT_EQ(e.message(), "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
}

TEST(SigV4Verify, CanonicalRequestIsBotocores) {
  auto request = list_tables();
  auto forms = canonical_forms(request, read_signature(request, dynamodb_auth_words()), true);
  EXPECT_EQ(forms.canonical_request,
            "POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:localhost:4566\nx-amz-date:20260101T000000Z\n"
            "x-amz-target:DynamoDB_20120810.ListTables\n\ncontent-type;host;x-amz-date;x-amz-target\n"
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  EXPECT_EQ(forms.string_to_sign,
            "AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/dynamodb/aws4_request\n"
            "020747a2e2896edbd2ae2f651cdf8d2c4bb50e6c15dc475f57ba5191ff67862f");
}

TEST(SigV4Verify, RestPathsAreNormalizedAndEncodedTwiceAndQueriesSorted) {
  Request request{http::verb::get, "/2015-03-31/functions/my%3Afn/./x/../?b=2&a=1&a=0", 11};
  request.set(http::field::host, "localhost:4566");
  request.set("X-Amz-Date", "20260101T000000Z");
  request.set(http::field::authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/lambda/aws4_request, "
              "SignedHeaders=host;x-amz-date, Signature=f59a9e999f013a34dddc93b05d37b2af732ec039ea90115f4433ce3d84281c8d");
  auto signature = read_signature(request, dynamodb_auth_words());
  auto forms = canonical_forms(request, signature, false);
  EXPECT_EQ(forms.canonical_request.substr(0, forms.canonical_request.find("\nhost:")),
            "GET\n/2015-03-31/functions/my%253Afn/\na=0&a=1&b=2");
  const auto& credentials = store();
  EXPECT_NO_THROW(verify_signature(request, signature,
                                   VerifyContext{.service = "lambda", .json_service = false, .now_ms = kSignedAtMs},
                                   credentials));
}

TEST(SigV4Verify, BotocoresSignatureIsAcceptedWithinFifteenMinutes) {
  const auto& credentials = store();
  auto request = list_tables();
  auto signature = read_signature(request, dynamodb_auth_words());
  for (std::int64_t skew : {-15 * 60 * 1000, 0, 15 * 60 * 1000}) {
    EXPECT_NO_THROW(verify_signature(request, signature,
                                     VerifyContext{.service = "dynamodb", .json_service = true, .now_ms = kSignedAtMs + skew},
                                     credentials));
  }
}

TEST(SigV4Verify, AnotherSignatureIsRefusedWithWhatAwsComputed) {
  auto e = verify_error(list_tables("0000000000000000000000000000000000000000000000000000000000000000"));
  EXPECT_EQ(e.code(), "InvalidSignatureException");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.message(),
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String "
            "for this request should have been\n'POST\n/\n\ncontent-type:application/x-amz-json-1.0\n"
            "host:localhost:4566\nx-amz-date:20260101T000000Z\nx-amz-target:DynamoDB_20120810.ListTables\n\n"
            "content-type;host;x-amz-date;x-amz-target\n"
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'\n\nThe String-to-Sign should have "
            "been\n'AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/dynamodb/aws4_request\n"
            "020747a2e2896edbd2ae2f651cdf8d2c4bb50e6c15dc475f57ba5191ff67862f'\n");
}

TEST(SigV4Verify, AChangedBodyNoLongerMatches) {
  auto request = list_tables();
  request.body() = R"({"Limit":1})";
  EXPECT_EQ(verify_error(request).code(), "InvalidSignatureException");
}

TEST(SigV4Verify, ADeclaredPayloadHashIsNotTakenOverTheBodysOwn) {
  auto request = list_tables();
  request.set("X-Amz-Content-Sha256", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  request.body() = R"({"Limit":1})";
  EXPECT_EQ(verify_error(request).code(), "InvalidSignatureException");
}

TEST(SigV4Verify, SkewOverFifteenMinutesIsExpiredOrNotYetCurrent) {
  auto late = verify_error(list_tables(), kSignedAtMs + 15 * 60 * 1000 + 1000);
  EXPECT_EQ(late.code(), "InvalidSignatureException");
  EXPECT_EQ(late.message(),
            "Signature expired: 20260101T000000Z is now earlier than 20260101T000001Z (20260101T001501Z - 15 min.)");
  auto early = verify_error(list_tables(), kSignedAtMs - 15 * 60 * 1000 - 1000);
  EXPECT_EQ(early.message(),
            "Signature not yet current: 20260101T000000Z is still later than 20251231T235959Z "
            "(20251231T234459Z + 15 min.)");
}

TEST(SigV4Verify, AnUnknownAccessKeyIsAnUnrecognizedClient) {
  auto request = list_tables();
  request.set(http::field::authorization,
              "AWS4-HMAC-SHA256 Credential=NOBODY/20260101/us-east-1/dynamodb/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00");
  auto e = verify_error(request);
  EXPECT_EQ(e.code(), "UnrecognizedClientException");
  EXPECT_EQ(e.message(), "The security token included in the request is invalid.");
}

TEST(SigV4Verify, TheScopeMustNameTheServiceAndTheRequestsDate) {
  auto e = verify_error(list_tables(), kSignedAtMs, "kinesis");
  EXPECT_EQ(e.message(), "Credential should be scoped to correct service: 'kinesis'.");
  auto request = list_tables();
  request.set("X-Amz-Date", "20260102T000000Z");
  e = verify_error(request, kSignedAtMs + 86400000);
  EXPECT_EQ(e.message(),
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            "'20260101' != '20260102', from '20260102T000000Z'.");
}

TEST(SigV4Verify, HostMustBeSignedAndTheDateInBasicFormat) {
  auto request = list_tables();
  request.set(http::field::authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, "
              "SignedHeaders=x-amz-date, Signature=00");
  EXPECT_EQ(verify_error(request).message(), "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  request = list_tables();
  request.set("X-Amz-Date", "201");
  auto e = verify_error(request);
  EXPECT_EQ(e.code(), "IncompleteSignatureException");
  EXPECT_EQ(e.message(), "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(SigV4Verify, ASessionTokenMustBeThePrincipals) {
  CredentialStore credentials;
  Principal principal;
  principal.secret_access_key = kSecret;
  principal.session_token = "token-of-a-function";
  credentials.put("AKIDEXAMPLE", principal);
  auto request = list_tables();
  try {
    verify_signature(request, read_signature(request, dynamodb_auth_words()),
                     VerifyContext{.service = "dynamodb", .json_service = true, .now_ms = kSignedAtMs}, credentials);
    ADD_FAILURE() << "accepted without the token";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "UnrecognizedClientException");
    EXPECT_EQ(e.message(), "The security token included in the request is invalid");
  }
}
