#pragma once
// Blobs in the JSON protocol are base64 text. AWS's parser refuses text that its (Java) decoder
// would not round-trip, with the reasons kinesalite's validations/index.js records from AWS.
#include <string>
#include <string_view>

namespace streamstack::kinesis {

std::string base64_encode(std::string_view bytes);
// Appends to `out` (the hot path encodes many records into one buffer).
void base64_encode_to(std::string_view bytes, std::string& out);
// Why AWS refuses `text` as a Blob ("Base64 encoded length is expected a multiple of 4 bytes but
// found: 5"), or "" when it is fine.
std::string base64_problem(std::string_view text);
// Decodes text that base64_problem accepted.
std::string base64_decode(std::string_view text);

}  // namespace streamstack::kinesis
