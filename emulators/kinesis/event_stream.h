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

// The payloads' protocol: JSON 1.1 (what AWS sends a JSON client, in the capture of
// aws/aws-sdk-ruby#2779) or CBOR 1.1 for a CBOR client (the Java SDKs and the KCL, which read
// each event with the protocol's own unmarshaller; inferred, AWS's CBOR capture is unconfirmed).
enum class EventPayload { kJson, kCbor };

// An event: `:event-type` `event_type`, `:content-type` the payload's, `:message-type` event.
std::string event_message(std::string_view event_type, std::string_view payload,
                          EventPayload protocol = EventPayload::kJson);
// An exception of the stream's union (ResourceNotFoundException, ResourceInUseException, ...):
// `:exception-type`, `:content-type` as for events, `:message-type` exception, and the
// payload {"message": ...} that the SDKs read the text from.
std::string exception_message(std::string_view exception_type, std::string_view message,
                              EventPayload protocol = EventPayload::kJson);

}  // namespace streamstack::kinesis
