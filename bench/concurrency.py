#!/usr/bin/env python3
"""Latency of the other services while 64 invocations of a 5-second function are in flight.

Starts streamstack (a SQLite file, two request threads unless --threads says otherwise) with a
function that sleeps 5 s (tests/handlers/apigateway's sleep.handler) behind API Gateway, keeps 64
invocations of it in flight the whole time (32 through API Gateway, 32 through Lambda Invoke,
each client starting a new one as soon as its last is answered), and meanwhile measures, one
request after the other over kept-alive connections: GET /_streamstack/health, DynamoDB GetItem
and PutItem, and Kinesis PutRecord. Prints p50, p99 and max per request kind, and how many
invocations were answered (each must be 200 after about 5 s).

    python3 bench/concurrency.py [--build build] [--seconds 30] [--threads 2] [--in-flight 64]

--in-flight 0 measures the same requests with nothing in flight, for comparison; --data :memory:
leaves the disk's fsyncs out of the writes' latency.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/%s/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)
SLEEP_MS = 5000


def start_server(build, threads, workdir, data):
    library = os.path.join(build, "tests", "handler-libraries", "libapigateway_test_handlers.so")
    with open(os.path.join(REPO, "config", "stack.json")) as f:
        stack = json.load(f)
    stack["functions"].append({"name": "slow", "handler": "sleep.handler", "code": library, "timeout": 10,
                               "environment": {"SLEEP_MS": str(SLEEP_MS)}})
    stack["restApis"].append({"name": "slow-endpoint", "id": "slowapi001", "function": "slow", "stage": "prod"})
    stack_path = os.path.join(workdir, "stack.json")
    with open(stack_path, "w") as f:
        json.dump(stack, f)
    ready = os.path.join(workdir, "ready")
    process = subprocess.Popen([os.path.join(build, "streamstack"), "--port", "0", "--data",
                                data or os.path.join(workdir, "bench.db"), "--config", stack_path, "--ready-file", ready,
                                "--threads", str(threads), "--log-level", "error"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(1000):
        if os.path.exists(ready) and open(ready).read().strip():
            return process, int(open(ready).read())
        time.sleep(0.01)
    process.kill()
    sys.exit("streamstack did not start")


class Connection:
    def __init__(self, port, timeout=30):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def call(self, method, path, body=b"", headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        return response.status, response.read()


def json_call(conn, service, target, body):
    content = "application/x-amz-json-1.0" if service == "dynamodb" else "application/x-amz-json-1.1"
    headers = {"Content-Type": content, "X-Amz-Target": target, "X-Amz-Date": "20260101T000000Z",
               "Authorization": AUTH % service}
    return conn.call("POST", "/", json.dumps(body).encode(), headers)


def keep_invoking(port, how, stop, answers):
    conn = Connection(port, timeout=60)
    while not stop.is_set():
        started = time.monotonic()
        if how == "api":
            status, _ = conn.call("GET", "/restapis/slowapi001/prod/_user_request_/")
        else:
            status, _ = conn.call("POST", "/2015-03-31/functions/slow/invocations", b"{}",
                                  {"X-Amz-Date": "20260101T000000Z", "Authorization": AUTH % "lambda"})
        answers.append((status, time.monotonic() - started))


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(REPO, "build"))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--in-flight", type=int, default=64)
    parser.add_argument("--data", default="", help="':memory:' for no storage; default a SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="streamstack-concurrency-") as workdir:
        process, port = start_server(os.path.abspath(args.build), args.threads, workdir, args.data)
        try:
            setup = Connection(port)
            json_call(setup, "dynamodb", "DynamoDB_20120810.PutItem",
                      {"TableName": "stream-demo-table", "Item": {"itemKey": {"S": "read-me"}, "name": {"S": "x"}}})
            stop, answers, clients = threading.Event(), [], []
            for i in range(args.in_flight):
                t = threading.Thread(target=keep_invoking, args=(port, "api" if i % 2 else "invoke", stop, answers),
                                     daemon=True)
                t.start()
                clients.append(t)
            time.sleep(1)  # every client has its invocation in flight

            kinds = {
                "GET /_streamstack/health": lambda c, n: c.call("GET", "/_streamstack/health"),
                "DynamoDB GetItem": lambda c, n: json_call(c, "dynamodb", "DynamoDB_20120810.GetItem", {
                    "TableName": "stream-demo-table", "Key": {"itemKey": {"S": "read-me"}}}),
                "DynamoDB PutItem": lambda c, n: json_call(c, "dynamodb", "DynamoDB_20120810.PutItem", {
                    "TableName": "stream-demo-table", "Item": {"itemKey": {"S": "k%d" % n}, "name": {"S": "v"}}}),
                "Kinesis PutRecord": lambda c, n: json_call(c, "kinesis", "Kinesis_20131202.PutRecord", {
                    "StreamName": "demo-stream", "PartitionKey": "k%d" % n, "Data": "aGVsbG8="}),
            }
            connections = {kind: Connection(port) for kind in kinds}
            latencies = {kind: [] for kind in kinds}
            failures = 0
            n = 0
            deadline = time.monotonic() + args.seconds
            while time.monotonic() < deadline:
                for kind, call in kinds.items():
                    started = time.perf_counter()
                    status, _ = call(connections[kind], n)
                    latencies[kind].append(time.perf_counter() - started)
                    failures += status != 200
                    n += 1
                time.sleep(0.002)
            stop.set()
            for t in clients:
                t.join(15)

            print("%d invocations of a %d ms function in flight (--threads %d, --data %s), %.0f s:" %
                  (args.in_flight, SLEEP_MS, args.threads, args.data or "file", args.seconds))
            print("| request | n | p50 | p99 | max |")
            print("|---|---:|---:|---:|---:|")
            for kind, samples in latencies.items():
                print("| %s | %d | %.2f ms | %.2f ms | %.2f ms |" % (
                    kind, len(samples), statistics.median(samples) * 1000, percentile(samples, 0.99) * 1000,
                    max(samples) * 1000))
            ok = [a for a in answers if a[0] == 200]
            print("non-200 answers to the measured requests: %d" % failures)
            if answers:
                print("invocations answered: %d, of them 200: %d, time to answer %.2f-%.2f s" % (
                    len(answers), len(ok), min(a[1] for a in answers), max(a[1] for a in answers)))
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
