"""Kinesis as AWS answers it today, through boto3 (botocore's current model): every operation of
the model is served, server-side encryption (KMS simulated), enhanced monitoring, capacity mode,
warm throughput and the account's billing commitment, records up to 10 MiB, resource policies
and ARN-addressed tags; the shapes of unencrypted answers, validation before lookup, tag rules,
sequence number decoding; and the lifecycle of a stream on its own schedule."""

import gzip
import json
import os
import time
import unittest

import botocore
import botocore.exceptions

import harness
from kinesis_support import KinesisTestCase, arn_of, stream_name

ALL_METRICS = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
               "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds"]


def error_of(function, **kwargs):
    try:
        function(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("no error")


def model_operations():
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "kinesis", "2013-12-02", "service-2.json.gz")
    with gzip.open(path) as f:
        return sorted(json.load(f)["operations"])


class SurfaceTest(KinesisTestCase):

    def client_in(self, region):
        return self.server.client("kinesis", region=region)

    def test_every_operation_of_the_model_is_served_or_answers_a_named_error(self):
        for operation in model_operations():
            status, body = self.call(operation, {})
            if status == 200:
                continue
            self.assertIn(body["__type"], {"ValidationException", "SerializationException", "InvalidArgumentException",
                                           "ResourceNotFoundException"}, (operation, body))

    def test_an_encrypted_stream_marks_the_records_written_while_it_is(self):
        name = self.create(1)
        before = self.kinesis.put_record(StreamName=name, Data=b"plain", PartitionKey="a")
        self.assertNotIn("EncryptionType", before)
        self.kinesis.start_stream_encryption(StreamName=name, EncryptionType="KMS", KeyId="alias/aws/kinesis")
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual((description["EncryptionType"], description["KeyId"]), ("KMS", "alias/aws/kinesis"))
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual((summary["EncryptionType"], summary["KeyId"]), ("KMS", "alias/aws/kinesis"))
        during = self.kinesis.put_record(StreamName=name, Data=b"secret", PartitionKey="a")
        self.assertEqual(during["EncryptionType"], "KMS")
        batch = self.kinesis.put_records(StreamName=name, Records=[{"Data": b"s2", "PartitionKey": "a"}])
        self.assertEqual(batch["EncryptionType"], "KMS")
        self.kinesis.stop_stream_encryption(StreamName=name, EncryptionType="KMS", KeyId="alias/aws/kinesis")
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual(description["EncryptionType"], "NONE")
        self.assertNotIn("KeyId", description)
        self.assertNotIn("EncryptionType", self.kinesis.put_record(StreamName=name, Data=b"after", PartitionKey="a"))
        records, _ = self.read_shard(name, "shardId-000000000000")
        self.assertEqual([(r["Data"], r.get("EncryptionType")) for r in records],
                         [(b"plain", None), (b"secret", "KMS"), (b"s2", "KMS"), (b"after", None)])

    def test_stream_encryption_takes_only_kms(self):
        name = self.create(1)
        self.assertEqual(error_of(self.kinesis.start_stream_encryption, StreamName=name, EncryptionType="NONE",
                                  KeyId="k"),
                         ("InvalidArgumentException",
                          "EncryptionType NONE is not supported; the only encryption type is KMS."))

    def test_enhanced_monitoring_reports_the_metrics_before_and_after(self):
        name = self.create(1)
        answer = self.kinesis.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["IncomingBytes"])
        self.assertEqual((answer["StreamName"], answer["StreamARN"], answer["CurrentShardLevelMetrics"],
                          answer["DesiredShardLevelMetrics"]), (name, arn_of(name), [], ["IncomingBytes"]))
        answer = self.kinesis.enable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["ALL"])
        self.assertEqual(answer["DesiredShardLevelMetrics"], ALL_METRICS)
        answer = self.kinesis.disable_enhanced_monitoring(StreamName=name, ShardLevelMetrics=["IncomingBytes",
                                                                                             "OutgoingBytes"])
        kept = [m for m in ALL_METRICS if m not in ("IncomingBytes", "OutgoingBytes")]
        self.assertEqual((answer["CurrentShardLevelMetrics"], answer["DesiredShardLevelMetrics"]), (ALL_METRICS, kept))
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual(description["EnhancedMonitoring"], [{"ShardLevelMetrics": kept}])

    def test_update_stream_mode_switches_the_capacity_mode(self):
        name = self.create(2)
        self.kinesis.update_stream_mode(StreamARN=arn_of(name), StreamModeDetails={"StreamMode": "ON_DEMAND"})
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamModeDetails"], summary["OpenShardCount"]), ({"StreamMode": "ON_DEMAND"}, 2))
        listed = [s for s in self.kinesis.list_streams()["StreamSummaries"] if s["StreamName"] == name]
        self.assertEqual(listed[0]["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertEqual(error_of(self.kinesis.update_stream_mode, StreamARN=arn_of(name),
                                  StreamModeDetails={"StreamMode": "ON_DEMAND"}),
                         ("InvalidArgumentException",
                          "Stream %s under account %s is already in ON_DEMAND mode." % (name, harness.ACCOUNT)))

    def test_the_billing_commitment_lasts_until_its_earliest_allowed_end(self):
        kinesis = self.client_in("eu-north-1")
        self.assertEqual(kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"],
                         {"Status": "DISABLED"})
        enabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
        commitment = enabled["MinimumThroughputBillingCommitment"]
        self.assertEqual(commitment["Status"], "ENABLED")
        self.assertEqual((commitment["EarliestAllowedEndAt"] - commitment["StartedAt"]).total_seconds(), 86400)
        disabled = kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "DISABLED"})
        ending = disabled["MinimumThroughputBillingCommitment"]
        self.assertEqual((ending["Status"], ending["EndedAt"]),
                         ("ENABLED_UNTIL_EARLIEST_ALLOWED_END", commitment["EarliestAllowedEndAt"]))
        self.assertEqual(kinesis.describe_account_settings()["MinimumThroughputBillingCommitment"]["Status"],
                         "ENABLED_UNTIL_EARLIEST_ALLOWED_END")

    def test_warm_throughput_needs_an_on_demand_stream_and_the_commitment(self):
        kinesis = self.client_in("eu-south-1")
        name = stream_name()
        kinesis.create_stream(StreamName=name)
        self.assertEqual(error_of(kinesis.update_stream_warm_throughput, StreamName=name, WarmThroughputMiBps=100),
                         ("ValidationException", "Warm throughput requires the account's "
                                                 "MinimumThroughputBillingCommitment to be enabled."))
        kinesis.update_account_settings(MinimumThroughputBillingCommitment={"Status": "ENABLED"})
        answer = kinesis.update_stream_warm_throughput(StreamName=name, WarmThroughputMiBps=100)
        arn = arn_of(name, region="eu-south-1")
        self.assertEqual((answer["StreamARN"], answer["StreamName"], answer["WarmThroughput"]),
                         (arn, name, {"TargetMiBps": 100, "CurrentMiBps": 100}))
        summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual(summary["WarmThroughput"], {"TargetMiBps": 100, "CurrentMiBps": 100})
        created = stream_name()
        kinesis.create_stream(StreamName=created, StreamModeDetails={"StreamMode": "ON_DEMAND"}, WarmThroughputMiBps=40)
        self.assertEqual(kinesis.describe_stream_summary(StreamName=created)["StreamDescriptionSummary"]["WarmThroughput"],
                         {"TargetMiBps": 40, "CurrentMiBps": 40})
        provisioned = stream_name()
        kinesis.create_stream(StreamName=provisioned, ShardCount=1)
        self.assertEqual(error_of(kinesis.update_stream_warm_throughput, StreamName=provisioned, WarmThroughputMiBps=5),
                         ("ValidationException", "Warm throughput is supported for streams in ON_DEMAND mode only."))

    def test_records_up_to_the_streams_maximum_size_of_10_mib(self):
        name = self.create(1, MaxRecordSizeInKiB=10240)
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual(summary["MaxRecordSizeInKiB"], 10240)
        big = b"x" * (10 * 1024 * 1024 - 1)
        self.kinesis.put_record(StreamName=name, Data=big, PartitionKey="k")
        records, _ = self.read_shard(name, "shardId-000000000000")
        self.assertEqual([len(r["Data"]) for r in records], [len(big)])
        default = self.create(1)
        self.assertEqual(error_of(self.kinesis.put_record, StreamName=default, Data=b"x" * (2 * 1024 * 1024),
                                  PartitionKey="k")[1],
                         "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=2097152 cap=2097152]' "
                         "at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576")
        self.kinesis.update_max_record_size(StreamARN=arn_of(default), MaxRecordSizeInKiB=2048)
        self.kinesis.put_record(StreamName=default, Data=b"x" * (2 * 1024 * 1024 - 1), PartitionKey="k")
        # botocore checks the bounds itself; a raw request gets the service's own words.
        self.assertKinesisError("UpdateMaxRecordSize", {"StreamARN": arn_of(default), "MaxRecordSizeInKiB": 10241},
                                "ValidationException",
                                "1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' failed to satisfy "
                                "constraint: Member must have value less than or equal to 10240")

    def test_create_stream_refuses_a_record_size_below_one_mebibyte(self):
        self.assertKinesisError("CreateStream", {"StreamName": stream_name(), "ShardCount": 1, "MaxRecordSizeInKiB": 100},
                                "ValidationException",
                                "1 validation error detected: Value '100' at 'maxRecordSizeInKiB' failed to satisfy "
                                "constraint: Member must have value greater than or equal to 1024")

    def test_resource_policies_of_a_stream_and_a_consumer(self):
        name = self.create(1)
        arn = arn_of(name)
        self.assertEqual(self.kinesis.get_resource_policy(ResourceARN=arn)["Policy"], "{}")
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kinesis:GetRecords", "Resource": arn}]})
        self.kinesis.put_resource_policy(ResourceARN=arn, Policy=policy)
        self.assertEqual(self.kinesis.get_resource_policy(ResourceARN=arn)["Policy"], policy)
        consumer = self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
        self.kinesis.put_resource_policy(ResourceARN=consumer, Policy="{}")
        self.assertEqual(self.kinesis.get_resource_policy(ResourceARN=consumer)["Policy"], "{}")
        self.kinesis.delete_resource_policy(ResourceARN=arn)
        self.assertEqual(self.kinesis.get_resource_policy(ResourceARN=arn)["Policy"], "{}")
        self.assertEqual(error_of(self.kinesis.put_resource_policy, ResourceARN=arn, Policy="not json"),
                         ("InvalidArgumentException", "Policy is not a valid JSON document."))
        missing = arn_of("no-such-stream")
        self.assertEqual(error_of(self.kinesis.get_resource_policy, ResourceARN=missing),
                         ("ResourceNotFoundException",
                          "Stream no-such-stream under account %s not found." % harness.ACCOUNT))

    def test_tags_by_resource_arn_for_streams_and_consumers(self):
        name = self.create(1, Tags={"team": "a"})
        arn = arn_of(name)
        self.kinesis.tag_resource(ResourceARN=arn, Tags={"env": "test"})
        self.assertEqual(self.kinesis.list_tags_for_resource(ResourceARN=arn)["Tags"],
                         [{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "a"}])
        self.kinesis.untag_resource(ResourceARN=arn, TagKeys=["team"])
        self.assertEqual(self.kinesis.list_tags_for_stream(StreamName=name)["Tags"], [{"Key": "env", "Value": "test"}])
        consumer = self.kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="tagged",
                                                         Tags={"owner": "me"})["Consumer"]["ConsumerARN"]
        self.kinesis.tag_resource(ResourceARN=consumer, Tags={"tier": "1"})
        self.assertEqual(self.kinesis.list_tags_for_resource(ResourceARN=consumer)["Tags"],
                         [{"Key": "owner", "Value": "me"}, {"Key": "tier", "Value": "1"}])

    def test_a_percent_in_a_tag_is_refused_in_words_that_do_not_allow_it(self):
        name = self.create(1)
        self.assertEqual(error_of(self.kinesis.add_tags_to_stream, StreamName=name, Tags={"abc%def": "1"}),
                         ("InvalidArgumentException",
                          "Failed to add tags to stream %s under account %s because some tags contained illegal "
                          "characters. The allowed characters are Unicode letters, white-spaces, "
                          "'_',',','/','=','+','-','@'." % (name, harness.ACCOUNT)))
        self.assertEqual(error_of(self.kinesis.add_tags_to_stream, StreamName=name, Tags={"a": "abc;def"}),
                         ("InvalidArgumentException", "Some tags contain invalid characters. Valid characters: "
                                                      "Unicode letters, digits, white space, _ . / = + - % @."))

    def test_limits_are_checked_before_the_stream_is_looked_up(self):
        tags = {"k%d" % i: "v" for i in range(51)}
        self.assertEqual(error_of(self.kinesis.add_tags_to_stream, StreamName="no-such-stream", Tags=tags),
                         ("InvalidArgumentException",
                          "Failed to add tags to stream no-such-stream under account %s because a given stream cannot "
                          "have more than 50 tags associated with it." % harness.ACCOUNT))
        self.assertEqual(error_of(self.kinesis.increase_stream_retention_period, StreamName="no-such-stream",
                                  RetentionPeriodHours=8761),
                         ("InvalidArgumentException", "Maximum allowed retention period is 8760 hours. Requested "
                                                      "retention period (8761 hours) is too long."))

    def test_unencrypted_answers_and_summaries_have_todays_shapes(self):
        name = self.create(1)
        listed = [s for s in self.kinesis.list_streams()["StreamSummaries"] if s["StreamName"] == name][0]
        self.assertEqual(sorted(listed), ["StreamARN", "StreamCreationTimestamp", "StreamModeDetails", "StreamName",
                                          "StreamStatus"])
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual((summary["MaxRecordSizeInKiB"], summary["EncryptionType"], "KeyId" in summary,
                          "WarmThroughput" in summary), (1024, "NONE", False, False))
        put = self.kinesis.put_records(StreamName=name, Records=[{"Data": b"a", "PartitionKey": "a"}])
        self.assertNotIn("EncryptionType", put)


