#include "apigateway/service.h"

#include "core/url.h"

#include <stdexcept>

namespace streamstack::apigateway {
namespace {

constexpr std::string_view kUserRequest = "_user_request_";

std::string_view host_of(const core::RestRequest& request) { return request.header("Host"); }

// "/{stage}/{path...}" -> (stage, "/path..."); the path is "/" at least.
std::pair<std::string, std::string> split_stage(std::string_view rest) {
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  auto slash = rest.find('/');
  std::string stage(rest.substr(0, slash));
  std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return {stage, path};
}

}  // namespace

ApiGatewayService::ApiGatewayService(store::Database& db, std::unique_ptr<LambdaBackend> lambda)
    : lambda_(std::move(lambda)), store_(db), control_plane_(store_), data_plane_(store_, *lambda_) {}

bool ApiGatewayService::is_execute_api_host(std::string_view host) {
  auto at = host.find(".execute-api.");
  if (at == std::string_view::npos || at == 0) return false;
  for (char c : host.substr(0, at))
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string ApiGatewayService::stage_path(const std::string& api_id, const std::string& stage) {
  return std::string(kControlPlanePrefix) + "/" + api_id + "/" + stage + "/" + std::string(kUserRequest) + "/";
}

std::optional<ApiGatewayService::Target> ApiGatewayService::data_plane_target(const core::RestRequest& request) {
  std::string_view path = request.raw_path;
  if (auto host = host_of(request); is_execute_api_host(host)) {
    auto [stage, rest] = split_stage(path);
    return Target{std::string(host.substr(0, host.find('.'))), stage, rest};
  }
  constexpr std::string_view kExecute = kExecuteApiPrefix;
  if (path.substr(0, kExecute.size()) == kExecute) {
    auto rest = path.substr(kExecute.size());
    auto slash = rest.find('/');
    std::string api_id(rest.substr(0, slash));
    auto [stage, tail] = split_stage(slash == std::string_view::npos ? std::string_view{} : rest.substr(slash));
    return Target{api_id, stage, tail};
  }
  // /restapis/{id}/{stage}/_user_request_[/{path}]
  constexpr std::string_view kRestApis = "/restapis/";
  if (path.substr(0, kRestApis.size()) != kRestApis) return std::nullopt;
  auto rest = path.substr(kRestApis.size());
  auto first = rest.find('/');
  if (first == std::string_view::npos) return std::nullopt;
  auto second = rest.find('/', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto marker = rest.substr(second + 1);
  if (marker.substr(0, kUserRequest.size()) != kUserRequest) return std::nullopt;
  auto tail = marker.substr(kUserRequest.size());
  if (!tail.empty() && tail.front() != '/') return std::nullopt;
  return Target{std::string(rest.substr(0, first)), std::string(rest.substr(first + 1, second - first - 1)),
                tail.empty() ? std::string("/") : std::string(tail)};
}

bool ApiGatewayService::requires_authentication(const core::RestRequest& request) const {
  return !data_plane_target(request).has_value();
}

void ApiGatewayService::handle_async(const core::RequestContext& context, core::RestRequest request,
                                     core::RestResponder respond) {
  auto target = data_plane_target(request);
  if (!target) return respond(handle(context, request));
  ProxyRequest proxy{std::move(request.method), target->path, std::move(request.raw_query),
                     std::move(request.headers), std::move(request.body), std::move(request.source_ip)};
  data_plane_.execute(target->api_id, target->stage, proxy, std::move(respond));
}

core::RestResponse ApiGatewayService::handle(const core::RequestContext& context, const core::RestRequest& request) {
  if (data_plane_target(request))
    throw std::logic_error("a data-plane request may wait on a function: it answers through handle_async");
  std::vector<std::string> segments;
  auto path = std::string_view(request.raw_path).substr(std::string_view(kControlPlanePrefix).size());
  for (auto segment : core::path_segments(path)) segments.push_back(core::percent_decode(segment));
  return control_plane_.handle(context, request, segments);
}

}  // namespace streamstack::apigateway
