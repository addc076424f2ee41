"""Kinesis Data Streams through the AWS CLI and boto3: streams, shards and their hash key
ranges, writes, the five iterator types, reads, resharding with its lineage, retention, tags
and consumers, with the answers AWS gives."""

import base64
import time
import unittest

from botocore.exceptions import ClientError

import harness
from kinesis_support import (MAX_HASH_KEY, SEQUENCE_NUMBER, SHARD_ID, KinesisTestCase, arn_of,
                             even_ranges, md5_hash_key, sequence_fields, shard_json, stream_name,
                             without_sequence_ranges)


class KinesisCliTest(KinesisTestCase):
    """The named `aws kinesis` commands, each answering as AWS does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.error_rc = harness.cli_error_exit_code()

    def cli(self, *args):
        return self.server.aws("kinesis", *args, check=True)

    def test_create_stream_prints_nothing_and_makes_the_shards(self):
        name = stream_name("cli")
        result = self.cli("create-stream", "--stream-name", name, "--shard-count", "2")
        self.assertEqual((result.rc, result.stdout), (0, ""))
        self.assertEqual(without_sequence_ranges(self.shards(name)),
                         [shard_json(i, *r) for i, r in enumerate(even_ranges(2))])
        answer = self.kinesis.describe_stream_summary(StreamName=name)
        self.assertRegex(answer["ResponseMetadata"]["RequestId"], harness.UUID_REQUEST_ID)

    def test_put_record_then_get_shard_iterator_and_get_records(self):
        name = self.create(1)
        put = self.cli("put-record", "--stream-name", name, "--partition-key", "a", "--data", "hello").json
        # No EncryptionType for an unencrypted stream (kinesalite test/putRecord.js, against AWS).
        self.assertEqual(sorted(put), ["SequenceNumber", "ShardId"])
        self.assertEqual(put["ShardId"], "shardId-000000000000")
        self.assertRegex(put["SequenceNumber"], SEQUENCE_NUMBER)
        iterator = self.cli("get-shard-iterator", "--stream-name", name, "--shard-id", "shardId-000000000000",
                            "--shard-iterator-type", "TRIM_HORIZON").json
        self.assertEqual(list(iterator), ["ShardIterator"])
        answer = self.cli("get-records", "--shard-iterator", iterator["ShardIterator"]).json
        record = answer["Records"][0]
        self.assertIsInstance(record.pop("ApproximateArrivalTimestamp"), float)
        self.assertEqual(record, {"SequenceNumber": put["SequenceNumber"], "Data": "aGVsbG8=",
                                  "PartitionKey": "a"})
        self.assertEqual(len(answer["Records"]), 1)
        self.assertEqual(answer["MillisBehindLatest"], 0)
        self.assertNotEqual(answer["NextShardIterator"], iterator["ShardIterator"])

    def test_put_records_answers_every_record_in_order(self):
        name = self.create(3)
        # "a" hashes into shard 0 and "1" into shard 2 (MD5 values in kinesis.md §2.1).
        answer = self.cli("put-records", "--stream-name", name, "--records",
                          '[{"Data":"one","PartitionKey":"a"},{"Data":"two","PartitionKey":"1"}]').json
        self.assertEqual((answer["FailedRecordCount"], "EncryptionType" in answer), (0, False))
        self.assertEqual([r["ShardId"] for r in answer["Records"]],
                         ["shardId-000000000000", "shardId-000000000002"])
        self.assertEqual([sorted(r) for r in answer["Records"]], [["SequenceNumber", "ShardId"]] * 2)

    def test_list_shards_answers_the_hash_key_ranges(self):
        name = self.create(3)
        shards = self.cli("list-shards", "--stream-name", name).json["Shards"]
        self.assertEqual(without_sequence_ranges(shards), [
            shard_json(0, 0, 113427455640312821154458202477256070484),
            shard_json(1, 113427455640312821154458202477256070485, 226854911280625642308916404954512140969),
            shard_json(2, 226854911280625642308916404954512140970, MAX_HASH_KEY)])
        for shard in shards:
            self.assertEqual(list(shard["SequenceNumberRange"]), ["StartingSequenceNumber"])
            self.assertRegex(shard["SequenceNumberRange"]["StartingSequenceNumber"], SEQUENCE_NUMBER)

    def test_split_shard_then_merge_shards_keep_the_lineage(self):
        name = self.create(1)
        half = 2 ** 127
        split = self.cli("split-shard", "--stream-name", name, "--shard-to-split", "shardId-000000000000",
                         "--new-starting-hash-key", str(half))
        self.assertEqual((split.rc, split.stdout), (0, ""))
        merge = self.cli("merge-shards", "--stream-name", name, "--shard-to-merge", "shardId-000000000001",
                         "--adjacent-shard-to-merge", "shardId-000000000002")
        self.assertEqual((merge.rc, merge.stdout), (0, ""))
        shards = self.shards(name)
        self.assertEqual(without_sequence_ranges(shards), [
            shard_json(0, 0, MAX_HASH_KEY),
            dict(shard_json(1, 0, half - 1), ParentShardId="shardId-000000000000"),
            dict(shard_json(2, half, MAX_HASH_KEY), ParentShardId="shardId-000000000000"),
            dict(shard_json(3, 0, MAX_HASH_KEY), ParentShardId="shardId-000000000001",
                 AdjacentParentShardId="shardId-000000000002")])
        closed = [s["ShardId"] for s in shards if "EndingSequenceNumber" in s["SequenceNumberRange"]]
        self.assertEqual(closed, ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])

    def test_an_unknown_stream_is_reported_with_aws_words(self):
        result = self.server.aws("kinesis", "describe-stream", "--stream-name", "no-such-stream")
        self.assertEqual(result.rc, self.error_rc)
        self.assertEqual(result.stderr.strip(),
                         "An error occurred (ResourceNotFoundException) when calling the DescribeStream "
                         "operation: Stream no-such-stream under account 000000000000 not found.")


class KinesisStreamsTest(KinesisTestCase):
    """Stream lifecycle and description through boto3."""

    def test_create_stream_with_on_demand_mode_has_four_even_shards(self):
        name = self.create(None, StreamModeDetails={"StreamMode": "ON_DEMAND"})
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamModeDetails"], summary["OpenShardCount"]), ({"StreamMode": "ON_DEMAND"}, 4))
        self.assertEqual(without_sequence_ranges(self.shards(name)),
                         [shard_json(i, *r) for i, r in enumerate(even_ranges(4))])

    def test_create_stream_without_shard_count_is_on_demand(self):
        name = self.create(None)
        summary = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamModeDetails"], summary["OpenShardCount"]), ({"StreamMode": "ON_DEMAND"}, 4))

    def test_describe_stream_summary_answers_every_member(self):
        before = time.time()
        name = self.create(2, StreamModeDetails={"StreamMode": "PROVISIONED"})
        summary = self.kinesis.describe_stream_summary(StreamARN=arn_of(name))["StreamDescriptionSummary"]
        created = summary.pop("StreamCreationTimestamp").timestamp()
        self.assertTrue(before - 1 <= created <= time.time() + 1, created)
        self.assertEqual(summary, {
            "StreamName": name, "StreamARN": arn_of(name), "StreamStatus": "ACTIVE",
            "StreamModeDetails": {"StreamMode": "PROVISIONED"}, "RetentionPeriodHours": 24,
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": "NONE",
            "OpenShardCount": 2, "ConsumerCount": 0, "MaxRecordSizeInKiB": 1024})

    def test_describe_stream_pages_its_shards(self):
        name = self.create(3)
        first = self.kinesis.describe_stream(StreamName=name, Limit=2)["StreamDescription"]
        self.assertEqual(([s["ShardId"] for s in first["Shards"]], first["HasMoreShards"]),
                         (["shardId-000000000000", "shardId-000000000001"], True))
        rest = self.kinesis.describe_stream(StreamName=name, Limit=2,
                                            ExclusiveStartShardId="shardId-000000000001")["StreamDescription"]
        self.assertEqual(([s["ShardId"] for s in rest["Shards"]], rest["HasMoreShards"]),
                         (["shardId-000000000002"], False))
        self.assertEqual(sorted(first), ["EncryptionType", "EnhancedMonitoring", "HasMoreShards",
                                         "RetentionPeriodHours", "Shards", "StreamARN", "StreamCreationTimestamp",
                                         "StreamModeDetails", "StreamName", "StreamStatus"])

    def test_list_streams_pages_names_and_summaries_in_order(self):
        prefix = stream_name("list")
        for suffix in ("1", "2", "3"):
            self.kinesis.create_stream(StreamName=prefix + suffix, ShardCount=1)
        first = self.kinesis.list_streams(Limit=2, ExclusiveStartStreamName=prefix)
        self.assertEqual((first["StreamNames"], first["HasMoreStreams"]), ([prefix + "1", prefix + "2"], True))
        self.assertEqual([(s["StreamName"], s["StreamARN"], s["StreamStatus"], s["StreamModeDetails"])
                          for s in first["StreamSummaries"]],
                         [(prefix + n, arn_of(prefix + n), "ACTIVE", {"StreamMode": "PROVISIONED"}) for n in "12"])
        second = self.kinesis.list_streams(Limit=2, NextToken=first["NextToken"])
        self.assertEqual(second["StreamNames"][0], prefix + "3")

    def test_list_shards_pages_by_next_token_and_exclusive_start(self):
        name = self.create(3)
        first = self.kinesis.list_shards(StreamName=name, MaxResults=2)
        self.assertEqual([s["ShardId"] for s in first["Shards"]], ["shardId-000000000000", "shardId-000000000001"])
        second = self.kinesis.list_shards(NextToken=first["NextToken"], MaxResults=2)
        self.assertEqual(([s["ShardId"] for s in second["Shards"]], "NextToken" in second),
                         (["shardId-000000000002"], False))
        after = self.kinesis.list_shards(StreamName=name, ExclusiveStartShardId="shardId-000000000000")
        self.assertEqual([s["ShardId"] for s in after["Shards"]], ["shardId-000000000001", "shardId-000000000002"])

    def test_list_shards_filters_by_shard_filter(self):
        name = self.create(2)
        self.kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                                 NewStartingHashKey=str(2 ** 126))

        def ids(**filter_):
            return [s["ShardId"] for s in self.shards(name, ShardFilter=filter_)]
        self.assertEqual(ids(Type="AT_LATEST"), ["shardId-000000000001", "shardId-000000000002", "shardId-000000000003"])
        self.assertEqual(ids(Type="AT_TRIM_HORIZON"), ["shardId-000000000000", "shardId-000000000001"])
        self.assertEqual(ids(Type="FROM_TRIM_HORIZON"), ["shardId-%012d" % i for i in range(4)])
        self.assertEqual(ids(Type="AFTER_SHARD_ID", ShardId="shardId-000000000001"),
                         ["shardId-000000000002", "shardId-000000000003"])

    def test_delete_stream_with_a_consumer_needs_enforce_consumer_deletion(self):
        name = self.create(1)
        self.kinesis.register_stream_consumer(StreamARN=arn_of(name), ConsumerName="reader")
        with self.assertRaises(ClientError) as caught:
            self.kinesis.delete_stream(StreamName=name)
        self.assertEqual(caught.exception.response["Error"]["Code"], "ResourceInUseException")
        self.kinesis.delete_stream(StreamARN=arn_of(name), EnforceConsumerDeletion=True)
        with self.assertRaises(ClientError) as caught:
            self.kinesis.describe_stream_summary(StreamName=name)
        self.assertEqual(caught.exception.response["Error"],
                         {"Code": "ResourceNotFoundException",
                          "Message": "Stream %s under account 000000000000 not found." % name})

    def test_retention_period_increases_and_decreases(self):
        name = self.create(1)
        self.kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=168)
        self.assertEqual(self.kinesis.describe_stream_summary(StreamName=name)
                         ["StreamDescriptionSummary"]["RetentionPeriodHours"], 168)
        self.kinesis.decrease_stream_retention_period(StreamARN=arn_of(name), RetentionPeriodHours=48)
        self.assertEqual(self.kinesis.describe_stream(StreamName=name)
                         ["StreamDescription"]["RetentionPeriodHours"], 48)

    def test_tags_are_added_listed_in_pages_and_removed(self):
        name = self.create(1, Tags={"team": "data"})
        self.kinesis.add_tags_to_stream(StreamName=name, Tags={"env": "dev", "cost": "7"})
        first = self.kinesis.list_tags_for_stream(StreamName=name, Limit=2)
        self.assertEqual((first["Tags"], first["HasMoreTags"]),
                         ([{"Key": "cost", "Value": "7"}, {"Key": "env", "Value": "dev"}], True))
        rest = self.kinesis.list_tags_for_stream(StreamName=name, ExclusiveStartTagKey="env")
        self.assertEqual((rest["Tags"], rest["HasMoreTags"]), ([{"Key": "team", "Value": "data"}], False))
        self.kinesis.remove_tags_from_stream(StreamName=name, TagKeys=["env", "team"])
        self.assertEqual(self.kinesis.list_tags_for_stream(StreamName=name)["Tags"], [{"Key": "cost", "Value": "7"}])

    def test_stream_consumers_are_registered_described_listed_and_deregistered(self):
        name = self.create(1)
        consumer = self.kinesis.register_stream_consumer(StreamARN=arn_of(name), ConsumerName="app")["Consumer"]
        created = consumer.pop("ConsumerCreationTimestamp")
        arn = "%s/consumer/app:%d" % (arn_of(name), int(created.timestamp()))
        self.assertEqual(consumer, {"ConsumerName": "app", "ConsumerARN": arn, "ConsumerStatus": "ACTIVE"})
        described = self.kinesis.describe_stream_consumer(ConsumerARN=arn)["ConsumerDescription"]
        self.assertEqual(described, {"ConsumerName": "app", "ConsumerARN": arn, "ConsumerStatus": "ACTIVE",
                                     "ConsumerCreationTimestamp": created, "StreamARN": arn_of(name)})
        by_name = self.kinesis.describe_stream_consumer(StreamARN=arn_of(name), ConsumerName="app")
        self.assertEqual(by_name["ConsumerDescription"], described)
        self.assertEqual([c["ConsumerName"] for c in self.kinesis.list_stream_consumers(StreamARN=arn_of(name))
                          ["Consumers"]], ["app"])
        self.assertEqual(self.kinesis.describe_stream_summary(StreamName=name)
                         ["StreamDescriptionSummary"]["ConsumerCount"], 1)
        self.kinesis.deregister_stream_consumer(ConsumerARN=arn)
        self.assertEqual(self.kinesis.list_stream_consumers(StreamARN=arn_of(name))["Consumers"], [])


class KinesisRecordsTest(KinesisTestCase):
    """Writes, shard mapping, iterators and reads through boto3."""

    def test_partition_keys_map_to_shards_by_md5(self):
        name = self.create(3)
        ranges = even_ranges(3)
        # Known values: MD5("a") and MD5("1") as 128-bit numbers (kinesis.md §2.1).
        self.assertEqual(md5_hash_key("a"), 16955237001963240173058271559858726497)
        self.assertEqual(md5_hash_key("1"), 261578874264819908609102035485573088411)
        keys = ["a", "1"] + ["key-%d" % i for i in range(60)] + ["é", "\U0001f600"]
        answer = self.kinesis.put_records(StreamName=name, Records=[{"Data": b"", "PartitionKey": k} for k in keys])
        expected = ["shardId-%012d" % next(i for i, (lo, hi) in enumerate(ranges) if lo <= md5_hash_key(k) <= hi)
                    for k in keys]
        self.assertEqual([r["ShardId"] for r in answer["Records"]], expected)
        self.assertEqual(expected[:2], ["shardId-000000000000", "shardId-000000000002"])
        self.assertEqual(len(set(expected)), 3)

    def test_explicit_hash_key_chooses_the_shard_at_range_edges(self):
        name = self.create(3)
        edge = 2 ** 128 // 3 * 2  # shard 2 starts here
        cases = [(str(MAX_HASH_KEY), "shardId-000000000002"), (str(edge - 1), "shardId-000000000001"),
                 (str(edge), "shardId-000000000002"), ("0", "shardId-000000000000")]
        for hash_key, shard_id in cases:
            answer = self.kinesis.put_record(StreamName=name, Data=b"", PartitionKey="a", ExplicitHashKey=hash_key)
            self.assertEqual(answer["ShardId"], shard_id, hash_key)

    def test_sequence_numbers_increase_within_a_shard_and_name_it(self):
        name = self.create(2)
        numbers = {}
        for i in range(20):
            answer = self.kinesis.put_record(StreamName=name, Data=b"x", PartitionKey="p%d" % i)
            self.assertRegex(answer["SequenceNumber"], SEQUENCE_NUMBER)
            numbers.setdefault(answer["ShardId"], []).append(int(answer["SequenceNumber"]))
        self.assertEqual(sorted(numbers), ["shardId-000000000000", "shardId-000000000001"])
        for shard_id, values in numbers.items():
            self.assertEqual(values, sorted(set(values)))
            self.assertEqual({sequence_fields(str(v))["shard_index"] for v in values}, {int(shard_id[-12:])})

    def test_sequence_number_for_ordering_keeps_numbers_increasing(self):
        name = self.create(1)
        previous = self.kinesis.put_record(StreamName=name, Data=b"0", PartitionKey="k")["SequenceNumber"]
        for i in range(1, 5):
            answer = self.kinesis.put_record(StreamName=name, Data=str(i).encode(), PartitionKey="k",
                                             SequenceNumberForOrdering=previous)
            self.assertGreater(int(answer["SequenceNumber"]), int(previous))
            previous = answer["SequenceNumber"]
        records, _ = self.read_shard(name, "shardId-000000000000")
        self.assertEqual([r["Data"] for r in records], [b"0", b"1", b"2", b"3", b"4"])

    def test_put_records_takes_500_records_and_get_records_returns_them_in_order(self):
        name = self.create(1)
        entries = [{"Data": b"record-%03d" % i, "PartitionKey": "pk-%d" % (i % 7)} for i in range(500)]
        answer = self.kinesis.put_records(StreamName=name, Records=entries)
        self.assertEqual((answer["FailedRecordCount"], len(answer["Records"])), (0, 500))
        records, _ = self.read_shard(name, "shardId-000000000000")
        self.assertEqual([(r["Data"], r["PartitionKey"]) for r in records],
                         [(e["Data"], e["PartitionKey"]) for e in entries])
        self.assertEqual([r["SequenceNumber"] for r in records], [r["SequenceNumber"] for r in answer["Records"]])

    def test_get_records_returns_at_most_limit_up_to_10000(self):
        name = self.create(1)
        for batch in range(21):
            self.kinesis.put_records(StreamName=name, Records=[
                {"Data": b"%d" % (batch * 500 + i), "PartitionKey": "k"} for i in range(500)])
        iterator = self.iterator(name, "shardId-000000000000")
        first = self.kinesis.get_records(ShardIterator=iterator)
        self.assertEqual(len(first["Records"]), 10000)
        second = self.kinesis.get_records(ShardIterator=first["NextShardIterator"], Limit=10000)
        self.assertEqual([r["Data"] for r in second["Records"]], [b"%d" % i for i in range(10000, 10500)])
        limited = self.kinesis.get_records(ShardIterator=self.iterator(name, "shardId-000000000000"), Limit=3)
        self.assertEqual([r["Data"] for r in limited["Records"]], [b"0", b"1", b"2"])

    def test_millis_behind_latest_counts_from_the_next_unread_record(self):
        name = self.create(1)
        for i in range(3):
            self.kinesis.put_record(StreamName=name, Data=b"%d" % i, PartitionKey="k")
        time.sleep(0.2)
        behind = self.kinesis.get_records(ShardIterator=self.iterator(name, "shardId-000000000000"), Limit=1)
        self.assertGreaterEqual(behind["MillisBehindLatest"], 200)
        caught_up = self.kinesis.get_records(ShardIterator=behind["NextShardIterator"])
        self.assertEqual((len(caught_up["Records"]), caught_up["MillisBehindLatest"]), (2, 0))
        empty = self.kinesis.get_records(ShardIterator=caught_up["NextShardIterator"])
        self.assertEqual((empty["Records"], empty["MillisBehindLatest"]), ([], 0))
        self.assertNotEqual(empty["NextShardIterator"], caught_up["NextShardIterator"])

    def test_shard_iterator_types_start_where_aws_says(self):
        name = self.create(1)
        shard = "shardId-000000000000"
        first = [self.kinesis.put_record(StreamName=name, Data=b"%d" % i, PartitionKey="k")["SequenceNumber"]
                 for i in range(3)]
        latest = self.iterator(name, shard, "LATEST")
        time.sleep(0.05)
        boundary = time.time()
        time.sleep(0.05)
        later = [self.kinesis.put_record(StreamName=name, Data=b"%d" % i, PartitionKey="k")["SequenceNumber"]
                 for i in range(3, 5)]

        def data(records):
            return [r["Data"] for r in records]
        self.assertEqual(data(self.read_shard(name, shard)[0]), [b"0", b"1", b"2", b"3", b"4"])
        self.assertEqual(data(self.kinesis.get_records(ShardIterator=latest)["Records"]), [b"3", b"4"])
        self.assertEqual(data(self.read_shard(name, shard, "AT_SEQUENCE_NUMBER",
                                              StartingSequenceNumber=first[1])[0]), [b"1", b"2", b"3", b"4"])
        self.assertEqual(data(self.read_shard(name, shard, "AFTER_SEQUENCE_NUMBER",
                                              StartingSequenceNumber=first[1])[0]), [b"2", b"3", b"4"])
        # boto3 sends whole seconds; AWS's JSON protocol takes a millisecond fraction too.
        status, at_time = self.call("GetShardIterator", {"StreamName": name, "ShardId": shard,
                                                         "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": boundary})
        self.assertEqual(status, 200)
        self.assertEqual(data(self.kinesis.get_records(ShardIterator=at_time["ShardIterator"])["Records"]),
                         [b"3", b"4"])
        self.assertEqual(data(self.read_shard(name, shard, "AT_TIMESTAMP", Timestamp=0)[0]),
                         [b"0", b"1", b"2", b"3", b"4"])
        self.assertEqual(data(self.read_shard(name, shard, "AFTER_SEQUENCE_NUMBER",
                                              StartingSequenceNumber=later[1])[0]), [])

    def test_stream_arn_is_accepted_wherever_a_name_is(self):
        name = self.create(1)
        arn = arn_of(name)
        put = self.kinesis.put_record(StreamARN=arn, Data=b"by-arn", PartitionKey="k")
        self.kinesis.put_records(StreamARN=arn, Records=[{"Data": b"again", "PartitionKey": "k"}])
        iterator = self.kinesis.get_shard_iterator(StreamARN=arn, ShardId=put["ShardId"],
                                                   ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.assertEqual([r["Data"] for r in self.kinesis.get_records(ShardIterator=iterator, StreamARN=arn)["Records"]],
                         [b"by-arn", b"again"])
        self.assertEqual(self.kinesis.list_shards(StreamARN=arn)["Shards"][0]["ShardId"], "shardId-000000000000")
        self.kinesis.add_tags_to_stream(StreamARN=arn, Tags={"a": "b"})
        self.assertEqual(self.kinesis.list_tags_for_stream(StreamARN=arn)["Tags"], [{"Key": "a", "Value": "b"}])


class KinesisReshardingTest(KinesisTestCase):
    """A reader that follows ChildShards sees every record once, in order, across reshards."""

    def follow(self, name):
        """Reads the stream as a KCL worker does: open shards from TRIM_HORIZON, parents before
        children, each closed shard to its end, then its ChildShards. Returns the records in
        reading order and the ChildShards answers seen."""
        shards = {s["ShardId"]: s for s in self.shards(name)}
        done, order, child_answers = set(), [], []
        pending = sorted(s for s in shards if "ParentShardId" not in shards[s])
        while pending:
            shard_id = pending.pop(0)
            if shard_id in done:
                continue
            records, last = self.read_shard(name, shard_id)
            done.add(shard_id)
            order += [(shard_id, r) for r in records]
            if "ChildShards" in last:
                self.assertNotIn("NextShardIterator", last)
                child_answers.append((shard_id, last["ChildShards"]))
                for child in last["ChildShards"]:
                    if all(p in done for p in child["ParentShards"]):
                        pending.append(child["ShardId"])
        return order, child_answers

    def put(self, name, count, start=0):
        for i in range(start, start + count):
            self.kinesis.put_record(StreamName=name, Data=b"%04d" % i, PartitionKey="key-%d" % (i % 5))

    def test_after_split_shard_a_reader_following_child_shards_sees_every_record_once_in_order(self):
        name = self.create(1)
        self.put(name, 20)
        split_key = 2 ** 127
        self.kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000",
                                 NewStartingHashKey=str(split_key))
        self.put(name, 20, start=20)
        order, child_answers = self.follow(name)
        self.assertEqual(child_answers, [("shardId-000000000000", [
            {"ShardId": "shardId-000000000001", "ParentShards": ["shardId-000000000000"],
             "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(split_key - 1)}},
            {"ShardId": "shardId-000000000002", "ParentShards": ["shardId-000000000000"],
             "HashKeyRange": {"StartingHashKey": str(split_key), "EndingHashKey": str(MAX_HASH_KEY)}}])])
        data = [r["Data"] for _, r in order]
        self.assertEqual(sorted(data), [b"%04d" % i for i in range(40)])
        self.assertEqual(data[:20], [b"%04d" % i for i in range(20)])
        for key in range(5):
            mine = [r["Data"] for _, r in order if r["PartitionKey"] == "key-%d" % key]
            self.assertEqual(mine, sorted(mine))
            child = "shardId-000000000001" if md5_hash_key("key-%d" % key) < split_key else "shardId-000000000002"
            self.assertEqual({s for s, r in order[20:] if r["PartitionKey"] == "key-%d" % key}, {child})

    def test_after_merge_shards_the_child_names_both_parents(self):
        name = self.create(2)
        self.put(name, 10)
        self.kinesis.merge_shards(StreamName=name, ShardToMerge="shardId-000000000000",
                                  AdjacentShardToMerge="shardId-000000000001")
        self.put(name, 10, start=10)
        order, child_answers = self.follow(name)
        merged = {"ShardId": "shardId-000000000002",
                  "ParentShards": ["shardId-000000000000", "shardId-000000000001"],
                  "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(MAX_HASH_KEY)}}
        self.assertEqual(child_answers, [("shardId-000000000000", [merged]), ("shardId-000000000001", [merged])])
        self.assertEqual(sorted(r["Data"] for _, r in order), [b"%04d" % i for i in range(20)])
        self.assertEqual([r["Data"] for s, r in order if s == "shardId-000000000002"],
                         [b"%04d" % i for i in range(10, 20)])

    def test_a_closed_shard_still_gives_iterators_and_ends_with_child_shards(self):
        name = self.create(1)
        self.put(name, 3)
        self.kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="12345")
        latest = self.kinesis.get_records(ShardIterator=self.iterator(name, "shardId-000000000000", "LATEST"))
        self.assertEqual(latest["Records"], [])
        self.assertEqual([c["ShardId"] for c in latest["ChildShards"]], ["shardId-000000000001", "shardId-000000000002"])
        self.assertNotIn("NextShardIterator", latest)
        put = self.kinesis.put_record(StreamName=name, Data=b"", PartitionKey="x", ExplicitHashKey="5")
        self.assertEqual(put["ShardId"], "shardId-000000000001")
        with self.assertRaises(ClientError) as caught:
            self.kinesis.split_shard(StreamName=name, ShardToSplit="shardId-000000000000", NewStartingHashKey="100")
        self.assertEqual(caught.exception.response["Error"]["Code"], "ResourceInUseException")

    def test_update_shard_count_scales_uniformly_and_keeps_the_lineage(self):
        name = self.create(2)
        self.put(name, 10)
        answer = self.kinesis.update_shard_count(StreamName=name, TargetShardCount=4, ScalingType="UNIFORM_SCALING")
        self.assertEqual({k: v for k, v in answer.items() if k != "ResponseMetadata"},
                         {"StreamName": name, "CurrentShardCount": 2, "TargetShardCount": 4, "StreamARN": arn_of(name)})
        open_shards = self.shards(name, ShardFilter={"Type": "AT_LATEST"})
        self.assertEqual([(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                          for s in open_shards], even_ranges(4))
        self.assertEqual([s["ParentShardId"] for s in open_shards],
                         ["shardId-000000000000", "shardId-000000000000", "shardId-000000000001",
                          "shardId-000000000001"])
        self.put(name, 10, start=10)
        order, _ = self.follow(name)
        self.assertEqual(sorted(r["Data"] for _, r in order), [b"%04d" % i for i in range(20)])
        down = self.kinesis.update_shard_count(StreamName=name, TargetShardCount=2, ScalingType="UNIFORM_SCALING")
        self.assertEqual(down["CurrentShardCount"], 4)
        self.assertEqual([(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
                          for s in self.shards(name, ShardFilter={"Type": "AT_LATEST"})], even_ranges(2))


class KinesisPartialFailureTest(KinesisTestCase):
    """PutRecords with throttling switched on (STREAMSTACK_KINESIS_ERROR_PERCENT): each entry
    succeeds or fails on its own, as AWS documents, and only the successes are stored."""

    server_env = {"STREAMSTACK_KINESIS_ERROR_PERCENT": "50"}

    def test_put_records_reports_each_failed_record_and_stores_the_rest(self):
        name = self.create(1)
        entries = [{"Data": b"%d" % i, "PartitionKey": "k"} for i in range(200)]
        answer = self.kinesis.put_records(StreamName=name, Records=entries)
        failed = [i for i, r in enumerate(answer["Records"]) if "ErrorCode" in r]
        self.assertEqual(answer["FailedRecordCount"], len(failed))
        self.assertTrue(0 < len(failed) < 200, len(failed))
        for i, r in enumerate(answer["Records"]):
            if i in failed:
                self.assertEqual(r, {"ErrorCode": "ProvisionedThroughputExceededException",
                                     "ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream "
                                                     "%s under account 000000000000." % name})
            else:
                self.assertEqual(sorted(r), ["SequenceNumber", "ShardId"])
        records, _ = self.read_shard(name, "shardId-000000000000")
        self.assertEqual([r["Data"] for r in records], [b"%d" % i for i in range(200) if i not in failed])


if __name__ == "__main__":
    unittest.main()
