#include "listener.h"

#include "session.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <spdlog/spdlog.h>

namespace streamstack::server {

Listener::Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                   Router& router)
    : io_(io), acceptor_(boost::asio::make_strand(io)), router_(router) {
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
  });
}

std::uint16_t Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::do_accept() {
  acceptor_.async_accept(boost::asio::make_strand(io_),
                         [self = shared_from_this()](boost::system::error_code ec,
                                                     boost::asio::ip::tcp::socket socket) {
                           if (ec == boost::asio::error::operation_aborted) return;
                           if (!ec) {
                             std::make_shared<Session>(std::move(socket), self->router_)->start();
                           } else {
                             spdlog::warn("accept failed: {}", ec.message());
                           }
                           if (self->acceptor_.is_open()) self->do_accept();
                         });
}

}  // namespace streamstack::server
