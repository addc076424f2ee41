#pragma once
// GET and POST /_streamstack/clock: reads or moves the one clock every emulated service reads
// (core::Clock), so a test never waits for time to pass. POST takes {"advanceSeconds": N} or
// {"set": "<ISO-8601>"}; both answer the clock as it is then:
//   {"now": "2030-01-01T00:00:00.000Z", "epochMillis": 1893456000000, "offsetMillis": 1234}
// The clock only moves forward: a "set" to an earlier time, a negative advance or a body that is
// neither is a 400 with {"message": ...}.
#include <string>
#include <string_view>

namespace streamstack::server {

struct ClockAnswer {
  int status = 200;
  std::string body;
};

ClockAnswer clock_endpoint(bool post, std::string_view body);

}  // namespace streamstack::server