class SequenceNumberTest(KinesisTestCase):
    """How SequenceNumberForOrdering and StartingSequenceNumber decode (kinesalite
    test/putRecord.js and test/getShardIterator.js, against AWS)."""

    VERSION_1_ZEROS = str(int("20000000000000000000000000000000000000000000001", 16))
    ALL_F = str(int("2ffffffffff7fffffffffffffff000000000007fffffff2", 16))
    EIGHT_NEAR_END = str(int("20000000000000000000000000000000000000800000002", 16))

    def test_put_record_takes_version_1_and_all_f_numbers_for_ordering(self):
        name = self.create(1)
        for seq in (self.VERSION_1_ZEROS, self.ALL_F, self.EIGHT_NEAR_END):
            answer = self.kinesis.put_record(StreamName=name, Data=b"", PartitionKey="a", SequenceNumberForOrdering=seq)
            self.assertEqual(answer["ShardId"], "shardId-000000000000")

    def test_get_shard_iterator_refuses_what_this_shard_never_issued(self):
        name = self.create(1)

        def refusal(seq):
            return error_of(self.kinesis.get_shard_iterator, StreamName=name, ShardId="shardId-000000000000",
                            ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq)
        where = " used in GetShardIterator on shard shardId-000000000000 in stream %s under account %s is invalid" % (
            name, harness.ACCOUNT)
        self.assertEqual(refusal(self.EIGHT_NEAR_END),
                         ("InvalidArgumentException", "StartingSequenceNumber " + self.EIGHT_NEAR_END + where + "."))
        self.assertEqual(refusal(self.VERSION_1_ZEROS),
                         ("InvalidArgumentException", "StartingSequenceNumber " + self.VERSION_1_ZEROS + where +
                          " because it did not come from this stream."))
        self.assertEqual(refusal(self.ALL_F),
                         ("InvalidArgumentException", "Invalid StartingSequenceNumber. It encodes "
                          "shardId-002147483647, while it was used in a call to a shard with shardId-000000000000"))


