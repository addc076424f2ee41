#include "response_headers.h"

#include "core/base64.h"

#include <array>
#include <ctime>
#include <random>

namespace streamstack::server {
namespace {

// The IMF-fixdate of this second, formatted once a second per thread.
const std::string& http_date_now() {
  thread_local std::time_t second = -1;
  thread_local std::string text;
  std::time_t now = std::time(nullptr);
  if (now != second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    text = buffer;
    second = now;
  }
  return text;
}

}  // namespace

void stamp_date_and_server(Response& response) {
  if (response.find(http::field::date) == response.end()) response.set(http::field::date, http_date_now());
  if (response.find(http::field::server) == response.end()) response.set(http::field::server, "Server");
}

std::string new_extended_request_id() {
  thread_local std::mt19937_64 random(std::random_device{}());
  std::array<unsigned char, 72> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    auto value = random();
    for (std::size_t k = 0; k < 8; ++k) bytes[i + k] = static_cast<unsigned char>(value >> (8 * k));
  }
  return core::base64_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace streamstack::server
