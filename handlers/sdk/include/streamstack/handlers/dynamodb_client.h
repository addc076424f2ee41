#pragma once
// DynamoDB for handlers: the same operations an HTTP client reaches, called in-process (no
// socket) under the function's role. Requests and responses are DynamoDB's wire JSON
// (AttributeValues such as {"S": "..."}); attribute_values.h converts to and from plain JSON.
#include "streamstack/handlers/client_error.h"
#include "streamstack/handlers/invocation_host.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace streamstack::handlers {

class DynamoDbClient {
 public:
  explicit DynamoDbClient(InvocationHost& host) : host_(&host) {}

  // Any DynamoDB operation by its API name ("GetItem", "Query", ...); returns its output
  // shape or throws ClientError with AWS's code and message.
  nlohmann::json call(std::string_view operation, nlohmann::json input) const {
    auto outcome = host_->call("dynamodb", operation, input);
    if (!outcome.ok())
      throw ClientError(std::move(outcome.error_code), std::move(outcome.error_message),
                        std::string(operation), outcome.http_status);
    return std::move(outcome.output);
  }

  // `request` holds the other members of the operation's input (ConsistentRead,
  // ConditionExpression, ReturnValues, ...).
  nlohmann::json get_item(std::string_view table, nlohmann::json key,
                          nlohmann::json request = nlohmann::json::object()) const {
    request["TableName"] = table;
    request["Key"] = std::move(key);
    return call("GetItem", std::move(request));
  }

  nlohmann::json put_item(std::string_view table, nlohmann::json item,
                          nlohmann::json request = nlohmann::json::object()) const {
    request["TableName"] = table;
    request["Item"] = std::move(item);
    return call("PutItem", std::move(request));
  }

  // `request` carries UpdateExpression, ExpressionAttributeValues and the like.
  nlohmann::json update_item(std::string_view table, nlohmann::json key,
                             nlohmann::json request) const {
    request["TableName"] = table;
    request["Key"] = std::move(key);
    return call("UpdateItem", std::move(request));
  }

  nlohmann::json delete_item(std::string_view table, nlohmann::json key,
                             nlohmann::json request = nlohmann::json::object()) const {
    request["TableName"] = table;
    request["Key"] = std::move(key);
    return call("DeleteItem", std::move(request));
  }

 private:
  InvocationHost* host_;
};

}  // namespace streamstack::handlers
