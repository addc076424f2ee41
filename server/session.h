#pragma once
// One HTTP/1.1 connection: read a request, hand it to the router, write the answer, repeat while
// keep-alive holds. Limits: 16 MB body (413 as DynamoDB), 64 KB of headers, idle timeout.
// Responses are written as one buffer of bytes: Beast's serializer walked its buffer sequences
// for about a third of the instructions of a static answer.
#include "http_types.h"
#include "router.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>

#include <memory>
#include <optional>

namespace streamstack::server {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, Router& router);
  void start();

 private:
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void write(Response response);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string wire_;  // the response being written, as bytes
  Router& router_;
  Peer peer_;
};

}  // namespace streamstack::server
