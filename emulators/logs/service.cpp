#include "logs/service.h"

#include "logs/errors.h"

namespace streamstack::logs {

LogsService::LogsService(store::Database& db) : store_(std::make_shared<LogStore>(db)) {}

std::shared_ptr<LambdaLogSink> LogsService::lambda_sink(LambdaLogSink::ScopeOf scope_of) {
  auto sink = std::make_shared<LambdaLogSink>(*store_, std::move(scope_of));
  sink_ = sink;
  return sink;
}

namespace {

constexpr std::string_view kOperations[] = {"CreateLogGroup",     "DeleteLogGroup", "DescribeLogGroups",
                                            "CreateLogStream",    "DescribeLogStreams", "PutLogEvents",
                                            "GetLogEvents",       "FilterLogEvents"};

}  // namespace

bool LogsService::has_operation(std::string_view operation) const {
  for (auto known : kOperations)
    if (operation == known) return true;
  return false;
}

nlohmann::json LogsService::invoke(const core::RequestContext& context, std::string_view operation,
                                   nlohmann::json& input) {
  // A read sees every function log line written before the request arrived.
  if (auto sink = sink_.lock()) sink->flush();
  if (operation == "CreateLogGroup") return create_log_group(context, input);
  if (operation == "DeleteLogGroup") return delete_log_group(context, input);
  if (operation == "DescribeLogGroups") return describe_log_groups(context, input);
  if (operation == "CreateLogStream") return create_log_stream(context, input);
  if (operation == "DescribeLogStreams") return describe_log_streams(context, input);
  if (operation == "PutLogEvents") return put_log_events(context, input);
  if (operation == "GetLogEvents") return get_log_events(context, input);
  if (operation == "FilterLogEvents") return filter_log_events(context, input);
  throw logs_error("UnknownOperationException", "");
}

}  // namespace streamstack::logs
