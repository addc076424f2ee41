#pragma once
// API Gateway's data plane: a request to a deployed stage is matched against the stage's
// deployment, then handed to its integration (AWS_PROXY: the Lambda function with the proxy
// event; MOCK: the integration responses), and the answer mapped back. Failures answer as the
// gateway's default responses: 403 Missing Authentication Token when nothing matches, 502 for a
// function error or a malformed proxy response, 504 past the integration timeout, 500 when Lambda
// throttles the function. A Lambda integration answers when the function's result arrives, from
// the thread that ended the invocation; everything else answers before execute returns.
#include "apigateway/lambda_backend.h"
#include "apigateway/proxy_event.h"
#include "apigateway/rest_api_store.h"
#include "apigateway/route_table.h"
#include "core/rest_service.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::apigateway {

class DataPlane {
 public:
  DataPlane(RestApiStore& store, LambdaBackend& lambda) : store_(store), lambda_(lambda) {}

  // Answers through `respond`, exactly once.
  void execute(const std::string& api_id, const std::string& stage, const ProxyRequest& request,
               core::RestResponder respond);

 private:
  struct Call;
  std::shared_ptr<const RouteTable> routes(const RestApiRecord& api, const std::string& deployment_id);
  void invoke_lambda(Call& call, core::RestResponder answer);

  RestApiStore& store_;
  LambdaBackend& lambda_;
  std::mutex routes_mutex_;
  // By api id and deployment id: a deployment never changes, so its table never goes stale.
  std::map<std::string, std::shared_ptr<const RouteTable>> routes_;
};

// What the gateway answers for a Lambda proxy integration's outcome (nullopt: no such function).
core::RestResponse proxy_answer(const std::optional<LambdaOutcome>& outcome, const std::string& api_id,
                                const std::string& function_arn, std::string_view accept,
                                const std::vector<std::string>& binary_media_types);

// The gateway's own answers, with the headers AWS sends on them.
core::RestResponse gateway_response(int status, const std::string& error_type, const std::string& body);

}  // namespace streamstack::apigateway
