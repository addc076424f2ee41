"""Lambda event source mappings on Kinesis streams: the recorder function receives AWS's Kinesis
event (streams-lambda.md §2.2), one shard in order, parents before children across SplitShard
and MergeShards; the mapping API takes Kinesis's settings."""

import base64
import tempfile
import time
import unittest

import harness
from kinesis_support import KinesisTestCase, arn_of, stream_name

ROLE_ARN = "arn:aws:iam::000000000000:role/recorder-role"
ORDERED = "esm-ordered"
SPLIT = "esm-split"
MERGED = "esm-merged"


def stack_file(directory, record_file):
    stack = {"region": "us-east-1", "account": "000000000000",
             "kinesisStreams": [{"name": ORDERED, "shardCount": 2}, {"name": SPLIT, "shardCount": 1},
                                {"name": MERGED, "shardCount": 2}],
             "functions": [harness.recorder_function("recorder", record_file, statements=[])],
             "eventSourceMappings": [{"function": "recorder", "source": "kinesis:" + name,
                                      "StartingPosition": "TRIM_HORIZON", "BatchSize": 10}
                                     for name in (ORDERED, SPLIT)]}
    # Enabled only once both parents and the merged child hold records, one record a batch, so
    # that the three shards are all ready to read at once.
    stack["eventSourceMappings"].append({"function": "recorder", "source": "kinesis:" + MERGED,
                                         "StartingPosition": "TRIM_HORIZON", "BatchSize": 1, "Enabled": False})
    return harness.write_stack(directory, stack)


