#include "sigv4_verify.h"

#include "core/api_error.h"
#include "core/url.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ctime>
#include <utility>
#include <vector>

namespace streamstack::server {
namespace {

constexpr std::int64_t kSkewSeconds = 15 * 60;
constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

core::ApiError invalid_signature(std::string message) {
  return core::ApiError(400, core::ApiError::kCoralService, "InvalidSignatureException", std::move(message));
}

core::ApiError unrecognized_client(std::string message) {
  return core::ApiError(400, core::ApiError::kCoralService, "UnrecognizedClientException", std::move(message));
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  return hex(digest, n);
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &n);
  return std::string(reinterpret_cast<const char*>(digest), n);
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

// RFC 3986 encoding as SigV4 wants it: unreserved characters as they are, every other byte as
// %XX in upper case (and '/' kept when `keep_slash`).
std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    }
  }
  return out;
}

// The path without empty, "." and ".." segments (RFC 3986 section 5.2.4; AWS also drops
// repeated slashes), as the SDKs sign it, then encoded once more: SigV4 encodes the path as
// sent, escapes included ("%3A" -> "%253A").
std::string canonical_uri(std::string_view path) {
  std::vector<std::string_view> kept;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    auto segment = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::string out;
  for (auto segment : kept) out += "/" + uri_encode(segment, false);
  if (out.empty() || path.back() == '/') out += "/";
  return out;
}

// Pairs sorted by encoded name, then value; a presigned request's own signature left out.
std::string canonical_query(std::string_view query, bool presigned) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    auto end = query.find('&', start);
    auto pair = query.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      auto name = core::percent_decode(pair.substr(0, eq));
      auto value = eq == std::string_view::npos ? std::string() : core::percent_decode(pair.substr(eq + 1));
      if (!(presigned && name == "X-Amz-Signature")) pairs.emplace_back(uri_encode(name, false), uri_encode(value, false));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

