"""Kinesis over AWS CBOR 1.1, as the Java SDKs and the KCL speak it by default: requests are
indefinite-length CBOR maps with binary Data as byte strings and timestamps as tag 1 + integer
epoch milliseconds; answers come back in CBOR the same way (kinesis.md §1.2)."""

import base64
import time
import unittest

import kinesis_cbor
from kinesis_cbor import Timestamp
from kinesis_support import CBOR_11, SEQUENCE_NUMBER, TARGET, KinesisTestCase, arn_of

# Bytes that are not UTF-8 and not base64 text: a blob must come back byte for byte.
BINARY = bytes(range(256))


def cbor_key(name):
    """A map key as the server writes it: a definite text string."""
    return kinesis_cbor.encode(name)


class KinesisCborTest(KinesisTestCase):

    def setUp(self):
        self.name = self.create(1)

    def test_put_record_in_cbor_is_answered_in_cbor(self):
        status, content_type, body = self.cbor_call("PutRecord", {
            "StreamName": self.name, "Data": BINARY, "PartitionKey": "k"})
        self.assertEqual((status, content_type), (200, CBOR_11))
        self.assertEqual(sorted(body), ["SequenceNumber", "ShardId"])
        self.assertEqual(body["ShardId"], "shardId-000000000000")
        self.assertRegex(body["SequenceNumber"], SEQUENCE_NUMBER)

    def test_put_records_in_cbor_takes_byte_strings(self):
        status, content_type, body = self.cbor_call("PutRecords", {
            "StreamName": self.name,
            "Records": [{"Data": b"\x00\xff", "PartitionKey": "a"}, {"Data": b"", "PartitionKey": "b"}]})
        self.assertEqual((status, content_type, body["FailedRecordCount"], "EncryptionType" in body),
                         (200, CBOR_11, 0, False))
        self.assertEqual([sorted(r) for r in body["Records"]], [["SequenceNumber", "ShardId"]] * 2)
        records, _ = self.read_shard(self.name, "shardId-000000000000")
        self.assertEqual([r["Data"] for r in records], [b"\x00\xff", b""])

    def test_get_records_in_cbor_answers_byte_strings_and_millisecond_timestamps(self):
        before = int(time.time() * 1000)
        put = self.cbor_call("PutRecord", {"StreamName": self.name, "Data": BINARY, "PartitionKey": "k"})[2]
        after = int(time.time() * 1000)
        iterator = self.cbor_call("GetShardIterator", {
            "StreamName": self.name, "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"})[2]
        response = self.server.raw(raw_body=kinesis_cbor.encode({"ShardIterator": iterator["ShardIterator"]}),
                                   target=TARGET + "GetRecords", content_type=CBOR_11)
        body = kinesis_cbor.decode(response.raw)
        record = body["Records"][0]
        arrival = record.pop("ApproximateArrivalTimestamp")
        self.assertIsInstance(arrival, Timestamp)
        self.assertIsInstance(arrival.value, int)  # SDK v2 refuses a float after the tag
        self.assertTrue(before - 1 <= arrival.value <= after + 1, (before, arrival, after))
        self.assertIn(cbor_key("ApproximateArrivalTimestamp") + b"\xc1\x1b", response.raw)
        self.assertEqual(record, {"SequenceNumber": put["SequenceNumber"], "Data": BINARY, "PartitionKey": "k"})
        self.assertEqual((len(body["Records"]), body["MillisBehindLatest"]), (1, 0))
        # The same record through JSON 1.1: base64 text and epoch seconds with the same milliseconds.
        status, json_body = self.call("GetRecords", {"ShardIterator": iterator["ShardIterator"]})
        self.assertEqual(status, 200)
        self.assertEqual(json_body["Records"][0]["Data"], base64.b64encode(BINARY).decode())
        self.assertEqual(round(json_body["Records"][0]["ApproximateArrivalTimestamp"] * 1000), arrival.value)

    def test_describe_stream_summary_in_cbor_answers_tag_1_creation_time(self):
        status, content_type, body = self.cbor_call("DescribeStreamSummary", {"StreamARN": arn_of(self.name)})
        self.assertEqual((status, content_type), (200, CBOR_11))
        summary = body["StreamDescriptionSummary"]
        created = self.kinesis.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"][
            "StreamCreationTimestamp"]
        self.assertEqual(summary.pop("StreamCreationTimestamp"), Timestamp(round(created.timestamp() * 1000)))
        self.assertEqual(summary, {
            "StreamName": self.name, "StreamARN": arn_of(self.name), "StreamStatus": "ACTIVE",
            "StreamModeDetails": {"StreamMode": "PROVISIONED"}, "RetentionPeriodHours": 24,
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": "NONE",
            "OpenShardCount": 1, "ConsumerCount": 0, "MaxRecordSizeInKiB": 1024})

    def test_an_error_in_cbor_is_a_cbor_map_with_type_and_message(self):
        # LocalStack's AWS recording test_cbor_exceptions: the message names the stream even
        # when the request named it by ARN.
        status, content_type, body = self.cbor_call("DescribeStreamSummary",
                                                    {"StreamARN": arn_of("wrong-stream-name")})
        self.assertEqual((status, content_type, body), (400, CBOR_11, {
            "__type": "ResourceNotFoundException",
            "message": "Stream wrong-stream-name under account 000000000000 not found."}))

    def test_a_validation_error_in_cbor(self):
        status, content_type, body = self.cbor_call("PutRecord", {"StreamName": self.name, "Data": b"x"})
        self.assertEqual((status, content_type, body), (400, CBOR_11, {
            "__type": "ValidationException",
            "message": "1 validation error detected: Value null at 'partitionKey' failed to satisfy "
                       "constraint: Member must not be null"}))

    def test_get_shard_iterator_at_timestamp_reads_tag_1_milliseconds(self):
        self.cbor_call("PutRecord", {"StreamName": self.name, "Data": b"old", "PartitionKey": "k"})
        time.sleep(0.05)
        boundary = int(time.time() * 1000)
        time.sleep(0.05)
        self.cbor_call("PutRecord", {"StreamName": self.name, "Data": b"new", "PartitionKey": "k"})
        status, _, iterator = self.cbor_call("GetShardIterator", {
            "StreamName": self.name, "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP",
            "Timestamp": Timestamp(boundary)})
        self.assertEqual(status, 200)
        records = self.cbor_call("GetRecords", {"ShardIterator": iterator["ShardIterator"]})[2]["Records"]
        self.assertEqual([r["Data"] for r in records], [b"new"])

    def test_definite_length_maps_are_read_too(self):
        status, _, body = self.cbor_call("PutRecord", {"StreamName": self.name, "Data": b"d", "PartitionKey": "k"},
                                         definite=True)
        self.assertEqual((status, body["ShardId"]), (200, "shardId-000000000000"))

    def test_malformed_cbor_is_a_serialization_exception_in_cbor(self):
        response = self.server.raw(raw_body=b"\xbf\x61", target=TARGET + "PutRecord", content_type=CBOR_11)
        self.assertEqual((response.status, response.headers["content-type"], kinesis_cbor.decode(response.raw)),
                         (400, CBOR_11, {"__type": "SerializationException"}))

    def test_deeply_nested_cbor_is_refused_and_the_server_keeps_answering(self):
        response = self.server.raw(raw_body=b"\x81" * 1000000 + b"\x00", target=TARGET + "PutRecord",
                                   content_type=CBOR_11)
        self.assertEqual((response.status, kinesis_cbor.decode(response.raw)),
                         (400, {"__type": "SerializationException"}))
        status, _, body = self.cbor_call("DescribeStreamSummary", {"StreamName": self.name})
        self.assertEqual((status, body["StreamDescriptionSummary"]["StreamStatus"]), (200, "ACTIVE"))

    def test_a_request_without_content_type_is_answered_in_cbor(self):
        # kinesalite test/connection.js (against AWS): AWS defaults to CBOR.
        response = self.server.raw(raw_body=b"", target=TARGET + "ListStreams", content_type=None)
        self.assertEqual((response.status, response.headers["content-type"], kinesis_cbor.decode(response.raw)),
                         (400, CBOR_11, {"__type": "SerializationException"}))


if __name__ == "__main__":
    unittest.main()
