#include "cloudformation/outputs.h"

#include <regex>

namespace streamstack::cloudformation {

std::string local_url(const std::string& value, const std::string& base_url) {
  static const std::regex kExecuteApi(R"(^https://([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/([^/]+)/(.*)$)");
  std::smatch m;
  if (!std::regex_match(value, m, kExecuteApi)) return value;
  return base_url + "/restapis/" + m[1].str() + "/" + m[3].str() + "/_user_request_/" + m[4].str();
}

std::vector<std::pair<std::string, std::string>> printed_outputs(const DeployResult& result,
                                                                 const std::string& base_url) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& o : result.outputs) out.emplace_back(result.stack_name + "." + o.key, local_url(o.value, base_url));
  return out;
}

}  // namespace streamstack::cloudformation
