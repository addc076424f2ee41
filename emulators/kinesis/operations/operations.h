#pragma once
// The operations, each validated input in, output shape out (a null output is a void operation:
// HTTP 200 with an empty body, as AWS answers CreateStream). Grouped in files by subject.
#include "core/response_stream.h"
#include "kinesis/operations/common.h"

#include <memory>
#include <optional>
#include <string>

namespace streamstack::kinesis {

using nlohmann::json;
using Context = core::RequestContext;

// streams.cpp
json create_stream(Env&, const Context&, json& input);
json delete_stream(Env&, const Context&, json& input);
json describe_stream(Env&, const Context&, json& input);
json describe_stream_summary(Env&, const Context&, json& input);
json list_streams(Env&, const Context&, json& input);
json describe_limits(Env&, const Context&, json& input);
// retention.cpp
json increase_stream_retention_period(Env&, const Context&, json& input);
json decrease_stream_retention_period(Env&, const Context&, json& input);
// list_shards.cpp
json list_shards(Env&, const Context&, json& input);
// put_records.cpp
json put_record(Env&, const Context&, json& input);
json put_records(Env&, const Context&, json& input);
// get_shard_iterator.cpp
json get_shard_iterator(Env&, const Context&, json& input);
// get_records.cpp
json get_records(Env&, const Context&, json& input);
// resharding.cpp
json split_shard(Env&, const Context&, json& input);
json merge_shards(Env&, const Context&, json& input);
json update_shard_count(Env&, const Context&, json& input);
// tags.cpp
json add_tags_to_stream(Env&, const Context&, json& input);
json remove_tags_from_stream(Env&, const Context&, json& input);
json list_tags_for_stream(Env&, const Context&, json& input);
// account_settings.cpp
json describe_account_settings(Env&, const Context&, json& input);
json update_account_settings(Env&, const Context&, json& input);
// capacity.cpp
json update_stream_mode(Env&, const Context&, json& input);
json update_stream_warm_throughput(Env&, const Context&, json& input);
json update_max_record_size(Env&, const Context&, json& input);
// CreateStream's WarmThroughputMiBps: the rules of UpdateStreamWarmThroughput.
void check_create_warm_throughput(store::Connection& c, const Context& context, const std::string& mode,
                                  std::int64_t target);
// encryption.cpp
json start_stream_encryption(Env&, const Context&, json& input);
json stop_stream_encryption(Env&, const Context&, json& input);
// monitoring.cpp
json enable_enhanced_monitoring(Env&, const Context&, json& input);
json disable_enhanced_monitoring(Env&, const Context&, json& input);
// resource_policies.cpp
json put_resource_policy(Env&, const Context&, json& input);
json get_resource_policy(Env&, const Context&, json& input);
json delete_resource_policy(Env&, const Context&, json& input);
// resource_tags.cpp
json tag_resource(Env&, const Context&, json& input);
json untag_resource(Env&, const Context&, json& input);
json list_tags_for_resource(Env&, const Context&, json& input);
// consumers.cpp
json register_stream_consumer(Env&, const Context&, json& input);
json describe_stream_consumer(Env&, const Context&, json& input);
json list_stream_consumers(Env&, const Context&, json& input);
json deregister_stream_consumer(Env&, const Context&, json& input);
// The status (CREATING, ACTIVE, DELETING) of the stream's consumer with this ARN; nullopt when
// there is none.
std::optional<std::string> consumer_status(store::Connection& c, const StreamInfo& stream,
                                           const std::string& consumer_arn);
// subscribe_to_shard.cpp: the event stream of a subscription (JSON only: see there).
std::unique_ptr<core::ResponseStream> subscribe_to_shard(Env&, const Context&, json& input);

}  // namespace streamstack::kinesis
