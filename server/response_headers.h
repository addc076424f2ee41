#pragma once
// Header fields AWS puts on answers whatever the operation: `Date` and `Server` on every one
// (DynamoDB sends `Server: Server`), and Kinesis's extended request id, `x-amz-id-2`.
#include "http_types.h"

#include <string>

namespace streamstack::server {

void stamp_date_and_server(Response& response);

// base64 of 72 random bytes, as long as Kinesis's (kinesalite test/connection.js checks 72 to
// 80 bytes against AWS).
std::string new_extended_request_id();

// What a CORS answer lets a browser's script read (kinesalite index.js, as Kinesis answers).
inline constexpr const char* kExposeHeaders =
    "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date";

}  // namespace streamstack::server
