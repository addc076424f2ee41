#include "lambda/event_source_mapping.h"

namespace streamstack::lambda {

std::string EventSourceMapping::function_arn() const {
  return "arn:aws:lambda:" + region + ":" + account + ":function:" + function_name;
}

std::string EventSourceMapping::mapping_arn() const {
  return "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + uuid;
}

nlohmann::json EventSourceMapping::to_json(const std::string& shown_state) const {
  nlohmann::json out = {
      {"UUID", uuid},
      {"BatchSize", batch_size},
      {"BisectBatchOnFunctionError", bisect_batch_on_function_error},
      {"DestinationConfig", destination_config.is_object() ? destination_config
                                                           : nlohmann::json{{"OnFailure", nlohmann::json::object()}}},
      {"EventSourceArn", event_source_arn},
      {"EventSourceMappingArn", mapping_arn()},
      {"FunctionArn", function_arn()},
      {"FunctionResponseTypes", report_batch_item_failures ? nlohmann::json::array({"ReportBatchItemFailures"})
                                                           : nlohmann::json::array()},
      {"LastModified", last_modified},
      {"LastProcessingResult", last_processing_result},
      {"MaximumBatchingWindowInSeconds", maximum_batching_window_in_seconds},
      {"MaximumRecordAgeInSeconds", maximum_record_age_in_seconds},
      {"MaximumRetryAttempts", maximum_retry_attempts},
      {"ParallelizationFactor", parallelization_factor},
      {"StartingPosition", starting_position},
      {"State", shown_state.empty() ? state : shown_state},
      {"StateTransitionReason", state_transition_reason},
      {"TumblingWindowInSeconds", tumbling_window_in_seconds},
  };
  if (starting_position_timestamp) out["StartingPositionTimestamp"] = *starting_position_timestamp;
  if (!filter_criteria.is_null()) out["FilterCriteria"] = filter_criteria;
  return out;
}

}  // namespace streamstack::lambda
