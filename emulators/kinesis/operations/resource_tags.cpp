// TagResource, UntagResource, ListTagsForResource: the tags of a stream or a consumer named by
// its ARN, with the rules and limits of AddTagsToStream and RemoveTagsFromStream.
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/resource_arn.h"
#include "kinesis/operations/tag_rules.h"

namespace streamstack::kinesis {

json tag_resource(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  check_tag_count(input["Tags"], stream_name_in_arn(arn).value_or(arn), context.account_id);
  env.catalog.write([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    check_tags_to_add(input["Tags"], resource.stream.name, context.account_id);
    if (resource.consumer) {
      put_consumer_tags(c, resource.consumer->key, input["Tags"], resource.arn());
    } else {
      put_tags(c, resource.stream.key, input["Tags"], resource.stream.name, context.account_id);
    }
  });
  return nullptr;
}

json untag_resource(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  env.catalog.write([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    check_tag_keys_to_remove(input["TagKeys"], resource.stream.name, context.account_id);
    for (const auto& key : input["TagKeys"]) {
      auto& st = resource.consumer
                     ? c.prepare("DELETE FROM kinesis_consumer_tags WHERE consumer_key = ? AND key = ?")
                           .bind(1, resource.consumer->key)
                     : c.prepare("DELETE FROM kinesis_tags WHERE stream_key = ? AND key = ?").bind(1, resource.stream.key);
      st.bind_text(2, key.get_ref<const std::string&>()).run();
    }
  });
  return nullptr;
}

json list_tags_for_resource(Env& env, const Context& context, json& input) {
  const auto& arn = input["ResourceARN"].get_ref<const std::string&>();
  return env.catalog.db().read([&](store::Connection& c) {
    auto resource = require_resource(c, context, arn);
    auto& st = resource.consumer
                   ? c.prepare("SELECT key, value FROM kinesis_consumer_tags WHERE consumer_key = ? ORDER BY key")
                         .bind(1, resource.consumer->key)
                   : c.prepare("SELECT key, value FROM kinesis_tags WHERE stream_key = ? ORDER BY key")
                         .bind(1, resource.stream.key);
    json tags = json::array();
    while (st.step()) tags.push_back({{"Key", st.column_text(0)}, {"Value", st.column_text(1)}});
    st.reset();
    return json{{"Tags", tags}};
  });
}

}  // namespace streamstack::kinesis
