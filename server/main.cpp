// streamstack: one process, one port, the wire protocols of the AWS services it emulates.
#include "app.h"
#include "listener.h"
#include "logging.h"
#include "options.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <malloc.h>
#include <sys/resource.h>

#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

using namespace streamstack;

namespace {

// File descriptors kept beyond the connections: the store, handler libraries, log files.
constexpr rlim_t kReservedDescriptors = 256;

// Raises the soft limit of open files as far as `connections` need (the hard limit allows it
// without privileges); lowers the cap when even the hard limit is too low.
std::size_t fit_connections(std::size_t connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return connections;
  rlim_t wanted = static_cast<rlim_t>(connections) + kReservedDescriptors;
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur >= wanted) return connections;
  auto fit = limit.rlim_cur > kReservedDescriptors * 2 ? limit.rlim_cur - kReservedDescriptors : limit.rlim_cur / 2;
  spdlog::info("--max-connections {} needs {} open files and the limit is {}: at most {} connections", connections,
               wanted, limit.rlim_cur, fit);
  return static_cast<std::size_t>(fit);
}

}  // namespace

int main(int argc, char** argv) {
  // Large answers (a GetRecords or Query page is megabytes) were each given fresh pages by mmap
  // and returned at free: the page faults of filling them cost more than building the answer.
  // Kept in the heap instead, they are reused by the next large answer.
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
  int exit_code = 0;
  auto options = server::parse_options(argc, argv, exit_code);
  if (!options) return exit_code;
  server::setup_logging(options->log_level, options->log_format);

  try {
    server::App app(*options);
    app.apply_config();

    unsigned threads = options->threads ? options->threads : std::max(1u, std::thread::hardware_concurrency());
    boost::asio::io_context io(static_cast<int>(threads));

    auto address = boost::asio::ip::make_address(options->host);
    server::EdgeLimits limits{.header_timeout = std::chrono::milliseconds(options->header_timeout_ms),
                              .max_connections = fit_connections(options->max_connections)};
    auto listener = std::make_shared<server::Listener>(io, boost::asio::ip::tcp::endpoint(address, options->port),
                                                       app.router(), limits);
    listener->start();
    auto port = listener->port();
    std::string host = address.is_v6() ? "[" + options->host + "]" : options->host;
    std::cout << "streamstack listening on http://" << host << ":" << port << std::endl;
    // Like `cdk deploy`'s Outputs: URLs to paste into Postman or curl.
    bool any_address = options->host == "0.0.0.0" || options->host == "::" || options->host == "127.0.0.1";
    auto outputs = app.outputs("http://" + (any_address ? std::string("localhost") : host) + ":" +
                               std::to_string(port));
    if (!outputs.empty()) {
      std::cout << "Outputs:\n";
      for (const auto& o : outputs) std::cout << o.name << " = " << o.value << "\n";
    }
    for (const auto& arn : app.stack_arns()) std::cout << "Stack ARN:\n" << arn << "\n";
    std::cout << std::flush;
    if (!options->ready_file.empty()) std::ofstream(options->ready_file) << port << "\n";

    // A graceful stop: no new connections, requests already running finish (each runs to its
    // end on its thread; storage commits are never cut), then the store closes cleanly.
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    boost::asio::steady_timer grace(io);
    signals.async_wait([&](boost::system::error_code, int signal) {
      spdlog::info("signal {}: stopping", signal);
      listener->stop();
      grace.expires_after(std::chrono::milliseconds(100));
      grace.async_wait([&](boost::system::error_code) { io.stop(); });
    });

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& t : pool) t.join();
    // Before the io_context goes: from here no function's result is handed to a session.
    app.stop();
    spdlog::info("stopped");
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    std::cerr << "streamstack: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
