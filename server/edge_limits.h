#pragma once
// What bounds a connection at the HTTP edge: how many may be open at once, and how long a
// request's headers may take to arrive.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

namespace streamstack::server {

struct EdgeLimits {
  // From a request's first byte to the end of its headers; a connection that takes longer is
  // closed (a keep-alive connection may still wait 120 s for its next request's first byte).
  std::chrono::milliseconds header_timeout{10000};
  // Open connections at most; one more is answered 503 and closed.
  std::size_t max_connections = 10000;
};

// One open connection, counted against EdgeLimits::max_connections for as long as its session
// (HTTP/1.1, then perhaps HTTP/2) holds it.
class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  explicit ConnectionSlot(std::shared_ptr<std::atomic<std::size_t>> open) : open_(std::move(open)) {}
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept {
    release();
    open_ = std::move(other.open_);
    return *this;
  }
  ~ConnectionSlot() { release(); }

 private:
  void release() {
    if (open_) open_->fetch_sub(1);
    open_.reset();
  }
  std::shared_ptr<std::atomic<std::size_t>> open_;
};

}  // namespace streamstack::server
