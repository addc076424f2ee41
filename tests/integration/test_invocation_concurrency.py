"""Functions never run on, or wait on, a request thread; and Lambda's concurrency model.

The server runs with two request threads (--threads 2) and an account concurrency of 300. The
functions run tests/handlers/slow's gate.handler, held until the test opens the gate, so
invocations stay in flight for exactly as long as a test needs, without sleeping:

- health, DynamoDB and Kinesis answer while 64 invocations (API Gateway and Lambda Invoke) are in
  flight, and each invocation still gets its own answer once released. Before, each waiting
  invocation held a request thread: four concurrent API Gateway calls to a slow function stopped
  every service, health included (two of them were enough with two threads);
- reserved concurrency (Put/Get/DeleteFunctionConcurrency through boto3 and the AWS CLI), with
  AWS's validation, and AWS's throttling answers: Invoke's 429 TooManyRequestsException with its
  Reason, API Gateway's 500 for a throttled Lambda proxy integration, and an event source mapping
  that tries a throttled batch again without counting it against MaximumRetryAttempts.
"""

import glob
import http.client
import json
import os
import subprocess
import threading
import unittest

from botocore.exceptions import ClientError

import harness
from stack_support import StackTestCase

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GATE_TIMEOUT_S = 60
TABLE = "stream-demo-table"


def invoke_request(port, function, payload, timeout=GATE_TIMEOUT_S + 30):
    """Lambda Invoke (RequestResponse) over raw HTTP with a well-formed SigV4 header; (status, body)."""
    data = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", "X-Amz-Date": "20260101T000000Z",
               "Authorization": harness.FastDynamoDb.AUTH.replace("/dynamodb/", "/lambda/")}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/2015-03-31/functions/%s/invocations" % function, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def api_request(port, api_id, n, timeout=GATE_TIMEOUT_S + 30):
    """A GET through API Gateway to `api_id`'s function; (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/restapis/%s/prod/_user_request_/?n=%s" % (api_id, n))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Calls:
    """Requests made from threads of their own; their answers by key."""

    def __init__(self):
        self.threads = []
        self.answers = {}
        self.lock = threading.Lock()

    def start(self, key, call, *args):
        def run():
            try:
                answer = call(*args)
            except Exception as e:  # noqa: BLE001 - the test reports whatever went wrong
                answer = ("raised", repr(e))
            with self.lock:
                self.answers[key] = answer

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join(GATE_TIMEOUT_S + 60)
        return self.answers


class InvocationConcurrencyTest(StackTestCase):
    # Info: the dispatcher's line for a throttled batch is what a test waits for.
    log_level = "info"
    server_args = ("--threads", "2", "--lambda-concurrency", "300")

    @classmethod
    def write_stack(cls, directory):
        cls.gate = os.path.join(directory, "gate")
        os.makedirs(cls.gate)
        with open(os.path.join(REPO, "config", "stack.json")) as f:
            stack = json.load(f)
        library = harness.handler_library("slow_test_handlers")
        for name in ("gated", "reserved", "throttled_api"):
            stack["functions"].append({"name": name, "handler": "gate.handler", "code": library,
                                       "timeout": GATE_TIMEOUT_S, "environment": {"GATE_DIR": cls.gate}})
        stack["functions"].append(harness.recorder_function("recorder", os.path.join(directory, "recorder.jsonl")))
        stack["restApis"].append({"name": "gated-endpoint", "id": "gatedapi01", "function": "gated", "stage": "prod"})
        stack["restApis"].append({"name": "throttled-endpoint", "id": "throttled1", "function": "throttled_api",
                                  "stage": "prod"})
        return harness.write_stack(directory, stack)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = cls.server.port
        cls.kinesis = cls.server.client("kinesis")

    def setUp(self):
        for path in glob.glob(os.path.join(self.gate, "*")):
            os.remove(path)

    def tearDown(self):
        self.open_gate()

    def open_gate(self):
        with open(os.path.join(self.gate, "open"), "w"):
            pass

    def in_flight(self):
        return len(glob.glob(os.path.join(self.gate, "entered-*")))

    def wait_in_flight(self, n):
        # Generous, and still shorter than API Gateway's 29 s integration timeout, which would
        # free a request thread that waited on a function.
        self.assertTrue(harness.wait_for(lambda: self.in_flight() >= n, timeout=20),
                        "%d of %d invocations reached the function" % (self.in_flight(), n))

    def test_health_answers_while_four_api_gateway_calls_wait_on_a_slow_function(self):
        calls = Calls()
        for n in range(4):
            calls.start(n, api_request, self.port, "gatedapi01", n)
        # All four are in the function at once, though the server has two request threads.
        self.wait_in_flight(4)
        health = harness.http_request(self.port, "GET", "/_streamstack/health")
        self.assertEqual(health.status, 200)
        self.open_gate()
        answers = calls.join()
        self.assertEqual(answers, {n: (200, b"released %d" % n) for n in range(4)})

    def test_health_dynamodb_and_kinesis_answer_while_64_invocations_are_in_flight(self):
        calls = Calls()
        for n in range(32):
            calls.start(("api", n), api_request, self.port, "gatedapi01", n)
            calls.start(("invoke", n), invoke_request, self.port, "gated", {"n": n})
        self.wait_in_flight(64)
        self.assertEqual(harness.http_request(self.port, "GET", "/_streamstack/health").status, 200)
        self.ddb.put_item(TableName=TABLE, Item={"itemKey": {"S": "in-flight"}, "name": {"S": "x"}})
        self.assertEqual(self.ddb.get_item(TableName=TABLE, Key={"itemKey": {"S": "in-flight"}})["Item"]["name"],
                         {"S": "x"})
        self.assertIn("demo-stream", self.kinesis.list_streams()["StreamNames"])
        self.kinesis.put_record(StreamName="demo-stream", PartitionKey="k", Data=b"while in flight")
        self.assertEqual(self.in_flight(), 64, "the invocations were still in flight meanwhile")
        self.open_gate()
        answers = calls.join()
        expected = {}
        for n in range(32):
            expected[("api", n)] = (200, b"released %d" % n)
            expected[("invoke", n)] = (200, {"statusCode": 200, "headers": {"Content-Type": "text/plain"},
                                             "body": "released %d" % n})
        for n in range(32):
            status, body = answers[("invoke", n)]
            answers[("invoke", n)] = (status, json.loads(body))
        self.assertEqual(answers, expected)

    def test_an_h2c_stream_waiting_on_a_function_holds_up_no_other_stream(self):
        # One HTTP/2 connection: a stream through API Gateway to the held function, then a health
        # check on the same connection, which answers first; only then does the script open the
        # gate, and the first stream gets its answer.
        script = r"""
