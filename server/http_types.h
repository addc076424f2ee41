#pragma once
#include <boost/beast/http.hpp>

namespace streamstack::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// What the router knows of the connection a request came on.
struct Peer {
  std::string address;
};

}  // namespace streamstack::server
