// A response whose body is written while it is produced (an event stream): the head with
// `Transfer-Encoding: chunked`, then each piece the stream yields as one chunk, then the last
// chunk, then the connection closes. Between pieces the session waits on a timer, which a wake
// from the stream (a commit, on any thread) cuts short; no thread ever blocks on a stream.
// Meanwhile a read on the socket notices a client that goes away, so its stream ends at once
// rather than at its next write. SIGTERM stops the io_context, which drops open streams with
// their connections.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>

#include "session.h"

namespace streamstack::server {
namespace {

void append_chunk(std::string_view bytes, std::string& out) {
  char size[20];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  out += size;
  out += bytes;
  out += "\r\n";
}

}  // namespace

void Session::start_stream(Response head, std::unique_ptr<core::ResponseStream> body) {
  streaming_ = std::make_unique<Streaming>(
      Streaming{.body = std::move(body), .timer = boost::asio::steady_timer(stream_.get_executor())});
  streaming_->chunked = head.version() >= 11;
  if (streaming_->chunked) head.set(http::field::transfer_encoding, "chunked");
  // A stream may stay quiet for longer than a request may; the stream's own end bounds it.
  stream_.expires_never();

  auto executor = stream_.get_executor();
  std::weak_ptr<Session> weak = weak_from_this();
  streaming_->body->set_wake([executor, weak, pending = streaming_->wake_pending] {
    if (pending->exchange(true)) return;  // one wake on its way is enough
    boost::asio::post(executor, [weak] {
      if (auto self = weak.lock()) self->on_stream_wake();
    });
  });

  serialize_response(head, wire_);
  boost::asio::async_write(
      stream_, boost::asio::buffer(wire_),
      boost::beast::bind_front_handler(&Session::on_stream_write, shared_from_this(), false));
  watch_peer();
}

void Session::poll_stream() {
  auto& s = *streaming_;
  s.wake_pending->store(false);
  core::ResponseStream::Chunk chunk;
  try {
    chunk = s.body->poll();
  } catch (const std::exception& e) {
    // The head is sent: all that is left is to end the body.
    spdlog::error("event stream failed: {}", e.what());
    chunk = {"", true, {}};
  }
  if (!chunk.bytes.empty() || chunk.last) return write_stream(std::move(chunk.bytes), chunk.last);
  s.waiting = true;
  s.timer.expires_after(chunk.wait);
  s.timer.async_wait(boost::beast::bind_front_handler(&Session::on_stream_wait, shared_from_this()));
}

void Session::write_stream(std::string bytes, bool last) {
  wire_.clear();
  if (!streaming_->chunked) {
    wire_ = std::move(bytes);
  } else {
    if (!bytes.empty()) append_chunk(bytes, wire_);
    if (last) wire_ += "0\r\n\r\n";
  }
  boost::asio::async_write(
      stream_, boost::asio::buffer(wire_),
      boost::beast::bind_front_handler(&Session::on_stream_write, shared_from_this(), last));
}

void Session::on_stream_write(bool last, boost::beast::error_code ec, std::size_t) {
  if (ec || last || streaming_->peer_gone) return end_stream();
  poll_stream();
}

void Session::on_stream_wait(boost::beast::error_code) {
  auto& s = *streaming_;
  s.waiting = false;
  if (s.ended) return;
  if (s.peer_gone) return end_stream();
  poll_stream();
}

void Session::end_stream() {
  auto& s = *streaming_;
  s.ended = true;
  s.body.reset();  // the subscription ends now: its consumer and shard are free again
  // What was written is with the kernel; the read that watched the client is all that keeps
  // the session, and it goes now.
  boost::beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  stream_.socket().cancel(ec);
}

void Session::on_stream_wake() {
  if (streaming_ && streaming_->waiting) streaming_->timer.cancel();
}

void Session::watch_peer() {
  stream_.async_read_some(boost::asio::buffer(streaming_->peer_bytes),
                          [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                            auto& s = *self->streaming_;
                            if (s.ended) return;
                            if (!ec) return self->watch_peer();
                            s.peer_gone = true;
                            if (s.waiting) s.timer.cancel();
                          });
}

}  // namespace streamstack::server
