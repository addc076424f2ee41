#pragma once
// The interface between the HTTP edge and a service spoken over AWS's JSON protocols
// (X-Amz-Target: <prefix>.<Operation>). The edge decodes the body, the service runs the
// operation and returns the output shape; errors are thrown as ApiError.
#include "api_error.h"
#include "request_context.h"
#include "response_stream.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace streamstack::core {

// An answer an operation has already written as JSON text, for a large page whose values would
// otherwise be built as a tree only to be written out again (GetRecords, GetItem). Allowed only
// when the caller is the HTTP edge speaking JSON (RequestContext::raw_json_ok): the edge sends
// the text as it is. Carried as a binary value with a subtype of its own.
inline constexpr std::uint64_t kRawJsonSubtype = 0x4A53;
inline nlohmann::json raw_json(const std::string& text) {
  return nlohmann::json::binary(nlohmann::json::binary_t::container_type(text.begin(), text.end()),
                                kRawJsonSubtype);
}
inline bool is_raw_json(const nlohmann::json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kRawJsonSubtype;
}

class JsonService {
 public:
  virtual ~JsonService() = default;
  // `input` is the decoded request body: a JSON object, or any JSON value when reads_any_json().
  // The service may move from it.
  virtual nlohmann::json invoke(const RequestContext& context, std::string_view operation,
                                nlohmann::json& input) = 0;
  // Whether `operation` is one of the service's. The edge answers an unknown operation with
  // UnknownOperationException before it authenticates the caller, as AWS does; a service that
  // cannot tell keeps the default and reports it from invoke().
  virtual bool has_operation(std::string_view operation) const {
    (void)operation;
    return true;
  }
  // Whether invoke() takes a body that is JSON but not an object, to report it in the service's
  // own words; otherwise the edge refuses such a body itself.
  virtual bool reads_any_json() const { return false; }
  // Whether `operation` answers with an event stream (open_stream()) instead of one output.
  virtual bool streams_output(std::string_view operation) const {
    (void)operation;
    return false;
  }
  // The event stream that answers `operation`, for an edge speaking JSON. Errors found before
  // the stream starts are thrown as ApiError and answered as any other error.
  virtual std::unique_ptr<ResponseStream> open_stream(const RequestContext& context,
                                                      std::string_view operation,
                                                      nlohmann::json& input) {
    (void)context;
    (void)operation;
    (void)input;
    throw ApiError::unknown_operation();
  }
  // The `__type` prefix for SerializationException and friends raised at the edge.
  virtual std::string_view error_prefix() const { return ApiError::kCoralService; }
};

}  // namespace streamstack::core
