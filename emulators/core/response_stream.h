#pragma once
// A response body that is written while it is produced, for the operations whose answer is an
// event stream (Kinesis SubscribeToShard). The HTTP edge writes the head, then asks the stream
// for bytes: at once, whenever the stream wakes it, and at the latest after the wait the stream
// asked for. It never blocks a thread waiting: between polls the edge waits on a timer.
#include <chrono>
#include <functional>
#include <string>

namespace streamstack::core {

class ResponseStream {
 public:
  struct Chunk {
    std::string bytes;  // to write now; may be empty
    bool last = false;  // the body ends after `bytes`
    // Poll again after this long even if not woken (ignored when `last`).
    std::chrono::milliseconds wait{0};
  };

  virtual ~ResponseStream() = default;

  // The Content-Type of the body.
  virtual std::string content_type() const = 0;
  // Called by the edge once, before the first poll(). The stream calls `wake` (from any thread,
  // any number of times, also after the edge has gone) when a poll() may find something new.
  virtual void set_wake(std::function<void()> wake) = 0;
  // What to write now. Never called concurrently with itself.
  virtual Chunk poll() = 0;
};

}  // namespace streamstack::core
