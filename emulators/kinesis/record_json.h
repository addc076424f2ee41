#pragma once
// Records and child shards as JSON 1.1 answers carry them: GetRecords and SubscribeToShard's
// events have the same Record and ChildShard shapes ([M] Record, ChildShard).
#include <nlohmann/json.hpp>
#include <string>

#include "kinesis/record_store.h"
#include "kinesis/stream_info.h"

namespace streamstack::kinesis {

// Appends one Record to `out` (after a comma unless `out` is empty), members in name order:
// ApproximateArrivalTimestamp (epoch seconds, millisecond fraction), Data (base64),
// EncryptionType (only "KMS": a record of an unencrypted stream has none, as AWS answers;
// LocalStack's recording of GetRecords against AWS), PartitionKey, SequenceNumber.
void append_record_json(const RecordView& record, std::string& out);

// The ChildShards of a closed shard: the shards its hash keys went to, for a reader at its end.
nlohmann::json child_shards_json(const StreamInfo& stream, const ShardInfo& parent);

}  // namespace streamstack::kinesis
