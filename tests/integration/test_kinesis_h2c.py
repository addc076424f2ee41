"""HTTP/2 in cleartext with prior knowledge (h2c), as the AWS SDK for JavaScript v3 and the Java
SDK send SubscribeToShard to an http:// endpoint: the same answers over HTTP/2, driven by curl
(--http2-prior-knowledge), by Node's http2 client, and by the JavaScript SDK itself (from npm,
tests/.node/package.json, installed when missing). The server runs with a 1 s subscription and
a 300 ms heartbeat."""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from botocore.eventstream import EventStreamBuffer

import harness
import kinesis_cbor
from kinesis_support import CBOR_11, JSON_11, TARGET, KinesisTestCase, arn_of

SHARD0 = "shardId-000000000000"
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "..", ".node")
JS_SDK = os.path.join(NODE_DIR, "node_modules", "@aws-sdk", "client-kinesis")


def ensure_js_sdk():
    """The node_modules folder holding @aws-sdk/client-kinesis, installed from
    tests/.node/package.json when it is not there."""
    if not os.path.isdir(JS_SDK):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed (`make deps` installs it); it is needed for the JS SDK")
        proc = subprocess.run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund"],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0 or not os.path.isdir(JS_SDK):
            raise RuntimeError("npm install --prefix %s failed (%d):\n%s" % (NODE_DIR, proc.returncode, proc.stderr[-3000:]))
    return os.path.join(NODE_DIR, "node_modules")

# Opens one HTTP/2 connection and makes the requests in argv[2] (a JSON list of {headers, body,
# reset_after_bytes}) one after the other on it; prints, per request, its status and the body
# it got as base64.
NODE_CLIENT = r"""
const http2 = require('http2');
const [url, requestsJson] = process.argv.slice(1);  // node -e: no script path
const requests = JSON.parse(requestsJson);
const session = http2.connect(url);
session.on('error', (e) => { console.error(e); process.exit(2); });
const results = [];
function next(i) {
  if (i === requests.length) { console.log(JSON.stringify(results)); session.close(); return; }
  const r = requests[i];
  const stream = session.request(Object.assign({':method': 'POST', ':path': '/'}, r.headers));
  const chunks = [];
  let status = 0, done = false;
  const finish = () => { if (done) return; done = true;
    results.push({status, body: Buffer.concat(chunks).toString('base64')}); next(i + 1); };
  stream.on('response', (h) => { status = h[':status']; });
  stream.on('data', (d) => {
    chunks.push(d);
    if (r.reset_after_bytes && Buffer.concat(chunks).length >= r.reset_after_bytes) {
      stream.close(http2.constants.NGHTTP2_CANCEL); }  // the next request goes after 'close'
  });
  stream.on('end', finish);
  stream.on('close', finish);
  stream.end(Buffer.from(r.body));
}
next(0);
"""


def messages(body):
    buffer = EventStreamBuffer()
    buffer.add_data(body)
    return list(buffer)


