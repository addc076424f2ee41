#pragma once
// The key pairs --auth verify accepts, from the flags (--credentials ID:SECRET, repeated, or
// STREAMSTACK_CREDENTIALS) and the stack file's "credentials" section:
//   "credentials": [{"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "..."}]
// With none given anywhere, the pair test/test, which the AWS CLI and SDK setups for local
// emulators use.
#include "core/credentials.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace streamstack::server {

// Puts the static pairs into `store`. Throws std::runtime_error for a malformed section.
void load_static_credentials(core::CredentialStore& store, const std::vector<std::string>& flag_pairs,
                             const nlohmann::json& stack_document);

}  // namespace streamstack::server
