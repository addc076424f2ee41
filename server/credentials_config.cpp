#include "credentials_config.h"

#include <stdexcept>

namespace streamstack::server {
namespace {

core::Principal with_secret(std::string secret) {
  core::Principal principal;
  principal.secret_access_key = std::move(secret);
  return principal;
}

}  // namespace

void load_static_credentials(core::CredentialStore& store, const std::vector<std::string>& flag_pairs,
                             const nlohmann::json& stack_document) {
  bool any = false;
  for (const auto& pair : flag_pairs) {
    auto colon = pair.find(':');
    store.put(pair.substr(0, colon), with_secret(pair.substr(colon + 1)));
    any = true;
  }
  auto section = stack_document.is_object() ? stack_document.find("credentials") : stack_document.end();
  if (stack_document.is_object() && section != stack_document.end()) {
    if (!section->is_array()) throw std::runtime_error("stack file: \"credentials\" must be a list");
    for (const auto& entry : *section) {
      auto id = entry.is_object() ? entry.find("accessKeyId") : entry.end();
      auto secret = entry.is_object() ? entry.find("secretAccessKey") : entry.end();
      if (!entry.is_object() || id == entry.end() || secret == entry.end() || !id->is_string() ||
          !secret->is_string() || id->get_ref<const std::string&>().empty()) {
        throw std::runtime_error(
            "stack file: each \"credentials\" entry needs \"accessKeyId\" and \"secretAccessKey\" strings");
      }
      store.put(id->get<std::string>(), with_secret(secret->get<std::string>()));
      any = true;
    }
  }
  if (!any) store.put("test", with_secret("test"));
}

}  // namespace streamstack::server
