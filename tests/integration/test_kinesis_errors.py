"""Kinesis's answers to bad input, exactly as AWS words them. The texts are those kinesalite's
tests recorded against AWS (test/*.js, cited per test) unless a test says otherwise; every bad
request leaves the streams as they were."""

import json
import time
import unittest

from kinesis_support import JSON_11, TARGET, KinesisTestCase, arn_of

ACCOUNT_TEXT = "under account 000000000000"
EITHER_OR = ("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
             "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ")
SHARD_0 = "shardId-000000000000"


class KinesisErrorsTest(KinesisTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stream = "errors-stream"
        cls.kinesis.create_stream(StreamName=cls.stream, ShardCount=3)

    def assertSerialization(self, operation, body, message):
        """SerializationException carries its text under a capital "Message" (kinesalite
        test/helpers.js assertSerialization)."""
        self.assertEqual(self.call(operation, body),
                         (400, {"__type": "SerializationException", "Message": message}))

    def assertValidation(self, operation, body, *errors):
        count = "%d validation error%s detected: " % (len(errors), "s" if len(errors) > 1 else "")
        self.assertKinesisError(operation, body, "ValidationException", count + "; ".join(errors))

    def shard_records(self, shard_id=SHARD_0, name=None):
        return self.read_shard(name or self.stream, shard_id)[0]

    # --- protocol ------------------------------------------------------------------------------

    def test_unknown_operation_is_a_bare_unknown_operation_exception(self):
        self.assertEqual(self.call("PutItem", {}), (400, {"__type": "UnknownOperationException"}))

    def test_malformed_json_is_a_bare_serialization_exception(self):
        response = self.server.raw(raw_body=b"{not json", target=TARGET + "ListStreams", content_type=JSON_11)
        self.assertEqual((response.status, response.body), (400, {"__type": "SerializationException"}))

    def test_a_body_that_is_not_an_object_is_a_serialization_exception(self):
        # A list gets the parser's words for a misplaced list; a bare value the bare type
        # (kinesalite index.js and validations/index.js).
        response = self.server.raw(raw_body=b"[1, 2]", target=TARGET + "ListStreams", content_type=JSON_11)
        self.assertEqual((response.status, response.body),
                         (400, {"__type": "SerializationException",
                                "Message": "Start of list found where not expected"}))
        response = self.server.raw(raw_body=b"5", target=TARGET + "ListStreams", content_type=JSON_11)
        self.assertEqual((response.status, response.body), (400, {"__type": "SerializationException"}))

    # --- types (step 1) ------------------------------------------------------------------------

    def test_a_string_for_an_integer_is_a_serialization_exception(self):
        self.assertSerialization("CreateStream", {"StreamName": "x", "ShardCount": "1"},
                                 "class java.lang.String can not be converted to an Integer")

    def test_a_number_for_a_string_is_a_serialization_exception(self):
        self.assertSerialization("PutRecord", {"StreamName": self.stream, "PartitionKey": 1, "Data": ""},
                                 "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be "
                                 "converted to an String")

    def test_data_that_is_not_base64_is_a_serialization_exception(self):
        self.assertSerialization("PutRecord", {"StreamName": self.stream, "PartitionKey": "a", "Data": "abc"},
                                 "'abc' can not be converted to a Blob: Base64 encoded length is expected a "
                                 "multiple of 4 bytes but found: 3")

    def test_a_string_timestamp_is_a_serialization_exception(self):
        self.assertSerialization("GetShardIterator", {"StreamName": self.stream, "ShardId": SHARD_0,
                                                      "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": "now"},
                                 "class java.lang.String can not be converted to milliseconds since epoch")

    # --- constraints (step 2) ------------------------------------------------------------------

    def test_put_record_without_members_lists_every_missing_one(self):
        # kinesalite test/putRecord.js
        self.assertValidation("PutRecord", {},
                              "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
                              "Value null at 'data' failed to satisfy constraint: Member must not be null",
                              "Value null at 'streamName' failed to satisfy constraint: Member must not be null")

    def test_put_record_with_empty_members_lists_each_constraint(self):
        # kinesalite test/putRecord.js
        self.assertValidation(
            "PutRecord", {"StreamName": "", "PartitionKey": "", "Data": "", "ExplicitHashKey": "",
                          "SequenceNumberForOrdering": ""},
            "Value '' at 'sequenceNumberForOrdering' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: 0|([1-9]\\d{0,128})",
            "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
            "Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: 0|([1-9]\\d{0,38})",
            "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+",
            "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1")

    def test_put_record_with_long_members_reports_their_maximums(self):
        # kinesalite test/putRecord.js
        name, key = "a" * 129, "b" * 257
        self.assertValidation(
            "PutRecord", {"StreamName": name, "PartitionKey": key, "Data": "", "ExplicitHashKey": ""},
            "Value '%s' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal "
            "to 256" % key,
            "Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: 0|([1-9]\\d{0,38})",
            "Value '%s' at 'streamName' failed to satisfy constraint: Member must have length less than or equal "
            "to 128" % name)

    def test_put_record_data_over_one_mebibyte_is_refused_and_not_stored(self):
        before = len(self.shard_records())
        data = "A" * 1398104  # base64 of 1048578 bytes
        self.assertValidation(
            "PutRecord", {"StreamName": self.stream, "PartitionKey": "a", "Data": data},
            "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048578 cap=1048578]' at 'data' failed to satisfy "
            "constraint: Member must have length less than or equal to 1048576")
        self.assertEqual(len(self.shard_records()), before)

    def test_put_records_with_no_records(self):
        self.assertValidation("PutRecords", {"StreamName": self.stream, "Records": []},
                              "Value '[]' at 'records' failed to satisfy constraint: Member must have length "
                              "greater than or equal to 1")

    def test_put_records_with_501_records_lists_at_most_ten_errors(self):
        # kinesalite test/putRecords.js
        entry = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310"
        errors = ["Value '[%s]' at 'records' failed to satisfy constraint: Member must have length less than or "
                  "equal to 500" % ", ".join([entry] * 501)]
        errors += ["Value '' at 'records.%d.member.partitionKey' failed to satisfy constraint: Member must have "
                   "length greater than or equal to 1" % i for i in range(1, 10)]
        self.assertValidation("PutRecords", {"StreamName": "", "Records": [{"PartitionKey": "", "Data": ""}] * 501},
                              *errors)

    def test_put_records_with_one_bad_entry_writes_none_of_them(self):
        before = len(self.shard_records())
        body = {"StreamName": self.stream, "Records": [{"PartitionKey": "a", "Data": "AAAA"},
                                                        {"PartitionKey": "", "Data": "AAAA"}]}
        self.assertValidation("PutRecords", body,
                              "Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member "
                              "must have length greater than or equal to 1")
        self.assertEqual(len(self.shard_records()), before)

    def test_create_stream_with_zero_shards(self):
        # kinesalite test/createStream.js
        self.assertValidation("CreateStream", {"StreamName": "zero", "ShardCount": 0},
                              "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value "
                              "greater than or equal to 1")

    def test_create_stream_with_a_bad_name(self):
        self.assertValidation("CreateStream", {"StreamName": "bad name!", "ShardCount": 1},
                              "Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy "
                              "regular expression pattern: [a-zA-Z0-9_.-]+")

    def test_create_stream_with_an_unknown_stream_mode(self):
        self.assertValidation("CreateStream", {"StreamName": "mode", "StreamModeDetails": {"StreamMode": "FAST"}},
                              "Value 'FAST' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member "
                              "must satisfy enum value set: [PROVISIONED, ON_DEMAND]")

    def test_get_shard_iterator_with_an_unknown_type(self):
        # kinesalite test/getShardIterator.js (its later enum with AT_TIMESTAMP)
        self.assertValidation("GetShardIterator", {"StreamName": self.stream, "ShardId": SHARD_0,
                                                   "ShardIteratorType": "OLDEST"},
                              "Value 'OLDEST' at 'shardIteratorType' failed to satisfy constraint: Member must "
                              "satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, "
                              "AT_SEQUENCE_NUMBER, TRIM_HORIZON]")

    def test_get_records_with_limits_out_of_range(self):
        # kinesalite test/getRecords.js
        self.assertValidation("GetRecords", {"ShardIterator": "", "Limit": 0},
                              "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater "
                              "than or equal to 1",
                              "Value '' at 'shardIterator' failed to satisfy constraint: Member must have length "
                              "greater than or equal to 1")
        self.assertValidation("GetRecords", {"ShardIterator": "AAAA", "Limit": 10001},
                              "Value '10001' at 'limit' failed to satisfy constraint: Member must have value less "
                              "than or equal to 10000")

    def test_describe_stream_with_a_malformed_arn(self):
        self.assertValidation("DescribeStream", {"StreamARN": "nonsense"},
                              "Value 'nonsense' at 'streamARN' failed to satisfy constraint: Member must satisfy "
                              "regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+")

    # --- each operation's own checks (step 3) --------------------------------------------------

    def test_an_unknown_stream_is_not_found_by_name_or_arn(self):
        message = "Stream no-such %s not found." % ACCOUNT_TEXT
        self.assertKinesisError("PutRecord", {"StreamName": "no-such", "PartitionKey": "a", "Data": ""},
                                "ResourceNotFoundException", message)
        self.assertKinesisError("DescribeStreamSummary", {"StreamARN": arn_of("no-such")},
                                "ResourceNotFoundException", message)
        self.assertKinesisError("DeleteStream", {"StreamName": "no-such"}, "ResourceNotFoundException", message)

    def test_creating_an_existing_stream_is_resource_in_use(self):
        # kinesalite actions/createStream.js
        self.assertKinesisError("CreateStream", {"StreamName": self.stream, "ShardCount": 1},
                                "ResourceInUseException", "Stream errors-stream %s already exists." % ACCOUNT_TEXT)

    def test_creating_past_the_shard_limit_is_limit_exceeded_and_creates_nothing(self):
        # kinesalite test/createStream.js; a ShardCount over 2^31-1 is clamped first.
        status, body = self.call("CreateStream", {"StreamName": "too-big", "ShardCount": 2147483648})
        self.assertEqual((status, body["__type"]), (400, "LimitExceededException"))
        self.assertRegex(body["message"], r"^This request would exceed the shard limit for the account 000000000000 "
                         r"in us-east-1\. Current shard count for the account: \d+\. Limit: 500\. Number of "
                         r"additional shards that would have resulted from this request: 2147483647\. Refer to the "
                         r"AWS Service Limits page \(http://docs\.aws\.amazon\.com/general/latest/gr/"
                         r"aws_service_limits\.html\) for current limits and how to request higher limits\.$")
        self.assertKinesisError("DescribeStream", {"StreamName": "too-big"}, "ResourceNotFoundException",
                                "Stream too-big %s not found." % ACCOUNT_TEXT)

    def test_an_explicit_hash_key_past_2_to_the_128_is_invalid(self):
        # kinesalite test/putRecord.js
        key = str(2 ** 128)
        self.assertKinesisError("PutRecord", {"StreamName": self.stream, "PartitionKey": "a", "Data": "",
                                              "ExplicitHashKey": key}, "InvalidArgumentException",
                                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                                "Specified value was " + key)

    def test_a_sequence_number_for_ordering_that_kinesis_never_issued_is_invalid(self):
        # kinesalite test/putRecord.js ("sequence number with large date")
        seq = "26227199374822427428162556223570313216"
        self.assertKinesisError("PutRecord", {"StreamName": self.stream, "PartitionKey": "a", "Data": "",
                                              "SequenceNumberForOrdering": seq}, "InvalidArgumentException",
                                "ExclusiveMinimumSequenceNumber %s used in PutRecord on stream errors-stream %s "
                                "is invalid." % (seq, ACCOUNT_TEXT))

    def test_get_shard_iterator_type_and_sequence_number_must_agree(self):
        # kinesalite test/getShardIterator.js
        base = {"StreamName": self.stream, "ShardId": "shardId-0"}
        self.assertKinesisError("GetShardIterator", dict(base, ShardIteratorType="TRIM_HORIZON",
                                                         StartingSequenceNumber="5"),
                                "InvalidArgumentException", EITHER_OR + "TRIM_HORIZON and also a StartingSequenceNumber.")
        self.assertKinesisError("GetShardIterator", dict(base, ShardIteratorType="LATEST", StartingSequenceNumber="5"),
                                "InvalidArgumentException", EITHER_OR + "LATEST and also a StartingSequenceNumber.")
        self.assertKinesisError("GetShardIterator", dict(base, ShardIteratorType="AFTER_SEQUENCE_NUMBER"),
                                "InvalidArgumentException", EITHER_OR + "AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.")

    def test_get_shard_iterator_at_timestamp_needs_a_timestamp_not_in_the_future(self):
        # kinesalite actions/getShardIterator.js; the first text also seen from AWS (aws-sdk-ruby#1286).
        base = {"StreamName": self.stream, "ShardId": SHARD_0, "ShardIteratorType": "AT_TIMESTAMP"}
        self.assertKinesisError("GetShardIterator", base, "InvalidArgumentException",
                                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current "
                                "request has no timestamp parameter.")
        future = int(time.time()) + 3600
        status, body = self.call("GetShardIterator", dict(base, Timestamp=future))
        self.assertEqual((status, body["__type"]), (400, "InvalidArgumentException"))
        self.assertRegex(body["message"], r"^The timestampInMillis parameter cannot be greater than the "
                         r"currentTimestampInMillis\. timestampInMillis: %d000, currentTimestampInMillis: \d{13}$"
                         % future)

    def test_get_shard_iterator_of_an_unknown_shard_or_stream(self):
        # kinesalite test/getShardIterator.js: no final period, the shard id normalised.
        self.assertKinesisError("GetShardIterator", {"StreamName": self.stream, "ShardId": "shardId-5",
                                                     "ShardIteratorType": "LATEST"}, "ResourceNotFoundException",
                                "Shard shardId-000000000005 in stream errors-stream %s does not exist" % ACCOUNT_TEXT)
        self.assertKinesisError("GetShardIterator", {"StreamName": "gone", "ShardId": "a-00002147483647",
                                                     "ShardIteratorType": "LATEST"}, "ResourceNotFoundException",
                                "Shard shardId-002147483647 in stream gone %s does not exist" % ACCOUNT_TEXT)
        self.assertKinesisError("GetShardIterator", {"StreamName": "gone", "ShardId": "2147483648",
                                                     "ShardIteratorType": "LATEST"}, "ResourceNotFoundException",
                                "Could not find shard 2147483648 in stream gone %s." % ACCOUNT_TEXT)

    def test_get_shard_iterator_with_a_sequence_number_of_another_shard(self):
        seq = self.kinesis.put_record(StreamName=self.stream, Data=b"", PartitionKey="1")["SequenceNumber"]
        self.assertKinesisError("GetShardIterator", {"StreamName": self.stream, "ShardId": SHARD_0,
                                                     "ShardIteratorType": "AT_SEQUENCE_NUMBER",
                                                     "StartingSequenceNumber": seq}, "InvalidArgumentException",
                                "Invalid StartingSequenceNumber. It encodes shardId-000000000002, while it was used "
                                "in a call to a shard with shardId-000000000000")

    def test_get_shard_iterator_with_an_old_layout_sequence_number(self):
        # kinesalite test/getShardIterator.js: AWS prints the number as it read it.
        self.assertKinesisError("GetShardIterator", {"StreamName": self.stream, "ShardId": "shardId-0",
                                                     "ShardIteratorType": "AT_SEQUENCE_NUMBER",
                                                     "StartingSequenceNumber": "0"}, "InvalidArgumentException",
                                "StartingSequenceNumber 21267647932558653966460912964485513216 used in "
                                "GetShardIterator on shard shardId-000000000000 in stream errors-stream %s is "
                                "invalid because it did not come from this stream." % ACCOUNT_TEXT)

    def test_get_records_with_an_iterator_we_never_issued(self):
        # kinesalite test/getRecords.js
        for iterator in ("abc", "AAAAAAAAAAE=", "\"quoted\""):
            self.assertKinesisError("GetRecords", {"ShardIterator": iterator}, "InvalidArgumentException",
                                    "Invalid ShardIterator.")

    def test_get_records_on_a_deleted_stream(self):
        name = self.create(1)
        iterator = self.iterator(name, SHARD_0)
        self.kinesis.delete_stream(StreamName=name)
        self.assertKinesisError("GetRecords", {"ShardIterator": iterator}, "ResourceNotFoundException",
                                "Shard shardId-000000000000 in stream %s %s does not exist" % (name, ACCOUNT_TEXT))

    def test_split_shard_at_a_key_outside_the_shard_changes_nothing(self):
        # kinesalite actions/splitShard.js
        self.assertKinesisError("SplitShard", {"StreamName": self.stream, "ShardToSplit": SHARD_0,
                                               "NewStartingHashKey": "1"}, "InvalidArgumentException",
                                "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream "
                                "errors-stream %s is not both greater than one plus the shard's StartingHashKey 0 "
                                "and less than the shard's EndingHashKey 113427455640312821154458202477256070484."
                                % ACCOUNT_TEXT)
        self.assertEqual(len(self.shards(self.stream)), 3)

    def test_split_shard_of_an_unknown_shard(self):
        self.assertKinesisError("SplitShard", {"StreamName": self.stream, "ShardToSplit": "shardId-000000000009",
                                               "NewStartingHashKey": "10"}, "ResourceNotFoundException",
                                "Could not find shard shardId-000000000009 in stream errors-stream %s." % ACCOUNT_TEXT)

    def test_merge_shards_that_are_not_adjacent(self):
        # kinesalite actions/mergeShards.js
        self.assertKinesisError("MergeShards", {"StreamName": self.stream, "ShardToMerge": SHARD_0,
                                                "AdjacentShardToMerge": "shardId-000000000002"},
                                "InvalidArgumentException",
                                "Shards shardId-000000000000 and shardId-000000000002 in stream errors-stream %s are "
                                "not an adjacent pair of shards eligible for merging" % ACCOUNT_TEXT)

    def test_update_shard_count_past_double_or_half(self):
        for target, words in ((7, "scale up over double"), (1, "scale down below half")):
            self.assertKinesisError("UpdateShardCount", {"StreamName": self.stream, "TargetShardCount": target,
                                                         "ScalingType": "UNIFORM_SCALING"}, "LimitExceededException",
                                    "UpdateShardCount cannot %s your current open shard count. Current open shard "
                                    "count: 3, Target shard count: %d" % (words, target))

    def test_list_shards_needs_exactly_one_of_stream_name_and_next_token(self):
        # kinesalite actions/listShards.js
        self.assertKinesisError("ListShards", {}, "InvalidArgumentException",
                                "Either NextToken or StreamName should be provided.")
        self.assertKinesisError("ListShards", {"StreamName": self.stream, "NextToken": "x"},
                                "InvalidArgumentException", "NextToken and StreamName cannot be provided together.")

    def test_retention_period_bounds_and_direction(self):
        # kinesalite actions/{increase,decrease}StreamRetentionPeriod.js
        self.assertKinesisError("IncreaseStreamRetentionPeriod", {"StreamName": self.stream, "RetentionPeriodHours": 10},
                                "InvalidArgumentException", "Minimum allowed retention period is 24 hours. Requested "
                                "retention period (10 hours) is too short.")
        self.assertKinesisError("DecreaseStreamRetentionPeriod", {"StreamName": self.stream, "RetentionPeriodHours": 48},
                                "InvalidArgumentException", "Requested retention period (48 hours) for stream "
                                "errors-stream can not be longer than existing retention period (24 hours). Use "
                                "IncreaseRetentionPeriod API.")
        self.assertEqual(self.kinesis.describe_stream_summary(StreamName=self.stream)
                         ["StreamDescriptionSummary"]["RetentionPeriodHours"], 24)

    def test_tags_with_invalid_characters(self):
        # kinesalite actions/addTagsToStream.js
        self.assertKinesisError("AddTagsToStream", {"StreamName": self.stream, "Tags": {"a^": "b"}},
                                "InvalidArgumentException", "Some tags contain invalid characters. Valid characters: "
                                "Unicode letters, digits, white space, _ . / = + - % @.")
        self.assertEqual(self.kinesis.list_tags_for_stream(StreamName=self.stream)["Tags"], [])


if __name__ == "__main__":
    unittest.main()
