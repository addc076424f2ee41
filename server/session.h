#pragma once
// One HTTP/1.1 connection: read a request, hand it to the router, write the answer, repeat while
// keep-alive holds (a connection that opens with HTTP/2's preface goes to H2Session instead).
// Limits: 16 MB body (413 as DynamoDB), 16 KB of headers (400 as DynamoDB), idle timeout.
// Responses are written as one buffer of bytes: Beast's serializer walked its buffer sequences
// for about a third of the instructions of a static answer. An event-stream answer is written
// as it is produced instead (session_stream.cpp).
#include "http_types.h"
#include "router.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>

#include <array>
#include <atomic>
#include <memory>
#include <optional>

namespace streamstack::server {

// The bytes of `response` on the wire: status line, header fields, body.
void serialize_response(const Response& response, std::string& out);

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, Router& router);
  void start();

 private:
  // Reads the first bytes: an HTTP/2 connection preface hands the connection to H2Session.
  void sniff();
  void on_sniff(boost::beast::error_code ec, std::size_t bytes);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void write(Response response);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void close();

  // session_stream.cpp: a response whose body is a core::ResponseStream.
  void start_stream(Response head, std::unique_ptr<core::ResponseStream> body);
  void poll_stream();
  void write_stream(std::string bytes, bool last);
  void on_stream_write(bool last, boost::beast::error_code ec, std::size_t bytes);
  void on_stream_wait(boost::beast::error_code ec);
  void on_stream_wake();
  void end_stream();
  void watch_peer();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string wire_;  // the response being written, as bytes
  Router& router_;
  Peer peer_;

  struct Streaming {
    std::unique_ptr<core::ResponseStream> body;
    boost::asio::steady_timer timer;
    bool chunked = true;     // HTTP/1.1; an HTTP/1.0 body ends when the connection closes
    bool waiting = false;    // on `timer`
    bool peer_gone = false;  // the client closed its side
    bool ended = false;
    std::shared_ptr<std::atomic<bool>> wake_pending = std::make_shared<std::atomic<bool>>(false);
    std::array<char, 512> peer_bytes{};  // what the client sends meanwhile, ignored
  };
  std::unique_ptr<Streaming> streaming_;
};

}  // namespace streamstack::server
