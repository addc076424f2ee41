#pragma once
// A deployed stack's Outputs as `cdk deploy` prints them:
//   Outputs:
//   StreamDemoStack.handlerendpointEndpoint508FCE5F = https://<id>.execute-api.<region>.amazonaws.com/prod/
//   Stack ARN:
//   arn:aws:cloudformation:...
// with each API Gateway URL made one that reaches this server.
#include "cloudformation/deployer.h"

#include <string>
#include <vector>

namespace streamstack::cloudformation {

// `https://{id}.execute-api.{region}.amazonaws.com/{stage}/{path}` becomes
// `{base_url}/restapis/{id}/{stage}/_user_request_/{path}`; other values are left as they are.
std::string local_url(const std::string& value, const std::string& base_url);

// "<Stack>.<Key>" and the value (local), in key order.
std::vector<std::pair<std::string, std::string>> printed_outputs(const DeployResult& result,
                                                                 const std::string& base_url);

}  // namespace streamstack::cloudformation
