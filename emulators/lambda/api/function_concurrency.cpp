// Reserved concurrency and the account's limits, as Lambda's API answers them:
//   PUT    /2017-10-31/functions/{name}/concurrency  PutFunctionConcurrency     200 {"ReservedConcurrentExecutions": N}
//   GET    /2019-09-30/functions/{name}/concurrency  GetFunctionConcurrency     200, {} without a reservation
//   DELETE /2017-10-31/functions/{name}/concurrency  DeleteFunctionConcurrency  204
//   GET    /2016-08-19/account-settings              GetAccountSettings
// Lambda validates the request before it looks the function up, and the account's minimum of
// unreserved concurrency last.
#include "lambda/api/lambda_service.h"
#include "lambda/errors.h"

#include <nlohmann/json.hpp>

namespace streamstack::lambda::api {
namespace {

using nlohmann::ordered_json;

// GetAccountSettings' code quotas: Lambda's defaults, as a new account reports them.
constexpr std::int64_t kTotalCodeSize = 80530636800;
constexpr std::int64_t kCodeSizeUnzipped = 262144000;
constexpr std::int64_t kCodeSizeZipped = 52428800;

int reserved_concurrent_executions(const core::RestRequest& request) {
  auto body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    throw lambda_error(400, "InvalidParameterValueException", "Could not parse request body into json: Unexpected character");
  auto value = body.find("ReservedConcurrentExecutions");
  if (value == body.end() || value->is_null())
    throw validation_exception("1 validation error detected: Value null at 'reservedConcurrentExecutions' "
                               "failed to satisfy constraint: Member must not be null");
  if (!value->is_number_integer())
    throw validation_exception("1 validation error detected: Value '" + value->dump() +
                               "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must be an integer");
  auto executions = value->get<std::int64_t>();
  if (executions < 0)
    throw validation_exception("1 validation error detected: Value '" + std::to_string(executions) +
                               "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have "
                               "value greater than or equal to 0");
  // More than the account has is refused by the unreserved minimum below; keep it in range.
  return static_cast<int>(std::min<std::int64_t>(executions, 1 << 30));
}

}  // namespace

core::RestResponse put_function_concurrency(FunctionRegistry& functions, std::string_view name,
                                            const core::RestRequest& request) {
  auto executions = reserved_concurrent_executions(request);
  auto function = functions.get(name);
  functions.concurrency().reserve(function->config.name, executions);
  ordered_json body;
  body["ReservedConcurrentExecutions"] = executions;
  return core::json_response(200, body);
}

core::RestResponse get_function_concurrency(FunctionRegistry& functions, std::string_view name) {
  auto function = functions.get(name);
  ordered_json body = ordered_json::object();
  if (auto reserved = functions.concurrency().reserved(function->config.name))
    body["ReservedConcurrentExecutions"] = *reserved;
  return core::json_response(200, body);
}

core::RestResponse delete_function_concurrency(FunctionRegistry& functions, std::string_view name) {
  auto function = functions.get(name);
  functions.concurrency().unreserve(function->config.name);
  core::RestResponse response;
  response.status = 204;
  return response;
}

core::RestResponse get_account_settings(FunctionRegistry& functions) {
  std::int64_t code_size = 0;
  auto all = functions.list();
  for (const auto& f : all) code_size += f->code_size;
  ordered_json limit;
  limit["TotalCodeSize"] = kTotalCodeSize;
  limit["CodeSizeUnzipped"] = kCodeSizeUnzipped;
  limit["CodeSizeZipped"] = kCodeSizeZipped;
  limit["ConcurrentExecutions"] = functions.concurrency().account_limit();
  limit["UnreservedConcurrentExecutions"] = functions.concurrency().unreserved();
  ordered_json usage;
  usage["TotalCodeSize"] = code_size;
  usage["FunctionCount"] = all.size();
  ordered_json body;
  body["AccountLimit"] = std::move(limit);
  body["AccountUsage"] = std::move(usage);
  return core::json_response(200, body);
}

}  // namespace streamstack::lambda::api
