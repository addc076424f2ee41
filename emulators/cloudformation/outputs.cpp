#include "cloudformation/outputs.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace streamstack::cloudformation {
namespace {

bool lower_alnum(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

// Read by hand rather than by std::regex, whose construction costs more than the whole deploy
// of the seed's template.
std::string local_url(const std::string& value, const std::string& base_url) {
  std::string_view v = value;
  constexpr std::string_view kScheme = "https://", kService = ".execute-api.";
  if (v.substr(0, kScheme.size()) != kScheme) return value;
  v.remove_prefix(kScheme.size());
  auto id = v.substr(0, v.find('.'));
  if (!lower_alnum(id) || v.substr(id.size(), kService.size()) != kService) return value;
  v.remove_prefix(id.size() + kService.size());
  auto slash = v.find('/');
  if (slash == std::string_view::npos) return value;
  auto host = v.substr(0, slash);  // <region>.amazonaws.com[.cn]
  auto dot = host.find('.');
  if (dot == std::string_view::npos || (host.substr(dot) != ".amazonaws.com" && host.substr(dot) != ".amazonaws.com.cn"))
    return value;
  v.remove_prefix(slash + 1);
  auto stage = v.substr(0, v.find('/'));
  if (stage.empty() || stage.size() == v.size()) return value;
  return base_url + "/restapis/" + std::string(id) + "/" + std::string(stage) + "/_user_request_/" +
         std::string(v.substr(stage.size() + 1));
}

std::vector<std::pair<std::string, std::string>> printed_outputs(const DeployResult& result,
                                                                 const std::string& base_url) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& o : result.outputs) out.emplace_back(result.stack_name + "." + o.key, local_url(o.value, base_url));
  return out;
}

}  // namespace streamstack::cloudformation
