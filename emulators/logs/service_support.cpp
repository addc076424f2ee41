#include "logs/service_support.h"

#include "logs/errors.h"

namespace streamstack::logs::detail {

using nlohmann::json;

namespace {

core::ApiError serialization() { return logs_error("SerializationException", ""); }

}  // namespace

std::optional<std::string> string_input(const json& input, const char* key) {
  auto it = input.find(key);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw serialization();
  return it->get<std::string>();
}

std::optional<std::int64_t> integer_input(const json& input, const char* key) {
  auto it = input.find(key);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw serialization();
  return it->get<std::int64_t>();
}

bool boolean_input(const json& input, const char* key, bool fallback) {
  auto it = input.find(key);
  if (it == input.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) throw serialization();
  return it->get<bool>();
}

std::size_t limit_input(const json& input, std::int64_t max, std::int64_t fallback) {
  auto limit = integer_input(input, "limit");
  if (!limit) return static_cast<std::size_t>(fallback);
  if (*limit < 1 || *limit > max)
    throw invalid_parameter("1 validation error detected: Value '" + std::to_string(*limit) +
                            "' at 'limit' failed to satisfy constraint: Member must have value " +
                            (*limit < 1 ? "greater than or equal to 1" : "less than or equal to " + std::to_string(max)));
  return static_cast<std::size_t>(*limit);
}

std::string group_name_input(const json& input) {
  auto name = string_input(input, "logGroupName");
  auto identifier = string_input(input, "logGroupIdentifier");
  if (name && identifier)
    throw invalid_parameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  if (name) return *name;
  if (!identifier) throw invalid_parameter("Should provide either logGroupName or logGroupIdentifier.");
  // arn:aws:logs:<region>:<account>:log-group:<name>[:*]
  constexpr std::string_view kMarker = ":log-group:";
  auto at = identifier->find(kMarker);
  if (identifier->rfind("arn:", 0) != 0 || at == std::string::npos) return *identifier;
  auto group = identifier->substr(at + kMarker.size());
  if (group.size() >= 2 && group.compare(group.size() - 2, 2, ":*") == 0) group.resize(group.size() - 2);
  return group;
}

LogGroupRow require_group(LogStore& store, const core::RequestContext& context, const std::string& name) {
  auto group = store.find_group(context.scope(), name);
  if (!group) throw log_group_not_found();
  return *group;
}

std::string log_group_arn(const core::RequestContext& context, const std::string& name) {
  return "arn:aws:logs:" + context.region + ":" + context.account_id + ":log-group:" + name;
}

std::string log_stream_arn(const core::RequestContext& context, const std::string& group, const std::string& stream) {
  return log_group_arn(context, group) + ":log-stream:" + stream;
}

}  // namespace streamstack::logs::detail
