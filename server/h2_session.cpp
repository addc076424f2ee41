#include "h2_session.h"

#include <nghttp2/nghttp2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cstring>
#include <vector>

namespace streamstack::server {
namespace {

// As for HTTP/1.1 (session.cpp): a request body of more than 16 MB is answered 413.
constexpr std::size_t kBodyLimit = 16 * 1024 * 1024;
// Bytes gathered from nghttp2 into one socket write at most.
constexpr std::size_t kWriteBatch = 256 * 1024;

H2Session& self_of(void* user_data) { return *static_cast<H2Session*>(user_data); }

int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
    self_of(user_data).open_stream(frame->hd.stream_id);
  }
  return 0;
}

int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t name_length,
              const std::uint8_t* value, std::size_t value_length, std::uint8_t, void* user_data) {
  auto* stream = self_of(user_data).stream(frame->hd.stream_id);
  if (!stream) return 0;
  std::string_view n(reinterpret_cast<const char*>(name), name_length);
  std::string_view v(reinterpret_cast<const char*>(value), value_length);
  auto& request = stream->request;
  if (n == ":method") {
    request.method_string(v);
  } else if (n == ":path") {
    request.target(v);
  } else if (n == ":authority") {
    request.set(http::field::host, v);
  } else if (!n.empty() && n.front() != ':') {
    request.insert(n, v);
  }
  return 0;
}

int on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t* data,
                  std::size_t length, void* user_data) {
  auto* stream = self_of(user_data).stream(id);
  if (!stream) return 0;
  auto& body = stream->request.body();
  if (body.size() + length > kBodyLimit) {
    stream->too_large = true;
    return 0;
  }
  body.append(reinterpret_cast<const char*>(data), length);
  return 0;
}

int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  bool request_end = (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
                     (frame->hd.flags & NGHTTP2_FLAG_END_STREAM);
  if (request_end) self_of(user_data).dispatch(frame->hd.stream_id);
  return 0;
}

int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t, void* user_data) {
  self_of(user_data).close_stream(id);
  return 0;
}

// Hands nghttp2 the answer's next bytes; an event stream with nothing new defers until it has.
ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buffer, std::size_t length,
                  std::uint32_t* flags, nghttp2_data_source*, void* user_data) {
  auto* stream = self_of(user_data).stream(id);
  if (!stream) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    return 0;
  }
  std::size_t n = std::min(length, stream->out.size() - stream->out_at);
  std::memcpy(buffer, stream->out.data() + stream->out_at, n);
  stream->out_at += n;
  if (stream->out_at == stream->out.size()) {
    stream->out.clear();
    stream->out_at = 0;
    if (stream->out_ended) {
      *flags |= NGHTTP2_DATA_FLAG_EOF;
    } else if (n == 0) {
      stream->deferred = true;
      return NGHTTP2_ERR_DEFERRED;
    }
  }
  return static_cast<ssize_t>(n);
}

// HTTP/1.1's connection-level fields have no place in HTTP/2 (RFC 9113 section 8.2.2).
bool connection_specific(std::string_view name) {
  return name == "connection" || name == "keep-alive" || name == "transfer-encoding" || name == "upgrade" ||
         name == "proxy-connection";
}

}  // namespace

H2Session::H2Session(boost::beast::tcp_stream stream, Router& router, Peer peer, ConnectionSlot slot)
    : socket_(std::move(stream)), router_(router), peer_(std::move(peer)), slot_(std::move(slot)) {}

H2Session::~H2Session() {
  streams_.clear();
  if (session_) nghttp2_session_del(session_);
}

void H2Session::start(std::string received) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  int rv = nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (rv != 0) return shutdown();
  nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 128}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
  // An open event stream may leave the connection quiet for minutes; the client ends it.
  socket_.expires_never();
  receive(received.data(), received.size());
  do_read();
}

H2Session::Stream* H2Session::stream(std::int32_t id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : &it->second;
}

void H2Session::open_stream(std::int32_t id) {
  auto& stream = streams_[id];
  stream.request.version(11);
}

void H2Session::close_stream(std::int32_t id) { streams_.erase(id); }

void H2Session::dispatch(std::int32_t id) {
  auto* stream = this->stream(id);
  if (!stream) return;
  std::optional<Response> response;
  std::unique_ptr<core::ResponseStream> events;
  if (stream->too_large) {
    response = Response{http::status::payload_too_large, 11};
  } else {
    // Weak: the connection's pending read keeps the session; once it is gone, so is the stream.
    auto later = [weak = weak_from_this(), id](Response answer) {
      auto self = weak.lock();
      if (!self) return;
      boost::asio::post(self->socket_.get_executor(), [self, id, answer = std::move(answer)]() mutable {
        self->respond(id, std::move(answer), nullptr);
        self->flush();
      });
    };
    try {
      response = router_.handle(stream->request, peer_, later, &events);
    } catch (const std::exception& e) {
      spdlog::error("request failed: {}", e.what());
      response = Response{http::status::internal_server_error, 11};
      events.reset();
    }
  }
  if (response) respond(id, std::move(*response), std::move(events));
}

