#include "apigateway/mock_integration.h"

#include "apigateway/data_plane.h"

#include <regex>

namespace streamstack::apigateway {
namespace {

using nlohmann::ordered_json;

// A member of `object` that is itself an object; nullptr when absent or of another type.
// (A pointer into the integration, never into a copy: `value()` would hand back a temporary.)
const ordered_json* object_member(const ordered_json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

// The template for a media type, else application/json's, else the first; nullptr when none.
const ordered_json* template_for(const ordered_json* templates, std::string_view content_type) {
  if (!templates || templates->empty()) return nullptr;
  auto type = std::string(content_type.substr(0, content_type.find(';')));
  if (auto it = templates->find(type); it != templates->end()) return &*it;
  if (auto it = templates->find("application/json"); it != templates->end()) return &*it;
  return &templates->front();
}

// CDK writes `{ statusCode: 200 }` (not JSON), consoles `{"statusCode": 200}`: both are read.
int requested_status(const ordered_json& integration, const ProxyRequest& request) {
  const auto* text = template_for(object_member(integration, "requestTemplates"),
                                  header_value(request.headers, "Content-Type"));
  if (!text || !text->is_string()) return 200;
  static const std::regex kStatus(R"(["']?statusCode["']?\s*:\s*["']?(\d{3}))");
  std::smatch m;
  const auto& value = text->get_ref<const std::string&>();
  if (std::regex_search(value, m, kStatus)) return std::stoi(m[1].str());
  return 200;
}

const ordered_json* select_response(const ordered_json* responses, const std::string& status) {
  if (!responses) return nullptr;
  const ordered_json* fallback = nullptr;
  for (const auto& [code, response] : responses->items()) {
    auto pattern = response.value("selectionPattern", std::string());
    if (pattern.empty()) {
      fallback = &response;
      continue;
    }
    try {
      if (std::regex_match(status, std::regex(pattern))) return &response;
    } catch (const std::regex_error&) {
      // An unusable pattern never selects.
    }
  }
  return fallback;
}

}  // namespace

core::RestResponse mock_integration_response(const ordered_json& integration, const ProxyRequest& request) {
  auto status = std::to_string(requested_status(integration, request));
  const auto* selected = select_response(object_member(integration, "integrationResponses"), status);
  // No output mapping for the status and no default one: a configuration error.
  if (!selected) return gateway_response(500, "InternalServerErrorException", R"({"message": "Internal server error"})");
  core::RestResponse response;
  response.status = std::stoi((*selected)["statusCode"].get<std::string>());
  constexpr std::string_view kHeader = "method.response.header.";
  auto parameters = selected->value("responseParameters", ordered_json::object());
  for (const auto& [target, source] : parameters.items()) {
    if (target.rfind(kHeader, 0) != 0 || !source.is_string()) continue;
    const auto& value = source.get_ref<const std::string&>();
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'')
      response.headers.emplace_back(target.substr(kHeader.size()), value.substr(1, value.size() - 2));
  }
  if (const auto* body = template_for(object_member(*selected, "responseTemplates"),
                                      header_value(request.headers, "Accept"));
      body && body->is_string())
    response.body = body->get<std::string>();
  response.headers.emplace_back("Content-Type", "application/json");
  return response;
}

}  // namespace streamstack::apigateway
