#pragma once
// A MOCK integration, as CORS preflights use it: the request template's `statusCode` picks the
// integration response (by selectionPattern, else the default one), whose static response
// parameters ('value' in single quotes) become headers and whose template becomes the body.
// Templates are taken literally: no Velocity evaluation.
#include "core/rest_service.h"

#include "apigateway/proxy_event.h"

#include <nlohmann/json.hpp>

namespace streamstack::apigateway {

core::RestResponse mock_integration_response(const nlohmann::ordered_json& integration, const ProxyRequest& request);

}  // namespace streamstack::apigateway