void H2Session::respond(std::int32_t id, Response response, std::unique_ptr<core::ResponseStream> events) {
  auto* stream = this->stream(id);
  if (closed_ || !stream) return;  // the client reset the stream, or left, while it waited
  if (!events) response.prepare_payload();

  std::vector<std::pair<std::string, std::string>> fields{{":status", std::to_string(response.result_int())}};
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!connection_specific(name)) fields.emplace_back(std::move(name), std::string(field.value()));
  }
  std::vector<nghttp2_nv> nv;
  for (auto& [name, value] : fields) {
    nv.push_back({reinterpret_cast<std::uint8_t*>(name.data()), reinterpret_cast<std::uint8_t*>(value.data()),
                  name.size(), value.size(), NGHTTP2_NV_FLAG_NONE});
  }
  stream->out = std::move(response.body());
  stream->out_ended = !events;
  nghttp2_data_provider provider{};
  provider.read_callback = read_body;
  bool has_body = events || !stream->out.empty();
  nghttp2_submit_response(session_, id, nv.data(), nv.size(), has_body ? &provider : nullptr);
  if (!events) return;

  stream->events = std::move(events);
  stream->timer = std::make_unique<boost::asio::steady_timer>(socket_.get_executor());
  auto executor = socket_.get_executor();
  std::weak_ptr<H2Session> weak = weak_from_this();
  stream->events->set_wake([executor, weak, id, pending = stream->wake_pending] {
    if (pending->exchange(true)) return;
    boost::asio::post(executor, [weak, id] {
      if (auto self = weak.lock()) self->on_wake(id);
    });
  });
  // Polled after the HEADERS are on their way (flush() runs when the receive returns).
  boost::asio::post(executor, [self = shared_from_this(), id] { self->poll_events(id); });
}

void H2Session::poll_events(std::int32_t id) {
  auto* stream = this->stream(id);
  if (closed_ || !stream || !stream->events) return;
  stream->wake_pending->store(false);
  core::ResponseStream::Chunk chunk;
  try {
    chunk = stream->events->poll();
  } catch (const std::exception& e) {
    spdlog::error("event stream failed: {}", e.what());
    chunk = {"", true, {}};
  }
  bool wrote = !chunk.bytes.empty();
  stream->out += chunk.bytes;
  if (chunk.last) {
    stream->out_ended = true;
    stream->events.reset();  // the subscription ends now
  }
  if ((wrote || chunk.last) && stream->deferred) {
    stream->deferred = false;
    nghttp2_session_resume_data(session_, id);
  }
  if (!chunk.last) {
    stream->waiting = true;
    stream->timer->expires_after(wrote ? std::chrono::milliseconds(0) : chunk.wait);
    stream->timer->async_wait([self = shared_from_this(), id](boost::beast::error_code) {
      if (auto* s = self->stream(id)) {
        s->waiting = false;
        self->poll_events(id);
      }
    });
  }
  flush();
}

void H2Session::on_wake(std::int32_t id) {
  auto* stream = this->stream(id);
  if (stream && stream->waiting) stream->timer->cancel();
}

void H2Session::receive(const char* data, std::size_t size) {
  if (closed_) return;
  auto rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const std::uint8_t*>(data), size);
  if (rv < 0) {
    spdlog::debug("HTTP/2 from {}: {}", peer_.address, nghttp2_strerror(static_cast<int>(rv)));
    return shutdown();
  }
  flush();
}

void H2Session::do_read() {
  if (closed_) return;
  socket_.async_read_some(boost::asio::buffer(read_buffer_),
                          boost::beast::bind_front_handler(&H2Session::on_read, shared_from_this()));
}

void H2Session::on_read(boost::beast::error_code ec, std::size_t bytes) {
  if (ec) return shutdown();  // the client went away: its streams (and subscriptions) end
  receive(read_buffer_.data(), bytes);
  do_read();
}

void H2Session::flush() {
  if (closed_ || write_pending_) return;
  writing_.clear();
  while (writing_.size() < kWriteBatch) {
    const std::uint8_t* data = nullptr;
    auto n = nghttp2_session_mem_send(session_, &data);
    if (n < 0) return shutdown();
    if (n == 0) break;
    writing_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
  }
  if (writing_.empty()) {
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) shutdown();
    return;
  }
  write_pending_ = true;
  boost::asio::async_write(socket_, boost::asio::buffer(writing_),
                           boost::beast::bind_front_handler(&H2Session::on_write, shared_from_this()));
}

void H2Session::on_write(boost::beast::error_code ec, std::size_t) {
  write_pending_ = false;
  if (ec) return shutdown();
  flush();
}

void H2Session::shutdown() {
  if (closed_) return;
  closed_ = true;
  streams_.clear();
  boost::beast::error_code ec;
  socket_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  socket_.socket().close(ec);
}

}  // namespace streamstack::server