class LifecycleTest(KinesisTestCase):
    """With a stream delay the statuses end on the stream's own schedule, whether or not
    anything reads it."""

    server_args = ("--table-delay-ms", "200")

    def status(self, name):
        try:
            return self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamStatus"]
        except self.kinesis.exceptions.ResourceNotFoundException:
            return None

    def test_a_stream_deleted_while_creating_shows_no_shards_then_is_gone_from_every_list(self):
        name = stream_name()
        self.kinesis.create_stream(StreamName=name, ShardCount=2)
        self.kinesis.delete_stream(StreamName=name)
        description = self.kinesis.describe_stream(StreamName=name)["StreamDescription"]
        self.assertEqual((description["StreamStatus"], description["Shards"]), ("DELETING", []))
        # The timer removes it; only ListStreams is called meanwhile, and it always agrees with
        # itself.
        def gone():
            listed = self.kinesis.list_streams()
            names = listed["StreamNames"]
            self.assertEqual(names, [s["StreamName"] for s in listed["StreamSummaries"]])
            return name not in names
        self.assertTrue(harness.wait_for(gone, timeout=30))

    def test_a_created_stream_becomes_active_on_its_own_schedule(self):
        name = stream_name()
        self.kinesis.create_stream(StreamName=name, ShardCount=1)
        self.assertEqual(self.status(name), "CREATING")
        self.assertTrue(harness.wait_for(lambda: self.status(name) == "ACTIVE", timeout=30))


if __name__ == "__main__":
    unittest.main()
