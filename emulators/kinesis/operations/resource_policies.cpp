// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: a stream's or a consumer's
// resource-based policy, kept as the document the caller sent. GetResourcePolicy of a resource
// without one answers an empty document (LocalStack's recording of test_resource_policy_crud
// against AWS). Requests are not evaluated against the policies. Where AWS's texts are
// unknown, the words are inferred: a policy that is not a JSON object is an
// InvalidArgumentException, and deleting a policy that is not there succeeds.
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/resource_arn.h"

namespace streamstack::kinesis {

json put_resource_policy(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  const auto& policy = input["Policy"].get_ref<const std::string&>();
  auto document = json::parse(policy, nullptr, false);
  if (!document.is_object()) throw invalid_argument("Policy is not a valid JSON document.");
  env.catalog.db().write([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    c.prepare("INSERT OR REPLACE INTO kinesis_resource_policies (arn, stream_key, policy) VALUES (?, ?, ?)")
        .bind_text(1, resource.arn())
        .bind(2, resource.stream.key)
        .bind_text(3, policy)
        .run();
  });
  return nullptr;
}

json get_resource_policy(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  return env.catalog.db().read([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    auto& st = c.prepare("SELECT policy FROM kinesis_resource_policies WHERE arn = ?");
    st.bind_text(1, resource.arn());
    std::string policy = st.step() ? st.column_text(0) : "{}";
    st.reset();
    return json{{"Policy", policy}};
  });
}

json delete_resource_policy(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  env.catalog.db().write([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    c.prepare("DELETE FROM kinesis_resource_policies WHERE arn = ?").bind_text(1, resource.arn()).run();
  });
  return nullptr;
}

}  // namespace streamstack::kinesis
