#include "sigv4.h"

#include "core/api_error.h"

#include <gtest/gtest.h>

using streamstack::core::ApiError;
using streamstack::server::parse_authorization;

namespace {

ApiError error_of(std::string_view authorization, std::string_view date = "20260101T000000Z") {
  try {
    parse_authorization(authorization, date);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << authorization;
  return ApiError::internal();
}

}  // namespace

TEST(SigV4, ReadsAccessKeyRegionAndServiceFromTheCredentialScope) {
  auto c = parse_authorization(
      "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abcdef",
      "20260101T000000Z");
  EXPECT_EQ(c.access_key, "AKID");
  EXPECT_EQ(c.date, "20260101");
  EXPECT_EQ(c.region, "eu-west-1");
  EXPECT_EQ(c.service, "dynamodb");
}

TEST(SigV4, MissingHeaderIsMissingAuthenticationToken) {
  auto e = error_of("");
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#MissingAuthenticationTokenException");
  EXPECT_EQ(e.message(), "Request is missing Authentication Token");
  EXPECT_EQ(e.http_status(), 400);
}

TEST(SigV4, NonSigV4SchemeIsMissingAuthenticationToken) {
  EXPECT_EQ(error_of("Basic dXNlcjpwYXNz").code(), "MissingAuthenticationTokenException");
}

TEST(SigV4, MissingPartsAreListedAsAwsListsThem) {
  auto e = error_of("AWS4-HMAC-SHA256 Signature=b", "");
  EXPECT_EQ(e.wire_type(), "com.amazon.coral.service#IncompleteSignatureException");
  EXPECT_EQ(e.message(),
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Signature=b");
}

TEST(SigV4, CredentialNeedsFiveElements) {
  auto e = error_of("AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=x");
  EXPECT_EQ(e.message(),
            "Credential must have exactly 5 slash-delimited elements, e.g. "
            "keyid/date/region/service/term, got 'a/b/c/d'");
}

TEST(SigV4, PresignedQueryCredentialIsAccepted) {
  auto c = parse_authorization("", "", "X-Amz-Credential=AK%2F20260101%2Fus-west-2%2Fkinesis%2Faws4_request&X-Amz-Signature=1");
  EXPECT_EQ(c.region, "us-west-2");
  EXPECT_EQ(c.service, "kinesis");
}
