#pragma once
// Decides which service a request is for and turns its answer (or error) into HTTP.
// JSON services are chosen by the X-Amz-Target prefix (DynamoDB_20120810, Kinesis_20131202, ...);
// REST services and the server's own endpoints by path.
#include "core/json_service.h"
#include "http_types.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace streamstack::server {

// How one JSON service is spoken on the wire.
struct JsonBinding {
  core::JsonService* service;
  std::string content_type;  // application/x-amz-json-1.0 or -1.1
  bool crc32 = false;         // DynamoDB's x-amz-crc32 response header
};

class Router {
 public:
  Router();

  void add_json_service(std::string target_prefix, JsonBinding binding);

  Response handle(Request& request, const Peer& peer);

  // The JSON answer of GET /_streamstack/health.
  std::string health() const;

 private:
  Response handle_json(Request& request, const JsonBinding& binding, std::string_view operation,
                       const std::string& request_id);
  Response cors_preflight(const Request& request) const;

  std::map<std::string, JsonBinding, std::less<>> json_services_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace streamstack::server
