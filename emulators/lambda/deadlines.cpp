#include "lambda/deadlines.h"

#include <boost/asio/post.hpp>

namespace streamstack::lambda {

Deadlines::Deadlines() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

Deadlines::~Deadlines() {
  work_.reset();
  io_.stop();
  thread_.join();
}

Deadlines::Timer Deadlines::schedule(Clock::time_point at, std::function<void()> expired) {
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, at);
  // The handler owns the timer until it runs (expired or cancelled) or the io_context goes.
  timer->async_wait([timer, expired = std::move(expired)](const boost::system::error_code& ec) {
    if (!ec) expired();
  });
  return timer;
}

void Deadlines::cancel(const Timer& timer) {
  if (!timer) return;
  // A timer is not safe to touch from two threads: cancel it on the thread that runs it.
  boost::asio::post(io_, [timer] { timer->cancel(); });
}

}  // namespace streamstack::lambda
