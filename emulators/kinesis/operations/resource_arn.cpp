#include "kinesis/operations/resource_arn.h"

#include "kinesis/errors.h"

namespace streamstack::kinesis {

Resource require_resource(store::Connection& c, const core::RequestContext& context, const std::string& arn) {
  nlohmann::json input = {{"StreamARN", arn}};
  Resource resource{require_stream(c, context, stream_ref(context, input)), std::nullopt};
  if (arn.find("/consumer/") == std::string::npos) return resource;
  auto found = select_consumers(c, "WHERE stream_key = ? AND arn = ?", resource.stream.key, arn);
  if (found.empty()) {
    throw resource_not_found("Consumer " + arn + " under stream " + resource.stream.name + " under account " +
                             context.account_id + " not found.");
  }
  resource.consumer = std::move(found.front());
  return resource;
}

}  // namespace streamstack::kinesis
