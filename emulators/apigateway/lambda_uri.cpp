#include "apigateway/lambda_uri.h"

#include <string_view>

namespace streamstack::apigateway {
namespace {

constexpr std::string_view kPath = ":lambda:path/2015-03-31/functions/";
constexpr std::string_view kSuffix = "/invocations";

}  // namespace

std::string lambda_integration_uri(const std::string& region, const std::string& function_arn) {
  return "arn:aws:apigateway:" + region + std::string(kPath) + function_arn + std::string(kSuffix);
}

std::optional<std::string> function_arn_of_integration_uri(const std::string& uri) {
  if (uri.rfind("arn:aws:apigateway:", 0) != 0) return std::nullopt;
  auto at = uri.find(kPath);
  if (at == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(uri).substr(at + kPath.size());
  if (rest.size() <= kSuffix.size() || rest.substr(rest.size() - kSuffix.size()) != kSuffix) return std::nullopt;
  rest.remove_suffix(kSuffix.size());
  return std::string(rest);
}

}  // namespace streamstack::apigateway
