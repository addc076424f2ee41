#pragma once
// Reading the operations' input and naming what they return.
#include "core/request_context.h"
#include "logs/log_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace streamstack::logs::detail {

std::optional<std::string> string_input(const nlohmann::json& input, const char* key);
std::optional<std::int64_t> integer_input(const nlohmann::json& input, const char* key);
bool boolean_input(const nlohmann::json& input, const char* key, bool fallback);
// `limit` within [1, max], `fallback` when absent; InvalidParameterException otherwise.
std::size_t limit_input(const nlohmann::json& input, std::int64_t max, std::int64_t fallback);

// The group named by logGroupName or logGroupIdentifier (a name or an ARN).
std::string group_name_input(const nlohmann::json& input);
// The group, or ResourceNotFoundException.
LogGroupRow require_group(LogStore& store, const core::RequestContext& context, const std::string& name);

std::string log_group_arn(const core::RequestContext& context, const std::string& name);
std::string log_stream_arn(const core::RequestContext& context, const std::string& group, const std::string& stream);

}  // namespace streamstack::logs::detail
