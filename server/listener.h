#pragma once
// Accepts connections and starts a Session for each, on its own strand.
#include "router.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace streamstack::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws std::system_error when the address cannot be bound.
  Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, Router& router);
  void start();
  void stop();
  std::uint16_t port() const;

 private:
  void do_accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  Router& router_;
};

}  // namespace streamstack::server
