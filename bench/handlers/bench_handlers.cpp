// Handlers that measure the dispatcher, for bench/streams.py.
//   probe.handler  for each record, appends "<seq> <entered epoch ns>" to $PROBE_FILE, where seq
//                  is the record's NewImage attribute "seq": when the change reached a handler.
//   count.handler  does nothing with its records but count them: appends "<total records seen>
//                  <epoch ns>" to $COUNT_FILE once per invocation.
#include <streamstack/handlers/sdk.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace {

using nlohmann::json;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::mutex file_mutex;

void append(const std::string& path, const std::string& text) {
  std::lock_guard lock(file_mutex);
  if (std::FILE* f = std::fopen(path.c_str(), "a")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
  }
}

json probe(const json& event, streamstack::handlers::Context& context) {
  auto entered = now_ns();  // first, so the file write is not measured
  std::string lines;
  for (const auto& record : event.at("Records")) {
    const auto& image = record.at("dynamodb").at("NewImage");
    lines += image.at("seq").at("N").get<std::string>() + " " + std::to_string(entered) + "\n";
  }
  append(context.env("PROBE_FILE"), lines);
  return nullptr;
}

std::atomic<std::int64_t> counted{0};

json count(const json& event, streamstack::handlers::Context& context) {
  auto total = counted += static_cast<std::int64_t>(event.at("Records").size());
  append(context.env("COUNT_FILE"), std::to_string(total) + " " + std::to_string(now_ns()) + "\n");
  return nullptr;
}

}  // namespace

STREAMSTACK_HANDLERS(registrar) {
  registrar.register_handler("probe.handler", probe);
  registrar.register_handler("count.handler", count);
}
