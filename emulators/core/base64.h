#pragma once
// Base64 as AWS's protocols carry blobs: the standard alphabet (RFC 4648 section 4), padded.
// Encoding is OpenSSL's. Decoding is ours: OpenSSL's EVP_DecodeBlock skips white space, keeps
// stray bits after the last byte and returns the padding as zero bytes, all of which AWS's
// (Java) parsers refuse, and AWS's messages name the character where the text goes wrong.
#include <optional>
#include <string>
#include <string_view>

namespace streamstack::core {

std::string base64_encode(std::string_view bytes);
// Appends to `out` (Kinesis's GetRecords encodes many records into one buffer).
void base64_encode_to(std::string_view bytes, std::string& out);

// The one fault that DynamoDB and Kinesis word differently: a '=' that more data follows
// ("=+/="), in dynalite's and kinesalite's tests recorded against AWS.
enum class PaddingInData {
  kInvalidLastCharacter,  // DynamoDB: "Invalid last non-pad Base64 character dectected"
  kInvalidCharacter,      // Kinesis: "Invalid Base64 character: '='"
};

// Why AWS refuses `text` as a blob, or "" when it is canonical base64 (what base64_encode
// writes, and nothing else). In AWS's words, its spelling of "detected" kept:
//   "Base64 encoded length is expected a multiple of 4 bytes but found: 5"
//   "Invalid Base64 character: '!'" (the whole UTF-8 character)
//   "Invalid last non-pad Base64 character dectected" (bits set after the last byte, or
//   padding where no byte is missing)
std::string base64_problem(std::string_view text, PaddingInData wording);

// The bytes of `text`, which base64_problem accepted or base64_encode wrote. Any other text
// decodes up to its first character outside the alphabet.
std::string base64_decode(std::string_view text);

// For text nobody checked with base64_problem (Lambda's Marker and X-Amz-Client-Context, a
// proxy answer's isBase64Encoded body): nullopt when a character other than trailing padding
// is outside the alphabet. The padding may be left out and bits after the last byte are
// dropped, as Lambda accepts them.
std::optional<std::string> base64_decode_lenient(std::string_view text);

}  // namespace streamstack::core
