#include "listener.h"

#include "session.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <spdlog/spdlog.h>

namespace streamstack::server {
namespace {

constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

}  // namespace

Listener::Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, Router& router,
                   EdgeLimits limits)
    : io_(io), acceptor_(boost::asio::make_strand(io)), retry_(acceptor_.get_executor()), router_(router),
      limits_(limits) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
}

void Listener::start() { do_accept(); }

void Listener::stop() {
  boost::asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
    self->retry_.cancel();
  });
}

std::uint16_t Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::do_accept() {
  acceptor_.async_accept(boost::asio::make_strand(io_),
                         boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
  if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    spdlog::warn("accept failed: {}", ec.message());
    retry_.expires_after(kAcceptRetry);
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait) {
      if (!wait && self->acceptor_.is_open()) self->do_accept();
    });
    return;
  }
  if (open_->fetch_add(1) >= limits_.max_connections) {
    open_->fetch_sub(1);
    std::make_shared<Session>(std::move(socket), router_, limits_, ConnectionSlot())->refuse();
  } else {
    std::make_shared<Session>(std::move(socket), router_, limits_, ConnectionSlot(open_))->start();
  }
  do_accept();
}

}  // namespace streamstack::server
