#pragma once
// One HTTP/2 connection in cleartext with prior knowledge (h2c): what the AWS SDK for
// JavaScript v3 and the Java SDK open against an http:// endpoint for the operations whose
// model says `protocolSettings: {"h2": ...}` (Kinesis SubscribeToShard). The session sniffs the
// connection preface (session.cpp) and hands the socket here. nghttp2 does the framing, flow
// control and HPACK; each request stream is given to the same Router as an HTTP/1.1 request,
// and its answer goes back as HEADERS and DATA. An event-stream answer
// (core::ResponseStream) is polled as session_stream.cpp polls it, its data deferred until the
// stream yields more.
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "edge_limits.h"
#include "http_types.h"
#include "router.h"

struct nghttp2_session;

namespace streamstack::server {

class H2Session : public std::enable_shared_from_this<H2Session> {
 public:
  H2Session(boost::beast::tcp_stream stream, Router& router, Peer peer, ConnectionSlot slot);
  ~H2Session();
  H2Session(const H2Session&) = delete;
  H2Session& operator=(const H2Session&) = delete;

  // `received`: what was read of the connection already (the preface, perhaps more).
  void start(std::string received);

  // One request stream (nghttp2's callbacks reach it by id).
  struct Stream {
    Request request;
    bool too_large = false;
    std::string out;  // answer bytes, handed to nghttp2 from out_at on
    std::size_t out_at = 0;
    bool out_ended = false;
    bool deferred = false;  // nghttp2 waits for resume_data
    std::unique_ptr<core::ResponseStream> events;
    std::unique_ptr<boost::asio::steady_timer> timer;
    bool waiting = false;
    std::shared_ptr<std::atomic<bool>> wake_pending = std::make_shared<std::atomic<bool>>(false);
  };

  Stream* stream(std::int32_t id);
  void open_stream(std::int32_t id);
  void close_stream(std::int32_t id);
  void dispatch(std::int32_t id);

 private:
  // Submits `response` (and its event stream, if any) on stream `id`.
  void respond(std::int32_t id, Response response, std::unique_ptr<core::ResponseStream> events);
  void receive(const char* data, std::size_t size);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void flush();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void poll_events(std::int32_t id);
  void on_wake(std::int32_t id);
  void shutdown();

  boost::beast::tcp_stream socket_;
  Router& router_;
  Peer peer_;
  ConnectionSlot slot_;
  nghttp2_session* session_ = nullptr;
  std::map<std::int32_t, Stream> streams_;
  std::array<char, 16384> read_buffer_{};
  std::string writing_;  // bytes of an async_write in progress
  bool write_pending_ = false;
  bool closed_ = false;
};

}  // namespace streamstack::server