class KinesisH2cTest(KinesisTestCase):
    server_env = {"STREAMSTACK_KINESIS_SUBSCRIPTION_MS": "1000", "STREAMSTACK_KINESIS_HEARTBEAT_MS": "300",
                  "STREAMSTACK_KINESIS_SUBSCRIBE_INTERVAL_MS": "0"}

    def signed(self, operation, body):
        data = json.dumps(body).encode()
        headers = harness.sign_headers(self.server.endpoint + "/", "POST",
                                       {"Content-Type": JSON_11, "X-Amz-Target": TARGET + operation},
                                       data, harness.REGION)
        return {k: v for k, v in headers.items() if k.lower() != "content-length"}, data

    def curl(self, operation, body, cbor=False):
        """(status, HTTP version, body bytes) of one request over h2c, in JSON 1.1 or CBOR."""
        if cbor:
            data = kinesis_cbor.encode(body)
            headers = harness.sign_headers(self.server.endpoint + "/", "POST",
                                           {"Content-Type": CBOR_11, "X-Amz-Target": TARGET + operation},
                                           data, harness.REGION)
            headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        else:
            headers, data = self.signed(operation, body)
        with tempfile.NamedTemporaryFile() as out:
            cmd = ["curl", "-sS", "--http2-prior-knowledge", "--max-time", "10", "-X", "POST",
                   self.server.endpoint + "/", "--data-binary", "@-", "-o", out.name,
                   "-w", "%{http_code} %{http_version}"]
            for k, v in headers.items():
                cmd += ["-H", "%s: %s" % (k, v)]
            proc = subprocess.run(cmd, input=data, capture_output=True, timeout=15)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            status, version = proc.stdout.decode().split()
            with open(out.name, "rb") as f:
                return int(status), version, f.read()

    def subscribe_body(self, consumer, kind="TRIM_HORIZON"):
        return {"ConsumerARN": consumer, "ShardId": SHARD0, "StartingPosition": {"Type": kind}}

    def consumer(self, name):
        return self.kinesis.register_stream_consumer(StreamARN=arn_of(name), ConsumerName="c")["Consumer"]["ConsumerARN"]

    def test_unary_operation_answers_over_http2(self):
        name = self.create(1)
        status, version, body = self.curl("DescribeStreamSummary", {"StreamName": name})
        self.assertEqual((status, version), (200, "2"))
        summary = json.loads(body)["StreamDescriptionSummary"]
        self.assertEqual((summary["StreamName"], summary["StreamStatus"], summary["OpenShardCount"]),
                         (name, "ACTIVE", 1))

    def test_error_answers_over_http2(self):
        status, version, body = self.curl("DescribeStreamSummary", {"StreamName": "missing"})
        self.assertEqual((status, version), (400, "2"))
        self.assertEqual(json.loads(body), {"__type": "ResourceNotFoundException",
                                            "message": "Stream missing under account %s not found."
                                                       % harness.ACCOUNT})

    def test_subscribe_to_shard_streams_its_events_over_http2(self):
        name = self.create(1)
        seqs = [self.kinesis.put_record(StreamName=name, PartitionKey="a", Data=d)["SequenceNumber"]
                for d in (b"one", b"two")]
        status, version, body = self.curl("SubscribeToShard", self.subscribe_body(self.consumer(name)))
        self.assertEqual((status, version), (200, "2"))
        got = messages(body)
        self.assertEqual((got[0].headers[":event-type"], got[0].payload), ("initial-response", b"{}"))
        first = json.loads(got[1].payload)
        self.assertEqual([(r["SequenceNumber"], r["Data"], r["PartitionKey"]) for r in first["Records"]],
                         [(seqs[0], "b25l", "a"), (seqs[1], "dHdv", "a")])
        self.assertEqual(first["ContinuationSequenceNumber"], seqs[1])
        # Then a heartbeat every 300 ms until the 1 s subscription ends, which ends the response.
        heartbeats = [json.loads(m.payload) for m in got[2:]]
        self.assertGreaterEqual(len(heartbeats), 2)
        self.assertTrue(all(h["Records"] == [] for h in heartbeats))

    def test_subscribe_to_shard_in_cbor_over_http2_as_the_java_sdk_and_the_kcl_send_it(self):
        name = self.create(1)
        seq = self.kinesis.put_record(StreamName=name, PartitionKey="a", Data=b"\x01\x02")["SequenceNumber"]
        status, version, body = self.curl("SubscribeToShard", self.subscribe_body(self.consumer(name)), cbor=True)
        self.assertEqual((status, version), (200, "2"))
        got = messages(body)
        self.assertEqual((got[0].headers[":event-type"], kinesis_cbor.decode(got[0].payload)), ("initial-response", {}))
        self.assertEqual(got[1].headers[":content-type"], CBOR_11)
        first = kinesis_cbor.decode(got[1].payload)
        self.assertEqual([(r["SequenceNumber"], r["Data"]) for r in first["Records"]], [(seq, b"\x01\x02")])

    def test_a_cancelled_stream_frees_the_shard_for_the_next_subscription_on_the_connection(self):
        name = self.create(1)
        self.kinesis.put_record(StreamName=name, PartitionKey="a", Data=b"x")
        consumer = self.consumer(name)
        headers, data = self.signed("SubscribeToShard", self.subscribe_body(consumer))
        request = {"headers": {k.lower(): v for k, v in headers.items() if k.lower() != "host"},
                   "body": data.decode(), "reset_after_bytes": 100}
        proc = subprocess.run(["node", "-e", NODE_CLIENT, self.server.endpoint, json.dumps([request, request])],
                              capture_output=True, timeout=20, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        results = json.loads(proc.stdout)
        self.assertEqual([r["status"] for r in results], [200, 200])
        for r in results:
            first = messages(base64.b64decode(r["body"]))[0]
            self.assertEqual(first.headers[":event-type"], "initial-response")

    def test_javascript_sdk_subscribes_unchanged(self):
        node_modules = ensure_js_sdk()
        name = self.create(1)
        seqs = [self.kinesis.put_record(StreamName=name, PartitionKey="a", Data=d)["SequenceNumber"]
                for d in (b"one", b"two")]
        env = dict(os.environ, NODE_PATH=node_modules, NODE_NO_WARNINGS="1")
        proc = subprocess.run(["node", os.path.join(HERE, "kinesis_subscribe_js.js"), self.server.endpoint,
                               self.consumer(name)], capture_output=True, text=True, timeout=30, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.split("\n")
        self.assertEqual(lines[-2:], ["end", ""])  # the SDK saw the subscription end
        events = [json.loads(line) for line in lines[:-2]]
        self.assertEqual(events[0], {"Records": [{"SequenceNumber": seqs[0], "PartitionKey": "a", "Data": "one"},
                                                 {"SequenceNumber": seqs[1], "PartitionKey": "a", "Data": "two"}],
                                     "ContinuationSequenceNumber": seqs[1], "MillisBehindLatest": 0})
        self.assertGreaterEqual(len(events), 3)  # heartbeats until the 1 s subscription ends
        self.assertTrue(all(e["Records"] == [] for e in events[1:]))


if __name__ == "__main__":
    unittest.main()
