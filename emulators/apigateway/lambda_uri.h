#pragma once
// The integration URI through which API Gateway invokes a Lambda function:
// arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations.
#include <optional>
#include <string>

namespace streamstack::apigateway {

std::string lambda_integration_uri(const std::string& region, const std::string& function_arn);
// The function ARN inside such a URI; nullopt for any other URI.
std::optional<std::string> function_arn_of_integration_uri(const std::string& uri);

}  // namespace streamstack::apigateway
