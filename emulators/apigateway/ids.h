#pragma once
// Identifiers shaped as API Gateway shapes them: REST API and root resource ids are 10 lower-case
// alphanumerics (`te6si5ach7`), child resources and deployments 6 (`2jf6xt`); the data plane's
// extended request id is 16 base64 characters (`Cx1ZkFkRoAMEbWw=`).
#include <string>
#include <string_view>

namespace streamstack::apigateway {

std::string random_id(std::size_t length);
std::string new_extended_request_id();
// X-Amzn-Trace-Id: Root=1-<8 hex epoch seconds>-<24 hex>.
std::string new_trace_id();
// Whether `id` could be a REST API id (letters and digits only): a fixed id from the stack file
// or the `_custom_id_` tag must fit in a host name and a URL segment.
bool valid_rest_api_id(std::string_view id);

}  // namespace streamstack::apigateway
