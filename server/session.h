#pragma once
// One HTTP/1.1 connection: read a request, hand it to the router, write the answer, repeat while
// keep-alive holds (a connection that opens with HTTP/2's preface goes to H2Session instead).
// Requests are read one at a time, so pipelined requests are answered in the order they came;
// an answer that waits on a function (the router answers it later) holds the next request back,
// but no thread: the session has nothing pending then, and writes the answer when it is posted.
//
// The edge, request by request:
//   - a keep-alive connection waits up to 120 s for a request's first byte; from there the
//     headers must arrive within the header timeout (10 s), so connections that send half a
//     header are closed soon, holding no thread meanwhile;
//   - `Expect: 100-continue` (HTTP/1.1) is answered 100 Continue before the body is read;
//   - chunked bodies are read as Beast parses them; HTTP/1.0 closes after each answer unless the
//     request asked for keep-alive;
//   - a body over 16 MB (413, as DynamoDB) or headers over 16 KB (400, as DynamoDB) are answered at once, then
//     what the client still sends is read and discarded (up to 64 MB) before the connection
//     closes, so a client busy writing gets the answer instead of a reset (EPIPE);
//   - every close is a lingering one: our side shuts down, then the socket is read until the
//     client closes too (or 2 s pass), so nothing unread makes the kernel reset the connection.
// Responses are written as one buffer of bytes: Beast's serializer walked its buffer sequences
// for about a third of the instructions of a static answer. An event-stream answer is written
// as it is produced instead (session_stream.cpp).
#include "edge_limits.h"
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
  Session(boost::asio::ip::tcp::socket socket, Router& router, EdgeLimits limits, ConnectionSlot slot);
  void start();
  // Over the connection cap: 503 Service Unavailable, then close.
  void refuse();

 private:
  // What follows a written answer.
  enum class After { kNextRequest, kClose, kDrainThenClose };

  // Reads the first bytes: an HTTP/2 connection preface hands the connection to H2Session.
  void sniff();
  void on_sniff(boost::beast::error_code ec, std::size_t bytes);
  // Waits (idle timeout) for the next request's first byte, unless it is buffered already.
  void do_read();
  void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
  void read_header();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_request();
  // An answer the router gives later, posted to this session's executor.
  Router::Later later();
  // 413 or 400 (headers too large): answered before the request is read, then what still comes
  // is discarded.
  void refuse_request(http::status status);
  void write(Response response, After after);
  void write_bytes(After after);
  void on_write(After after, boost::beast::error_code ec, std::size_t bytes);
  // Reads and discards up to `remaining` bytes the client still sends, then closes.
  void drain(std::uint64_t remaining);
  // Shuts our side down, then lingers until the client closes.
  void close();
  void linger();

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
  boost::asio::steady_timer answer_wait_;  // pending while the router's answer is to come
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string wire_;  // the response being written, as bytes
  Router& router_;
  EdgeLimits limits_;
  ConnectionSlot slot_;
  Peer peer_;
  std::uint64_t drain_budget_ = 0;  // what refuse_request() expects the client still to send
  std::uint64_t discarded_ = 0;     // by drain() and linger()

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
