// StartStreamEncryption, StopStreamEncryption: server-side encryption with a KMS key, simulated
// (no KMS: any KeyId is taken as it is given). The stream is UPDATING while the change is made;
// records written from then on carry EncryptionType KMS, and those written before keep what
// they had ([M] StartStreamEncryption docs). Texts AWS does not document are inferred.
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/stream_changes.h"
#include "kinesis/pending_change.h"

namespace streamstack::kinesis {
namespace {

json change_encryption(Env& env, const Context& context, json& input, bool start) {
  auto ref = stream_ref(context, input);
  const auto& type = input["EncryptionType"].get_ref<const std::string&>();
  const auto& key_id = input["KeyId"].get_ref<const std::string&>();
  if (type != "KMS") {
    throw invalid_argument("EncryptionType " + type + " is not supported; the only encryption type is KMS.");
  }
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_active(stream, context);
    change_stream(c, env, stream, start ? encryption_change("KMS", key_id) : encryption_change("NONE", ""));
  });
  return nullptr;
}

}  // namespace

json start_stream_encryption(Env& env, const Context& context, json& input) {
  return change_encryption(env, context, input, true);
}

json stop_stream_encryption(Env& env, const Context& context, json& input) {
  return change_encryption(env, context, input, false);
}

}  // namespace streamstack::kinesis