const http2 = require('http2');
const fs = require('fs');
const [url, gate] = process.argv.slice(1);
const session = http2.connect(url);
session.on('error', (e) => { console.error(e); process.exit(2); });
const order = [];
function get(path, name, then) {
  const stream = session.request({':method': 'GET', ':path': path});
  let status = 0, body = '';
  stream.on('response', (h) => { status = h[':status']; });
  stream.setEncoding('utf8');
  stream.on('data', (d) => { body += d; });
  stream.on('end', () => { order.push({name, status, body}); then(); });
  stream.end();
}
let left = 2;
const done = () => { if (--left === 0) { console.log(JSON.stringify(order)); session.close(); } };
get('/restapis/gatedapi01/prod/_user_request_/?n=h2', 'function', done);
const waitEntered = setInterval(() => {
  if (!fs.readdirSync(gate).some((f) => f.startsWith('entered-'))) return;
  clearInterval(waitEntered);
  get('/_streamstack/health', 'health', () => { fs.writeFileSync(gate + '/open', ''); done(); });
}, 5);
"""
        proc = subprocess.run(["node", "-e", script, self.server.endpoint, self.gate], capture_output=True, text=True,
                              timeout=GATE_TIMEOUT_S)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        order = json.loads(proc.stdout)
        self.assertEqual([(o["name"], o["status"]) for o in order], [("health", 200), ("function", 200)])
        self.assertEqual(order[1]["body"], "released h2")

    def test_reserved_concurrency_is_put_got_and_deleted(self):
        put = self.lam.put_function_concurrency(FunctionName="reserved", ReservedConcurrentExecutions=2)
        self.assertEqual(put["ReservedConcurrentExecutions"], 2)
        self.assertEqual(self.lam.get_function_concurrency(FunctionName="reserved")["ReservedConcurrentExecutions"], 2)
        self.assertEqual(self.lam.get_function(FunctionName="reserved")["Concurrency"],
                         {"ReservedConcurrentExecutions": 2})
        settings = self.lam.get_account_settings()["AccountLimit"]
        self.assertEqual((settings["ConcurrentExecutions"], settings["UnreservedConcurrentExecutions"]), (300, 298))
        self.lam.delete_function_concurrency(FunctionName="reserved")
        self.assertNotIn("ReservedConcurrentExecutions", self.lam.get_function_concurrency(FunctionName="reserved"))
        self.assertNotIn("Concurrency", self.lam.get_function(FunctionName="reserved"))

    def test_reserving_below_the_unreserved_minimum_is_refused_by_the_cli(self):
        result = self.server.aws("lambda", "put-function-concurrency", "--function-name", "reserved",
                                 "--reserved-concurrent-executions", "201")
        self.assertEqual(result.rc, harness.cli_error_exit_code(), result)
        self.assertIn("An error occurred (InvalidParameterValueException) when calling the PutFunctionConcurrency "
                      "operation: Specified ReservedConcurrentExecutions for function decreases account's "
                      "UnreservedConcurrentExecution below its minimum value of [100].", result.stderr)
        self.assertEqual(self.server.aws("lambda", "put-function-concurrency", "--function-name", "reserved",
                                         "--reserved-concurrent-executions", "200", check=True).json,
                         {"ReservedConcurrentExecutions": 200})
        self.lam.delete_function_concurrency(FunctionName="reserved")

    def test_invoke_over_the_reservation_is_429_too_many_requests(self):
        self.lam.put_function_concurrency(FunctionName="reserved", ReservedConcurrentExecutions=1)
        try:
            calls = Calls()
            calls.start("held", invoke_request, self.port, "reserved", {"n": "held"})
            self.wait_in_flight(1)
            with self.assertRaises(ClientError) as raised:
                self.lam.invoke(FunctionName="reserved", Payload=b"{}")
            error = raised.exception.response
            self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 429)
            self.assertEqual(error["Error"], {"Code": "TooManyRequestsException", "Message": "Rate Exceeded."})
            self.assertEqual(error["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded")
            self.assertEqual(error["Type"], "User")
            self.open_gate()
            self.assertEqual(calls.join()["held"][0], 200)
            # Its result gave the execution back.
            self.assertEqual(self.lam.invoke(FunctionName="reserved", Payload=b'{"n": 2}')["StatusCode"], 200)
        finally:
            self.lam.delete_function_concurrency(FunctionName="reserved")

    def test_reserved_concurrency_of_zero_throttles_every_invoke(self):
        self.lam.put_function_concurrency(FunctionName="reserved", ReservedConcurrentExecutions=0)
        try:
            status, body = invoke_request(self.port, "reserved", {})
            self.assertEqual(status, 429)
            self.assertEqual(json.loads(body), {"Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",
                                                "Type": "User", "message": "Rate Exceeded."})
            self.assertEqual(self.in_flight(), 0)
        finally:
            self.lam.delete_function_concurrency(FunctionName="reserved")

    def test_a_throttled_lambda_proxy_integration_is_500_internal_server_error(self):
        self.lam.put_function_concurrency(FunctionName="throttled_api", ReservedConcurrentExecutions=0)
        try:
            answer = harness.http_request(self.port, "GET", "/restapis/throttled1/prod/_user_request_/?n=1")
            self.assertEqual(answer.status, 500)
            self.assertEqual(answer.raw, b'{"message": "Internal server error"}')
            self.assertEqual(answer.header("x-amzn-ErrorType"), "InternalServerErrorException")
            self.assertEqual(self.in_flight(), 0)
        finally:
            self.lam.delete_function_concurrency(FunctionName="throttled_api")

    def test_a_throttled_mapping_batch_is_tried_again_without_using_retry_attempts(self):
        record_file = os.path.join(self.dir, "recorder.jsonl")
        table = harness.unique_name("throttled")
        self.ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "itemKey", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "itemKey", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                              StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        stream_arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        self.lam.put_function_concurrency(FunctionName="recorder", ReservedConcurrentExecutions=0)
        mapping = self.lam.create_event_source_mapping(FunctionName="recorder", EventSourceArn=stream_arn,
                                                       StartingPosition="TRIM_HORIZON", BatchSize=1,
                                                       MaximumRetryAttempts=0)
        try:
            self.ddb.put_item(TableName=table, Item={"itemKey": {"S": "k"}, "name": {"S": "t"}})
            self.assertTrue(harness.wait_for(lambda: "[recorder] " not in self.server.logs() and
                                             "recorder: batch of 1 record(s) throttled" in self.server.logs(),
                                             timeout=30))
            self.assertEqual(self.delivered(record_file, stream_arn), [])
            # With MaximumRetryAttempts 0 a function error would have discarded the record; a
            # throttle never reached the function, so the record is delivered once it can be.
            self.lam.delete_function_concurrency(FunctionName="recorder")
            self.assertTrue(harness.wait_for(lambda: self.delivered(record_file, stream_arn), timeout=30))
            self.assertEqual([r["dynamodb"]["Keys"] for r in self.delivered(record_file, stream_arn)],
                             [{"itemKey": {"S": "k"}}])
        finally:
            self.lam.delete_event_source_mapping(UUID=mapping["UUID"])
            self.lam.delete_function_concurrency(FunctionName="recorder")

    @staticmethod
    def delivered(record_file, stream_arn):
        """The records of `stream_arn` the recorder received."""
        return [record for delivery in harness.read_deliveries(record_file) for record in delivery["records"]
                if record["eventSourceARN"] == stream_arn]


if __name__ == "__main__":
    unittest.main()
