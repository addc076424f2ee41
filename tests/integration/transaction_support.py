"""What the transaction and TTL tests share: tables with a stream and a Kinesis destination,
and readers of both, so a test sees every record a change wrote (or did not write)."""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request

import harness
from harness import ServerTestCase, unique_name


class ChangeRecordsTestCase(ServerTestCase):
    """A server per class with boto3 DynamoDB, DynamoDB Streams and Kinesis clients."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.streams = cls.server.client("dynamodbstreams")
        cls.kinesis = cls.server.client("kinesis")

    def create_table(self, name=None, hash_key=("id", "S"), range_key=None, stream=True, destination=True):
        """A table keyed by `hash_key` (and `range_key`), with a NEW_AND_OLD_IMAGES stream and a
        Kinesis stream of its own as its streaming destination unless told otherwise."""
        name = name or unique_name("tx")
        attrs = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
        keys = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        if range_key:
            attrs.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
            keys.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        extra = {}
        if stream:
            extra["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        self.ddb.create_table(TableName=name, AttributeDefinitions=attrs, KeySchema=keys,
                              BillingMode="PAY_PER_REQUEST", **extra)
        if destination:
            self.kinesis.create_stream(StreamName=name, ShardCount=1)
            arn = self.kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
            self.ddb.enable_kinesis_streaming_destination(TableName=name, StreamArn=arn)
        return name

    def stream_records(self, table):
        """Every record of the table's stream, oldest first."""
        arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                   ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        return self.streams.get_records(ShardIterator=iterator)["Records"]

    def destination_records(self, table):
        """Every change the table's Kinesis destination received, parsed, oldest first."""
        iterator = self.kinesis.get_shard_iterator(StreamName=table, ShardId="shardId-000000000000",
                                                   ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        return [json.loads(r["Data"]) for r in self.kinesis.get_records(ShardIterator=iterator)["Records"]]

    def clock(self, body=None):
        """GET (no body) or POST /_streamstack/clock; returns (status, answer)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.server.endpoint + "/_streamstack/clock", data=data,
                                         method="GET" if body is None else "POST")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())


def s(value):
    return {"S": value}


def n(value):
    return {"N": str(value)}


HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "..", ".node")
JS_SDK = os.path.join(NODE_DIR, "node_modules", "@aws-sdk", "client-dynamodb")


def run_js(server, commands):
    """Runs [{"command", "input"}] through the AWS SDK for JavaScript v3 (dynamodb_js.js);
    returns its per-command results. The SDK is installed from tests/.node/package.json when
    it is not there."""
    if not os.path.isdir(JS_SDK):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed (`make deps` installs it); it is needed for the JS SDK")
        proc = subprocess.run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 or not os.path.isdir(JS_SDK):
            raise RuntimeError("npm install failed (%d):\n%s" % (proc.returncode, proc.stderr[-3000:]))
    env = dict(os.environ, NODE_PATH=os.path.join(NODE_DIR, "node_modules"), NODE_NO_WARNINGS="1")
    proc = subprocess.run(["node", os.path.join(HERE, "dynamodb_js.js"), server.endpoint, json.dumps(commands)],
                          capture_output=True, text=True, timeout=120, env=env)
    if proc.returncode != 0:
        raise RuntimeError("node failed (%d): %s" % (proc.returncode, proc.stderr[-3000:]))
    return json.loads(proc.stdout)
