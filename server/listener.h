#pragma once
// Accepts connections and starts a Session for each, on its own strand. Past
// EdgeLimits::max_connections a new connection is answered 503 and closed. An accept that fails
// (out of file descriptors) is retried after a pause rather than at once, which would spin.
#include "edge_limits.h"
#include "router.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <memory>

namespace streamstack::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws std::system_error when the address cannot be bound.
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, Router& router,
           EdgeLimits limits = {});
  void start();
  void stop();
  std::uint16_t port() const;

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  Router& router_;
  EdgeLimits limits_;
  std::shared_ptr<std::atomic<std::size_t>> open_ = std::make_shared<std::atomic<std::size_t>>(0);
};

}  // namespace streamstack::server
