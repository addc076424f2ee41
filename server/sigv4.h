#pragma once
// Reads the SigV4 `Authorization` header for who is calling and where (access key, region,
// service). Signatures are not verified: any credentials work, as in every local emulator, but a
// missing or malformed header gets AWS's MissingAuthenticationToken / IncompleteSignature error.
#include <string>
#include <string_view>

namespace streamstack::server {

struct Credential {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
};

// `authorization` is the header value (empty if absent); `amz_date` is X-Amz-Date or Date.
// `query` is the raw query string (presigned URLs carry X-Amz-Credential there).
// Throws core::ApiError.
Credential parse_authorization(std::string_view authorization, std::string_view amz_date,
                               std::string_view query = {});

}  // namespace streamstack::server
