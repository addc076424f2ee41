"""What the Kinesis test modules share: a server per class with a boto3 Kinesis client, raw
JSON 1.1 / CBOR calls, and the facts about AWS's hash key space and sequence numbers that the
tests check answers against."""

import hashlib
import json
import os
import re
import unittest
import uuid

import harness
import kinesis_cbor

TARGET = "Kinesis_20131202."
JSON_11 = "application/x-amz-json-1.1"
CBOR_11 = "application/x-amz-cbor-1.1"
MAX_HASH_KEY = 2 ** 128 - 1
# AWS's sequence numbers are 56 decimal digits (kinesalite test/createStream.js, against AWS).
SEQUENCE_NUMBER = re.compile(r"^[0-9]{56}$")
SHARD_ID = re.compile(r"^shardId-[0-9]{12}$")


def stream_name(prefix="k"):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:12])


def arn_of(name, region=harness.REGION, account=harness.ACCOUNT):
    return "arn:aws:kinesis:%s:%s:stream/%s" % (region, account, name)


def md5_hash_key(partition_key):
    """AWS's hash key of a partition key: the MD5 of its UTF-8 bytes as a 128-bit unsigned
    big-endian number."""
    return int.from_bytes(hashlib.md5(partition_key.encode("utf-8")).digest(), "big")


def even_ranges(count):
    """CreateStream's split: step = floor(2^128 / count); the last shard ends at 2^128 - 1."""
    step = 2 ** 128 // count
    return [(i * step, MAX_HASH_KEY if i == count - 1 else (i + 1) * step - 1) for i in range(count)]


def shard_json(index, start, end):
    return {"ShardId": "shardId-%012d" % index,
            "HashKeyRange": {"StartingHashKey": str(start), "EndingHashKey": str(end)}}


def sequence_fields(sequence_number):
    """The fields of a sequence number in the layout AWS's own numbers showed kinesalite
    (47 hex digits: 2, shard creation s, index digit, seq_ix, 00, arrival s, shard index, 2)."""
    text = "%x" % int(sequence_number)
    assert len(text) == 47 and text[0] == "2" and text[-1] == "2", sequence_number
    return {"shard_index": int(text[38:46], 16), "seq_ix": int(text[11:27], 16),
            "arrival_s": int(text[29:38], 16), "shard_created_s": int(text[1:10], 16)}


def without_sequence_ranges(shards):
    """Shards without their SequenceNumberRange (times are inside it), for exact comparison."""
    return [{k: v for k, v in s.items() if k != "SequenceNumberRange"} for s in shards]


class KinesisTestCase(unittest.TestCase):
    """One server per class (`server_args` adds flags, `server_env` environment variables);
    `self.kinesis` is a boto3 client."""

    server_args = ()
    server_env = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        saved = {k: os.environ.get(k) for k in cls.server_env}
        os.environ.update(cls.server_env)
        try:
            cls.server = harness.Server(extra_args=list(cls.server_args)).start()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        cls.kinesis = cls.server.client("kinesis")

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    # --- calls ---------------------------------------------------------------------------------

    def call(self, operation, body):
        """A JSON 1.1 call: (status, decoded body)."""
        response = self.server.raw(body=body, target=TARGET + operation, content_type=JSON_11)
        return response.status, response.body

    def cbor_call(self, operation, body, definite=False):
        """A CBOR call as the Java SDKs make it: (status, content type, decoded body)."""
        response = self.server.raw(raw_body=kinesis_cbor.encode(body, definite), target=TARGET + operation,
                                   content_type=CBOR_11)
        decoded = kinesis_cbor.decode(response.raw) if response.raw else None
        return response.status, response.headers.get("content-type"), decoded

    def assertKinesisError(self, operation, body, type_, message, status=400):
        """The exact error AWS answers in JSON 1.1: {"__type": type_, "message": message}."""
        self.assertEqual(self.call(operation, body), (status, {"__type": type_, "message": message}))

    # --- streams -------------------------------------------------------------------------------

    def create(self, shards=1, prefix="k", **kwargs):
        name = stream_name(prefix)
        if shards is None:
            self.kinesis.create_stream(StreamName=name, **kwargs)
        else:
            self.kinesis.create_stream(StreamName=name, ShardCount=shards, **kwargs)
        return name

    def shards(self, name, **kwargs):
        return self.kinesis.list_shards(StreamName=name, **kwargs)["Shards"]

    def iterator(self, name, shard_id, kind="TRIM_HORIZON", **kwargs):
        return self.kinesis.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType=kind,
                                               **kwargs)["ShardIterator"]

    def read_shard(self, name, shard_id, kind="TRIM_HORIZON", **kwargs):
        """Every record of a shard from `kind` on, reading until a call returns nothing or the
        shard's end; returns (records, the last GetRecords answer)."""
        iterator = self.iterator(name, shard_id, kind, **kwargs)
        records = []
        while True:
            answer = self.kinesis.get_records(ShardIterator=iterator)
            records += answer["Records"]
            iterator = answer.get("NextShardIterator")
            if not answer["Records"] or iterator is None:
                return records, answer


def dump(value):
    return json.dumps(value, indent=1, sort_keys=True, default=str)
