#pragma once
// AWS's binary event-stream framing (application/vnd.amazon.eventstream), which carries
// SubscribeToShard's events. One message is
//
//   total length u32 | headers length u32 | prelude CRC32 | headers | payload | message CRC32
//
// big-endian, each CRC32 (zlib's) over every byte before it; a header is name length u8, name,
// value type u8 (7 = string), value length u16, value (botocore/eventstream.py, which decodes
// it for boto3 and checks both CRCs).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamstack::kinesis {

using EventHeaders = std::vector<std::pair<std::string, std::string>>;  // string values only

// One message with `headers` (in this order) and `payload`.
std::string encode_event_message(const EventHeaders& headers, std::string_view payload);

// An event: `:event-type` `event_type`, `:content-type` application/x-amz-json-1.1 (what AWS
// sends, in the capture of aws/aws-sdk-ruby#2779), `:message-type` event.
std::string event_message(std::string_view event_type, std::string_view json_payload);
// An exception of the stream's union (ResourceNotFoundException, InternalFailureException, ...):
// `:exception-type`, `:content-type` as for events, `:message-type` exception, and the
// payload {"message": ...} that the SDKs read the text from.
std::string exception_message(std::string_view exception_type, std::string_view message);

}  // namespace streamstack::kinesis
