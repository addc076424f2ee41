#include "session.h"

#include "h2_session.h"
#include "response_headers.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace streamstack::server {
namespace {

constexpr std::uint64_t kBodyLimit = 16 * 1024 * 1024;
// Request headers past 16 KB are answered 400, as DynamoDB answers them.
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// A keep-alive connection may wait this long for its next request's first byte; a body must
// keep arriving within it too.
constexpr auto kIdleTimeout = std::chrono::seconds(120);
// Reads of a client's bytes after an early answer, and of a closing connection.
constexpr std::size_t kReadChunk = 16384;
constexpr std::uint64_t kDrainLimit = 64 * 1024 * 1024;
constexpr auto kDrainQuiet = std::chrono::seconds(5);
constexpr auto kLinger = std::chrono::seconds(2);

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

Response plain_error(http::status status, unsigned version) {
  Response response{status, version};
  response.keep_alive(false);
  response.prepare_payload();
  stamp_date_and_server(response);
  return response;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
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

Session::Session(boost::asio::ip::tcp::socket socket, Router& router, EdgeLimits limits, ConnectionSlot slot)
    : stream_(std::move(socket)),
      answer_wait_(stream_.get_executor()),
      router_(router),
      limits_(limits),
      slot_(std::move(slot)) {
  boost::beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_.address = endpoint.address().to_string();
  stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
}

void Session::start() {
  boost::asio::dispatch(stream_.get_executor(),
                        boost::beast::bind_front_handler(&Session::sniff, shared_from_this()));
}

void Session::refuse() {
  // No request has been read, so no service can answer in its own words: a plain 503, which the
  // SDKs retry, and the connection closes.
  Response response{http::status::service_unavailable, 11};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::retry_after, "1");
  response.body() = R"({"message":"Too many connections: the server's connection limit is reached"})";
  response.keep_alive(false);
  response.prepare_payload();
  stamp_date_and_server(response);
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this(), response = std::move(response)]() mutable {
    self->write(std::move(response), After::kClose);
  });
}

void Session::sniff() {
  stream_.expires_after(kIdleTimeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          boost::beast::bind_front_handler(&Session::on_sniff, shared_from_this()));
}

