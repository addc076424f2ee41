#pragma once
// Where a function's log lines go besides the server log: CloudWatch Logs implements this to
// fill the log group /aws/lambda/<name>. Each line arrives as it is written (START, the
// handler's lines, END, REPORT), from the thread running the invocation.
#include <cstdint>
#include <string>

namespace streamstack::lambda {

struct InvocationLogEvent {
  std::string function_name;
  std::string log_group_name;   // /aws/lambda/<name>
  std::string log_stream_name;  // 2026/01/01/[$LATEST]<32 hex>
  std::string request_id;
  std::int64_t timestamp_ms = 0;  // epoch milliseconds
  std::string message;            // one line, without its newline
};

class InvocationLogSink {
 public:
  virtual ~InvocationLogSink() = default;
  // Called concurrently by invocations of different functions; must not throw.
  virtual void write(const InvocationLogEvent& event) noexcept = 0;
};

}  // namespace streamstack::lambda
