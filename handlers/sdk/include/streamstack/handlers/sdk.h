#pragma once
// Everything a handler needs: include this one header.
#include "streamstack/handlers/abi.h"
#include "streamstack/handlers/api_gateway.h"
#include "streamstack/handlers/attribute_values.h"
#include "streamstack/handlers/client_error.h"
#include "streamstack/handlers/context.h"
#include "streamstack/handlers/dynamodb_client.h"
#include "streamstack/handlers/handler.h"
#include "streamstack/handlers/lambda_runtime.h"
