#include "kinesis/service.h"

#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/validation.h"

#include <algorithm>
#include <array>
#include <cstdlib>

namespace streamstack::kinesis {
namespace {

using Operation = nlohmann::json (*)(Env&, const Context&, nlohmann::json&);

struct Entry {
  std::string_view name;
  Operation run;
};

// Sorted by name.
constexpr std::array kOperations = {
    Entry{"AddTagsToStream", add_tags_to_stream},
    Entry{"CreateStream", create_stream},
    Entry{"DecreaseStreamRetentionPeriod", decrease_stream_retention_period},
    Entry{"DeleteStream", delete_stream},
    Entry{"DeregisterStreamConsumer", deregister_stream_consumer},
    Entry{"DescribeLimits", describe_limits},
    Entry{"DescribeStream", describe_stream},
    Entry{"DescribeStreamConsumer", describe_stream_consumer},
    Entry{"DescribeStreamSummary", describe_stream_summary},
    Entry{"GetRecords", get_records},
    Entry{"GetShardIterator", get_shard_iterator},
    Entry{"IncreaseStreamRetentionPeriod", increase_stream_retention_period},
    Entry{"ListShards", list_shards},
    Entry{"ListStreamConsumers", list_stream_consumers},
    Entry{"ListStreams", list_streams},
    Entry{"ListTagsForStream", list_tags_for_stream},
    Entry{"MergeShards", merge_shards},
    Entry{"PutRecord", put_record},
    Entry{"PutRecords", put_records},
    Entry{"RegisterStreamConsumer", register_stream_consumer},
    Entry{"RemoveTagsFromStream", remove_tags_from_stream},
    Entry{"SplitShard", split_shard},
    Entry{"UpdateShardCount", update_shard_count},
};

}  // namespace

namespace {

// STREAMSTACK_KINESIS_ERROR_PERCENT (0-100) turns on random per-record throttling in
// PutRecords, for testing a producer's handling of partial failures; AWS never does this on
// its own and neither do we by default.
Options with_environment(Options options) {
  const char* percent = std::getenv("STREAMSTACK_KINESIS_ERROR_PERCENT");
  if (percent != nullptr && options.throughput_error_percent == 0) {
    options.throughput_error_percent = std::clamp(std::atoi(percent), 0, 100);
  }
  return options;
}

}  // namespace

KinesisService::KinesisService(store::Database& db, Options options)
    : options_(with_environment(options)), catalog_(db), env_{catalog_, options_} {}

nlohmann::json KinesisService::invoke(const core::RequestContext& context,
                                      std::string_view operation, nlohmann::json& input) {
  auto it = std::lower_bound(kOperations.begin(), kOperations.end(), operation,
                             [](const Entry& e, std::string_view name) { return e.name < name; });
  // AWS answers an operation it does not know with the bare type and no message.
  if (it == kOperations.end() || it->name != operation) {
    throw kinesis_error("UnknownOperationException", "");
  }
  // A list where the request structure belongs gets the parser's words for any misplaced list;
  // a bare value gets the bare type (kinesalite index.js, against AWS).
  if (input.is_array()) throw serialization_error("Start of list found where not expected");
  if (!input.is_object()) throw serialization_error("");
  validate_request(operation, input, context.protocol);
  return it->run(env_, context, input);
}

}  // namespace streamstack::kinesis