// "Trimall": the value without surrounding white space, inner runs of it one space.
std::string trim_all(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::vector<std::string> signed_header_names(std::string_view text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(';', start);
    auto name = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!name.empty()) {
      std::string lower(name);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      names.push_back(std::move(lower));
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return names;
}

// The payload's hash as the canonical request carries it: X-Amz-Content-Sha256 when it names
// one of SigV4's literal payloads (UNSIGNED-PAYLOAD, STREAMING-...), else the body's own hash,
// so a body changed after signing matches no hash it declares.
std::string payload_hash(const Request& request) {
  auto declared = header_value(request, "X-Amz-Content-Sha256");
  if (declared == "UNSIGNED-PAYLOAD" || declared.substr(0, 10) == "STREAMING-") return std::string(declared);
  return sha256_hex(request.body());
}

std::string date_scope_message(const Signature& signature, std::string_view iso) {
  return "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
         signature.credential.date + "' != '" + std::string(iso.substr(0, 8)) + "', from '" + std::string(iso) + "'.";
}

// Step 1: the signing time against now.
std::int64_t check_time(const Signature& signature, std::int64_t now_s) {
  std::int64_t signed_at = parse_signing_time(signature.amz_date);
  if (signed_at < 0) {
    throw core::ApiError::incomplete_signature("Date must be in ISO-8601 'basic format'. Got '" + signature.amz_date +
                                               "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  std::string at = iso8601_basic(signed_at), now = iso8601_basic(now_s);
  if (signed_at > now_s + kSkewSeconds) {
    throw invalid_signature("Signature not yet current: " + at + " is still later than " +
                            iso8601_basic(now_s + kSkewSeconds) + " (" + now + " + 15 min.)");
  }
  if (signed_at < now_s - kSkewSeconds && signature.form == Signature::Form::kHeader) {
    throw invalid_signature("Signature expired: " + at + " is now earlier than " +
                            iso8601_basic(now_s - kSkewSeconds) + " (" + now + " - 15 min.)");
  }
  if (signature.form == Signature::Form::kQuery) {
    // A presigned request lives for its X-Amz-Expires; the words follow the header form's
    // (inferred: AWS's text for this case is unconfirmed).
    std::int64_t expires = kSkewSeconds;
    if (!signature.expires.empty() &&
        std::all_of(signature.expires.begin(), signature.expires.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        signature.expires.size() < 10) {
      expires = std::stoll(signature.expires);
    }
    if (signed_at < now_s - expires) {
      throw invalid_signature("Signature expired: " + at + " is now earlier than " + iso8601_basic(now_s - expires) +
                              " (" + now + " - " + std::to_string(expires) + " sec.)");
    }
  }
  return signed_at;
}

// Step 2: what the signature claims to cover.
void check_scope(const Signature& signature, const VerifyContext& context, std::string_view iso) {
  auto names = signed_header_names(signature.signed_headers);
  if (signature.form == Signature::Form::kHeader && std::find(names.begin(), names.end(), "host") == names.end()) {
    throw invalid_signature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (signature.algorithm != kAlgorithm) {
    throw core::ApiError::incomplete_signature("Unsupported AWS 'algorithm': '" + signature.algorithm +
                                               "' (only AWS4-HMAC-SHA256 for now). ");
  }
  std::string problems;
  const auto& scope = signature.credential;
  if (scope.service != context.service) {
    problems += "Credential should be scoped to correct service: '" + std::string(context.service) + "'. ";
  }
  if (scope.terminator != "aws4_request") {
    problems += "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope.terminator + "'. ";
  }
  if (scope.date != iso.substr(0, 8)) problems += date_scope_message(signature, iso);
  while (!problems.empty() && problems.back() == ' ') problems.pop_back();
  if (!problems.empty()) throw invalid_signature(problems);
}

}  // namespace

std::int64_t parse_signing_time(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  const char* end = nullptr;
  if (copy.size() == 16 && copy[8] == 'T' && copy[15] == 'Z') {
    end = strptime(copy.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  } else {
    end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  }
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string iso8601_basic(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

CanonicalForms canonical_forms(const Request& request, const Signature& signature, bool json_service) {
  std::string canonical;
  canonical += std::string(request.method_string()) + "\n";
  canonical += (json_service ? std::string("/") : canonical_uri(raw_path(request))) + "\n";
  canonical += canonical_query(raw_query(request), signature.form == Signature::Form::kQuery) + "\n";
  for (const auto& name : signed_header_names(signature.signed_headers)) {
    std::string value;
    auto [first, last] = request.equal_range(name);
    for (auto it = first; it != last; ++it) {
      if (!value.empty()) value += ',';
      value += trim_all(std::string_view(it->value().data(), it->value().size()));
    }
    canonical += name + ":" + value + "\n";
  }
  canonical += "\n" + signature.signed_headers + "\n" + payload_hash(request);

  std::int64_t at = parse_signing_time(signature.amz_date);
  std::string timestamp = at < 0 ? signature.amz_date : iso8601_basic(at);
  const auto& scope = signature.credential;
  std::string string_to_sign = std::string(kAlgorithm) + "\n" + timestamp + "\n" + scope.date + "/" + scope.region +
                               "/" + scope.service + "/" + scope.terminator + "\n" + sha256_hex(canonical);
  return {std::move(canonical), std::move(string_to_sign)};
}

void throw_signature_mismatch(const CanonicalForms& forms) {
  throw invalid_signature(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
      "Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String "
      "for this request should have been\n'" +
      forms.canonical_request + "'\n\nThe String-to-Sign should have been\n'" + forms.string_to_sign + "'\n");
}

std::string sign(std::string_view secret, const Credential& scope, std::string_view string_to_sign) {
  std::string key = hmac("AWS4" + std::string(secret), scope.date);
  key = hmac(key, scope.region);
  key = hmac(key, scope.service);
  key = hmac(key, scope.terminator);
  auto raw = hmac(key, string_to_sign);
  return hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

core::Principal verify_signature(const Request& request, const Signature& signature, const VerifyContext& context,
                                 const core::CredentialStore& credentials) {
  std::int64_t signed_at = check_time(signature, context.now_ms / 1000);
  check_scope(signature, context, iso8601_basic(signed_at));
  auto principal = credentials.find(signature.credential.access_key);
  if (!principal) throw unrecognized_client("The security token included in the request is invalid.");
  auto forms = canonical_forms(request, signature, context.json_service);
  auto expected = sign(principal->secret_access_key, signature.credential, forms.string_to_sign);
  if (expected.size() != signature.signature.size() ||
      CRYPTO_memcmp(expected.data(), signature.signature.data(), expected.size()) != 0) {
    throw_signature_mismatch(forms);
  }
  if (signature.security_token != principal->session_token) {
    throw unrecognized_client("The security token included in the request is invalid");
  }
  return *principal;
}

}  // namespace streamstack::server
