#pragma once
// An event source mapping: which stream feeds which function, and how (batching, starting
// position, retries, bisect, partial batch responses, filters). The configuration as the Lambda
// API shows it (EventSourceMappingConfiguration) is derived from this struct.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace streamstack::lambda {

struct EventSourceMapping {
  std::string uuid;
  std::string scope;  // account/region
  std::string region;
  std::string account;
  std::string function_name;
  std::string event_source_arn;
  std::string starting_position;  // TRIM_HORIZON | LATEST | AT_TIMESTAMP
  std::optional<double> starting_position_timestamp;
  int batch_size = 100;
  int maximum_batching_window_in_seconds = 0;
  int parallelization_factor = 1;
  int maximum_retry_attempts = -1;        // -1: until the record expires, as AWS
  int maximum_record_age_in_seconds = -1; // -1: no limit
  bool bisect_batch_on_function_error = false;
  bool report_batch_item_failures = false;
  int tumbling_window_in_seconds = 0;
  nlohmann::json filter_criteria;     // null when absent or empty
  nlohmann::json destination_config;  // {"OnFailure":{...}}
  bool enabled = true;
  std::string state = "Enabled";  // as stored: Enabled | Disabled
  std::string state_transition_reason = "User action";
  std::string last_processing_result = "No records processed";
  double last_modified = 0;

  bool is_kinesis() const { return event_source_arn.rfind("arn:aws:kinesis:", 0) == 0; }
  std::string function_arn() const;
  std::string mapping_arn() const;
  // The API's EventSourceMappingConfiguration; `shown_state` overrides State (Creating,
  // Updating, Deleting are shown in the answer of the call that caused them).
  nlohmann::json to_json(const std::string& shown_state = "") const;
};

}  // namespace streamstack::lambda
