#include "session.h"

#include "h2_session.h"
#include "response_headers.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <chrono>

namespace streamstack::server {
namespace {

constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;
// Request headers past 16 KB are answered 400, as DynamoDB answers them.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// A keep-alive connection may wait this long for its next request; a request's headers and body
// must arrive within it too.
constexpr auto kIdleTimeout = std::chrono::seconds(120);

Response plain_error(http::status status, unsigned version) {
  Response response{status, version};
  response.keep_alive(false);
  response.prepare_payload();
  stamp_date_and_server(response);
  return response;
}

}  // namespace

// The status line, the header fields as the response holds them (prepare_payload and
// keep_alive set Content-Length and Connection), and the body.
void serialize_response(const Response& response, std::string& out) {
  out.clear();
  const auto& body = response.body();
  out.reserve(256 + body.size());
  out += response.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.result_int());
  out += ' ';
  out += response.reason();
  out += "\r\n";
  for (const auto& field : response) {
    out += field.name_string();
    out += ": ";
    out += field.value();
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
}

Session::Session(boost::asio::ip::tcp::socket socket, Router& router)
    : stream_(std::move(socket)), router_(router) {
  boost::beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_.address = endpoint.address().to_string();
  stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
}

void Session::start() {
  boost::asio::dispatch(stream_.get_executor(),
                        boost::beast::bind_front_handler(&Session::sniff, shared_from_this()));
}

void Session::sniff() {
  stream_.expires_after(kIdleTimeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          boost::beast::bind_front_handler(&Session::on_sniff, shared_from_this()));
}

void Session::on_sniff(boost::beast::error_code ec, std::size_t bytes) {
  if (ec) return close();
  buffer_.commit(bytes);
  // h2c with prior knowledge (RFC 9113 section 3.3), as the AWS SDKs for JavaScript v3 and
  // Java open it to an http:// endpoint. No HTTP/1.x request starts with these bytes.
  constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  std::string_view seen(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  auto head = seen.substr(0, std::min(seen.size(), kPreface.size()));
  if (kPreface.substr(0, head.size()) != head) return do_read();  // HTTP/1.x, parsed from what was read
  if (seen.size() < kPreface.size()) return sniff();
  std::make_shared<H2Session>(std::move(stream_), router_, peer_)->start(std::string(seen));
}

void Session::do_read() {
  parser_.emplace();
  parser_->body_limit(kBodyLimit);
  parser_->header_limit(kHeaderLimit);
  stream_.expires_after(kIdleTimeout);
  http::async_read(stream_, buffer_, *parser_,
                   boost::beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(boost::beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) return write(plain_error(http::status::payload_too_large, 11));
  if (ec == http::error::header_limit) return write(plain_error(http::status::bad_request, 11));
  if (ec) return close();  // end of stream, timeout, or a malformed request line
  Request request = parser_->release();
  Response response;
  std::unique_ptr<core::ResponseStream> body;
  try {
    response = router_.handle(request, peer_, &body);
  } catch (const std::exception& e) {
    spdlog::error("request failed: {}", e.what());
    response = plain_error(http::status::internal_server_error, request.version());
    body.reset();
  }
  if (body) return start_stream(std::move(response), std::move(body));
  write(std::move(response));
}

void Session::write(Response response) {
  bool keep_alive = response.keep_alive();
  serialize_response(response, wire_);
  stream_.expires_after(kIdleTimeout);
  boost::asio::async_write(stream_, boost::asio::buffer(wire_),
                           boost::beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
}

void Session::on_write(bool keep_alive, boost::beast::error_code ec, std::size_t) {
  if (wire_.capacity() > 64 * 1024) std::string().swap(wire_);  // don't keep a large page's buffer
  if (ec || !keep_alive) return close();
  do_read();
}

void Session::close() {
  boost::beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace streamstack::server
