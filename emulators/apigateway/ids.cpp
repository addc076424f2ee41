#include "apigateway/ids.h"

#include "core/clock.h"

#include <cstdio>
#include <random>

namespace streamstack::apigateway {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

std::string random_from(std::string_view alphabet, std::size_t length) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out(length, ' ');
  for (auto& c : out) c = alphabet[pick(generator())];
  return out;
}

}  // namespace

std::string random_id(std::size_t length) {
  return random_from("abcdefghijklmnopqrstuvwxyz0123456789", length);
}

std::string new_extended_request_id() {
  return random_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 15) + "=";
}

std::string new_trace_id() {
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08llx",
                static_cast<unsigned long long>(core::Clock::now_millis() / 1000));
  return std::string("Root=1-") + epoch + "-" + random_from("0123456789abcdef", 24);
}

bool valid_rest_api_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace streamstack::apigateway
