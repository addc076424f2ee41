#pragma once
// CloudWatch Logs over JSON 1.1 (X-Amz-Target: Logs_20140328.<Operation>): log groups, log
// streams, PutLogEvents, GetLogEvents and FilterLogEvents, the calls `aws logs` (its `tail`
// included, which polls FilterLogEvents) and the SDKs make to read a function's output.
#include "core/json_service.h"
#include "logs/lambda_log_sink.h"
#include "logs/log_store.h"

#include <memory>
#include <string_view>
#include <vector>

namespace streamstack::logs {

class LogsService : public core::JsonService {
 public:
  // `db` must be migrated with `migrations()` and outlive the service and its sink.
  explicit LogsService(store::Database& db);

  static std::vector<store::Migration> migrations() { return LogStore::migrations(); }

  nlohmann::json invoke(const core::RequestContext& context, std::string_view operation,
                        nlohmann::json& input) override;
  std::string_view error_prefix() const override { return ""; }
  bool has_operation(std::string_view operation) const override;

  // The sink that fills /aws/lambda/<name> (FunctionRegistry::set_log_sink); reads wait for
  // what it has queued. `scope_of` gives a function's "<account>/<region>".
  std::shared_ptr<LambdaLogSink> lambda_sink(LambdaLogSink::ScopeOf scope_of);

  std::shared_ptr<LogStore> store() { return store_; }

 private:
  using json = nlohmann::json;
  json create_log_group(const core::RequestContext& context, const json& input);
  json delete_log_group(const core::RequestContext& context, const json& input);
  json describe_log_groups(const core::RequestContext& context, const json& input);
  json create_log_stream(const core::RequestContext& context, const json& input);
  json describe_log_streams(const core::RequestContext& context, const json& input);
  json put_log_events(const core::RequestContext& context, const json& input);
  json get_log_events(const core::RequestContext& context, const json& input);
  json filter_log_events(const core::RequestContext& context, const json& input);

  std::shared_ptr<LogStore> store_;
  std::weak_ptr<LambdaLogSink> sink_;
};

}  // namespace streamstack::logs
