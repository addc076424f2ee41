// Handlers behind the API Gateway integration tests' APIs:
//   echo.handler   answers 200 with the proxy event it received as the JSON body, so a test sees
//                  the event field for field
//   reply.handler  returns the request body, parsed as JSON, as its result: the test chooses the
//                  exact proxy response (or malformed answer) API Gateway has to map back
//   throw.handler  throws (Lambda's Unhandled function error)
//   sleep.handler  sleeps SLEEP_MS milliseconds (default 2000), then answers 200
#include <streamstack/handlers/sdk.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using nlohmann::json;
using streamstack::handlers::Context;
namespace api_gateway = streamstack::handlers::api_gateway;

json echo(const json& event, Context&) {
  return {{"statusCode", 200}, {"headers", {{"Content-Type", "application/json"}}}, {"body", event.dump()}};
}

json reply(const json& event, Context&) {
  auto body = api_gateway::body(event);
  if (!body) return nullptr;
  auto parsed = json::parse(*body, nullptr, false);
  // Not JSON: the text itself is the result, a bare JSON string.
  return parsed.is_discarded() ? json(*body) : parsed;
}

json fail(const json&, Context&) { throw std::runtime_error("the handler failed on purpose"); }

json sleep_then_answer(const json&, Context& context) {
  std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(context.env("SLEEP_MS", "2000"))));
  return {{"statusCode", 200}, {"body", "slept"}};
}

}  // namespace

STREAMSTACK_HANDLERS(registrar) {
  registrar.register_handler("echo.handler", echo);
  registrar.register_handler("reply.handler", reply);
  registrar.register_handler("throw.handler", fail);
  registrar.register_handler("sleep.handler", sleep_then_answer);
}
