#pragma once
// The interface between the HTTP edge and a service spoken over AWS's JSON protocols
// (X-Amz-Target: <prefix>.<Operation>). The edge decodes the body, the service runs the
// operation and returns the output shape; errors are thrown as ApiError.
#include "api_error.h"
#include "request_context.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace streamstack::core {

class JsonService {
 public:
  virtual ~JsonService() = default;
  // `input` is the decoded request body (always a JSON object). The service may move from it.
  virtual nlohmann::json invoke(const RequestContext& context, std::string_view operation,
                                nlohmann::json& input) = 0;
  // The `__type` prefix for SerializationException and friends raised at the edge.
  virtual std::string_view error_prefix() const { return ApiError::kCoralService; }
};

}  // namespace streamstack::core
