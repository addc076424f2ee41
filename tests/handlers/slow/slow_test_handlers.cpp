// gate.handler  a function held until the test opens its gate: on entry it creates
//               $GATE_DIR/entered-<request id> (so a test knows how many are in flight), then
//               waits until $GATE_DIR/open exists (or its deadline passes, when Lambda has
//               answered its timeout anyway). It answers as a Lambda proxy integration would:
//               200 with the body "released <n>", n the event's query parameter "n" (API
//               Gateway) or its member "n" (Invoke), so each caller can tell its own answer.
#include <streamstack/handlers/sdk.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace {

using nlohmann::json;

std::string n_of(const json& event) {
  if (auto q = event.find("queryStringParameters"); q != event.end() && q->is_object() && q->contains("n"))
    return (*q)["n"].get<std::string>();
  if (auto n = event.find("n"); n != event.end()) return n->is_string() ? n->get<std::string>() : n->dump();
  return "";
}

json gate(const json& event, streamstack::handlers::Context& context) {
  std::filesystem::path dir = context.env("GATE_DIR", "");
  std::ofstream(dir / ("entered-" + context.aws_request_id)).put('\n');
  while (!std::filesystem::exists(dir / "open") && context.get_remaining_time_in_millis() > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return {{"statusCode", 200}, {"headers", {{"Content-Type", "text/plain"}}}, {"body", "released " + n_of(event)}};
}

}  // namespace

STREAMSTACK_HANDLERS(registrar) { registrar.register_handler("gate.handler", gate); }