void Session::on_sniff(boost::beast::error_code ec, std::size_t bytes) {
  if (ec) return;  // gone or idle: nothing to answer
  buffer_.commit(bytes);
  // h2c with prior knowledge (RFC 9113 section 3.3), as the AWS SDKs for JavaScript v3 and
  // Java open it to an http:// endpoint. No HTTP/1.x request starts with these bytes.
  constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  std::string_view seen(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  auto head = seen.substr(0, std::min(seen.size(), kPreface.size()));
  if (kPreface.substr(0, head.size()) != head) return do_read();  // HTTP/1.x, parsed from what was read
  if (seen.size() < kPreface.size()) return sniff();
  std::make_shared<H2Session>(std::move(stream_), router_, peer_, std::move(slot_))->start(std::string(seen));
}

void Session::do_read() {
  parser_.emplace();
  parser_->body_limit(kBodyLimit);
  parser_->header_limit(kHeaderLimit);
  if (buffer_.size() > 0) return read_header();  // pipelined, or read by sniff()
  stream_.expires_after(kIdleTimeout);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          boost::beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
}

void Session::on_first_bytes(boost::beast::error_code ec, std::size_t bytes) {
  if (ec) return;  // the client closed, or stayed idle past the timeout
  buffer_.commit(bytes);
  read_header();
}

void Session::read_header() {
  stream_.expires_after(limits_.header_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          boost::beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(boost::beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) return refuse_request(http::status::payload_too_large);
  if (ec == http::error::header_limit) return refuse_request(http::status::bad_request);
  if (ec == boost::beast::error::timeout) return;  // headers too slow: closed without an answer
  if (ec) return close();                          // a malformed request, or the client went away
  const auto& head = parser_->get();
  auto expect = head.find(http::field::expect);
  // RFC 9110 section 10.1.1: only an HTTP/1.1 client waits for 100 Continue; an HTTP/1.0 one
  // sends its body regardless.
  if (expect != head.end() && head.version() >= 11 && iequals(expect->value(), "100-continue") &&
      !parser_->is_done()) {
    wire_.assign(kContinue);
    stream_.expires_after(kIdleTimeout);
    boost::asio::async_write(stream_, boost::asio::buffer(wire_),
                             [self = shared_from_this()](boost::beast::error_code ec, std::size_t) {
                               if (ec) return;
                               self->read_body();
                             });
    return;
  }
  read_body();
}

void Session::read_body() {
  if (parser_->is_done()) return handle_request();
  stream_.expires_after(kIdleTimeout);
  http::async_read(stream_, buffer_, *parser_, boost::beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(boost::beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) return refuse_request(http::status::payload_too_large);
  if (ec) return close();  // end of stream, timeout, or a malformed body
  handle_request();
}

Router::Later Session::later() {
  // Weak: the wait below keeps the session, and so its io_context, alive; once either is gone
  // (the server stopped) the answer has nowhere to go.
  return [weak = weak_from_this()](Response response) {
    auto self = weak.lock();
    if (!self) return;
    boost::asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->answer_wait_.cancel();
      auto after = response.keep_alive() ? After::kNextRequest : After::kClose;
      self->write(std::move(response), after);
    });
  };
}

void Session::handle_request() {
  Request request = parser_->release();
  std::optional<Response> response;
  std::unique_ptr<core::ResponseStream> body;
  try {
    response = router_.handle(request, peer_, later(), &body);
  } catch (const std::exception& e) {
    spdlog::error("request failed: {}", e.what());
    response = plain_error(http::status::internal_server_error, request.version());
    body.reset();
  }
  if (!response) {
    // Answered later (it waits on a function). The socket has nothing pending meanwhile, so no
    // timeout runs; this wait is what keeps the session.
    stream_.expires_never();
    answer_wait_.expires_at(boost::asio::steady_timer::time_point::max());
    answer_wait_.async_wait([self = shared_from_this()](boost::beast::error_code) {});
    return;
  }
  if (body) return start_stream(std::move(*response), std::move(body));
  bool keep_alive = response->keep_alive();
  write(std::move(*response), keep_alive ? After::kNextRequest : After::kClose);
}

void Session::refuse_request(http::status status) {
  const auto& head = parser_->get();
  // What the client is still to send: the rest of a declared body, nothing if it waits for
  // 100 Continue (it will not send the body now), else unknown (chunked, or headers cut short).
  std::uint64_t remaining = kDrainLimit;
  auto expect = head.find(http::field::expect);
  if (expect != head.end() && iequals(expect->value(), "100-continue")) {
    remaining = 0;
  } else if (auto length = parser_->content_length(); length && status == http::status::payload_too_large) {
    remaining = *length > buffer_.size() ? *length - buffer_.size() : 0;
  }
  discarded_ = 0;
  drain_budget_ = remaining;
  write(plain_error(status, head.version() ? head.version() : 11), remaining ? After::kDrainThenClose : After::kClose);
}

void Session::write(Response response, After after) {
  serialize_response(response, wire_);
  write_bytes(after);
}

void Session::write_bytes(After after) {
  stream_.expires_after(kIdleTimeout);
  boost::asio::async_write(stream_, boost::asio::buffer(wire_),
                           boost::beast::bind_front_handler(&Session::on_write, shared_from_this(), after));
}

void Session::on_write(After after, boost::beast::error_code ec, std::size_t) {
  if (wire_.capacity() > 64 * 1024) std::string().swap(wire_);  // don't keep a large page's buffer
  if (ec) return;
  switch (after) {
    case After::kNextRequest:
      return do_read();
    case After::kClose:
      return close();
    case After::kDrainThenClose:
      return drain(drain_budget_);
  }
}

void Session::drain(std::uint64_t remaining) {
  buffer_.consume(buffer_.size());
  if (remaining == 0 || discarded_ >= kDrainLimit) return close();
  stream_.expires_after(kDrainQuiet);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this(), remaining](boost::beast::error_code ec, std::size_t bytes) {
                            if (ec) return self->close();
                            self->discarded_ += bytes;
                            self->drain(bytes >= remaining ? 0 : remaining - bytes);
                          });
}

void Session::close() {
  boost::beast::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) return;
  linger();
}

void Session::linger() {
  // Until the client's end of stream (or the timeout): the session, and its socket, end then.
  buffer_.consume(buffer_.size());
  stream_.expires_after(kLinger);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          [self = shared_from_this()](boost::beast::error_code ec, std::size_t bytes) {
                            if (ec) return;
                            self->discarded_ += bytes;
                            if (self->discarded_ < kDrainLimit) self->linger();
                          });
}

}  // namespace streamstack::server