class KinesisMappingTest(KinesisTestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="streamstack-kinesis-esm-")
        cls.record_file = cls.dir + "/recorder.jsonl"
        cls.server_args = ("--config", stack_file(cls.dir, cls.record_file))
        super().setUpClass()
        cls.lam = cls.server.client("lambda")

    def delivered(self, stream, count, sequence_numbers=None, timeout=10.0):
        """The Kinesis event records the recorder got from `stream` (of `sequence_numbers` when
        given), in delivery order, once `count` have arrived; with the invocations they came in."""
        def ready():
            found = [(i, r) for i, d in enumerate(harness.read_deliveries(self.record_file))
                     for r in d["records"] if r.get("eventSourceARN") == arn_of(stream)
                     and (sequence_numbers is None or r["kinesis"]["sequenceNumber"] in sequence_numbers)]
            return found if len(found) >= count else None
        found = harness.wait_for(ready, timeout=timeout)
        self.assertIsNotNone(found, "fewer than %d records from %s" % (count, stream))
        return found

    def test_a_mapping_delivers_the_exact_kinesis_event(self):
        put = self.kinesis.put_record(StreamName=ORDERED, Data=b'{"hello": "kinesis"}', PartitionKey="pk-1")
        ((_, record),) = [(i, r) for i, r in self.delivered(ORDERED, 1)
                          if r["kinesis"]["sequenceNumber"] == put["SequenceNumber"]]
        stored = self.kinesis.get_records(ShardIterator=self.iterator(
            ORDERED, put["ShardId"], "AT_SEQUENCE_NUMBER", StartingSequenceNumber=put["SequenceNumber"]),
            Limit=1)["Records"][0]
        arrival = stored["ApproximateArrivalTimestamp"].timestamp()
        self.assertAlmostEqual(record["kinesis"].pop("approximateArrivalTimestamp"), arrival, places=3)
        self.assertEqual(record, {
            "kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "pk-1",
                        "sequenceNumber": put["SequenceNumber"],
                        "data": base64.b64encode(b'{"hello": "kinesis"}').decode()},
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": "%s:%s" % (put["ShardId"], put["SequenceNumber"]),
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": ROLE_ARN,
            "awsRegion": "us-east-1",
            "eventSourceARN": arn_of(ORDERED)})

    def test_records_of_a_shard_arrive_in_order(self):
        sent = {}
        for i in range(30):
            put = self.kinesis.put_record(StreamName=ORDERED, Data=b"order-%02d" % i, PartitionKey="k%d" % (i % 4))
            sent.setdefault(put["ShardId"], []).append(put["SequenceNumber"])
        found = self.delivered(ORDERED, 30, {n for numbers in sent.values() for n in numbers})
        self.assertEqual(len(found), 30)
        for shard_id, numbers in sent.items():
            got = [r["kinesis"]["sequenceNumber"] for _, r in found if r["eventID"].startswith(shard_id + ":")]
            self.assertEqual(got, numbers)

    def test_a_split_parent_is_delivered_before_its_children(self):
        for i in range(10):
            self.kinesis.put_record(StreamName=SPLIT, Data=b"before-%d" % i, PartitionKey="k%d" % i)
        self.kinesis.split_shard(StreamName=SPLIT, ShardToSplit="shardId-000000000000",
                                 NewStartingHashKey=str(2 ** 127))
        for i in range(10):
            self.kinesis.put_record(StreamName=SPLIT, Data=b"after-%d" % i, PartitionKey="k%d" % i)
        found = self.delivered(SPLIT, 20)
        data = [base64.b64decode(r["kinesis"]["data"]) for _, r in found]
        self.assertEqual(sorted(data), sorted([b"before-%d" % i for i in range(10)] + [b"after-%d" % i for i in range(10)]))
        self.assertEqual(data[:10], [b"before-%d" % i for i in range(10)])
        self.assertEqual({r["eventID"].split(":")[0] for _, r in found[10:]},
                         {"shardId-000000000001", "shardId-000000000002"})

    def test_a_merged_child_waits_for_both_parents(self):
        # Two records on the first parent and twenty on the adjacent one (by explicit hash key),
        # then the merge, then the child's: the child must wait for the slower parent too.
        half = 2 ** 127
        for i in range(2):
            self.kinesis.put_record(StreamName=MERGED, Data=b"low-%d" % i, PartitionKey="k", ExplicitHashKey="1")
        for i in range(20):
            self.kinesis.put_record(StreamName=MERGED, Data=b"high-%d" % i, PartitionKey="k", ExplicitHashKey=str(half))
        self.kinesis.merge_shards(StreamName=MERGED, ShardToMerge="shardId-000000000000",
                                  AdjacentShardToMerge="shardId-000000000001")
        for i in range(5):
            self.kinesis.put_record(StreamName=MERGED, Data=b"merged-%d" % i, PartitionKey="k")
        (mapping,) = self.lam.list_event_source_mappings(EventSourceArn=arn_of(MERGED))["EventSourceMappings"]
        self.lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
        found = self.delivered(MERGED, 27)
        shards = [r["eventID"].split(":")[0] for _, r in found]
        first_child = shards.index("shardId-000000000002")
        self.assertEqual(sorted(shards[:first_child]), ["shardId-000000000000"] * 2 + ["shardId-000000000001"] * 20)
        self.assertEqual([base64.b64decode(r["kinesis"]["data"]) for _, r in found[first_child:]],
                         [b"merged-%d" % i for i in range(5)])

    def test_the_mapping_api_takes_kinesis_settings(self):
        name = stream_name("esm-api")
        self.kinesis.create_stream(StreamName=name, ShardCount=1)
        mapping = self.lam.create_event_source_mapping(
            FunctionName="recorder", EventSourceArn=arn_of(name), StartingPosition="LATEST", BatchSize=50,
            ParallelizationFactor=4, TumblingWindowInSeconds=60, MaximumBatchingWindowInSeconds=1)
        self.assertEqual(mapping["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual({k: mapping[k] for k in ("EventSourceArn", "BatchSize", "ParallelizationFactor",
                                                  "TumblingWindowInSeconds", "MaximumBatchingWindowInSeconds",
                                                  "StartingPosition")},
                         {"EventSourceArn": arn_of(name), "BatchSize": 50, "ParallelizationFactor": 4,
                          "TumblingWindowInSeconds": 60, "MaximumBatchingWindowInSeconds": 1,
                          "StartingPosition": "LATEST"})
        got = self.lam.get_event_source_mapping(UUID=mapping["UUID"])
        self.assertEqual((got["ParallelizationFactor"], got["TumblingWindowInSeconds"]), (4, 60))
        # AT_TIMESTAMP is a Kinesis-only starting position.
        other = stream_name("esm-api")
        self.kinesis.create_stream(StreamName=other, ShardCount=1)
        at_time = self.lam.create_event_source_mapping(
            FunctionName="recorder", EventSourceArn=arn_of(other), StartingPosition="AT_TIMESTAMP",
            StartingPositionTimestamp=int(time.time()) - 60)
        self.assertEqual(at_time["StartingPosition"], "AT_TIMESTAMP")


if __name__ == "__main__":
    unittest.main()
