#!/usr/bin/env python3
"""The stream dispatcher, measured: write -> handler latency, dispatch throughput, and what a
stream with a mapping costs PutItem. Runs a streamstack of its own (durable, a file in WAL mode)
with bench/handlers' library.

    streams.py --bin build/streamstack --handlers LIB --work DIR [--duration 8s]
               [--latency-writes 2000] [--dispatch-records 50000]

Prints machine-readable lines (STREAMS ...) and a markdown table.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, "
        "SignedHeaders=host, Signature=abc")


class Client:
    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def dynamodb(self, operation, body):
        headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Date": "20260101T000000Z",
                   "X-Amz-Target": "DynamoDB_20120810." + operation,
                   "Authorization": AUTH.format(service="dynamodb")}
        self.connection.request("POST", "/", json.dumps(body), headers)
        response = self.connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        if response.status != 200:
            sys.exit("%s answered %d: %s" % (operation, response.status, payload))
        return payload

    def lambda_post(self, path, body):
        headers = {"Content-Type": "application/json", "X-Amz-Date": "20260101T000000Z",
                   "Authorization": AUTH.format(service="lambda")}
        self.connection.request("POST", path, json.dumps(body), headers)
        response = self.connection.getresponse()
        payload = json.loads(response.read() or b"{}")
        if response.status >= 300:
            sys.exit("POST %s answered %d: %s" % (path, response.status, payload))
        return payload


def table(name, stream=None):
    spec = {"name": name, "partitionKey": {"name": "pk", "type": "S"}}
    if stream:
        spec["stream"] = stream
    return spec


def write_stack(work, handlers):
    stack = {
        "tables": [table("latency", "NEW_IMAGE"), table("bulk", "NEW_IMAGE"), table("plain"),
                   table("streamed", "NEW_AND_OLD_IMAGES")],
        "functions": [
            {"name": "probe", "handler": "probe.handler", "code": handlers,
             "environment": {"PROBE_FILE": os.path.join(work, "probe.txt")}},
            {"name": "count", "handler": "count.handler", "code": handlers,
             "environment": {"COUNT_FILE": os.path.join(work, "count.txt")}},
            {"name": "noop", "handler": "count.handler", "code": handlers,
             "environment": {"COUNT_FILE": os.path.join(work, "noop.txt")}},
        ],
        "eventSourceMappings": [
            {"function": "probe", "source": "table:latency", "StartingPosition": "LATEST", "BatchSize": 1},
            {"function": "noop", "source": "table:streamed", "StartingPosition": "LATEST", "BatchSize": 100},
        ],
    }
    path = os.path.join(work, "stack.json")
    with open(path, "w") as f:
        json.dump(stack, f)
    return path


def start(binary, work, stack):
    ready = os.path.join(work, "port")
    log = open(os.path.join(work, "streams-server.log"), "w")
    process = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", "0", "--data",
                                os.path.join(work, "streams.db"), "--config", stack,
                                "--ready-file", ready, "--log-level", "warn"],
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if os.path.exists(ready) and open(ready).read().strip():
            return process, int(open(ready).read())
        if process.poll() is not None:
            sys.exit("streamstack exited: see %s" % log.name)
        time.sleep(0.02)
    sys.exit("streamstack did not start")


def lines_of(path):
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def measure_latency(client, work, writes):
    """PutItem acknowledged -> handler entered, one write at a time (BatchSize 1)."""
    acked = {}
    for seq in range(writes):
        client.dynamodb("PutItem", {"TableName": "latency",
                                    "Item": {"pk": {"S": "k%d" % seq}, "seq": {"N": str(seq)}}})
        acked[seq] = time.time_ns()
    deadline = time.monotonic() + 30
    while len(lines_of(os.path.join(work, "probe.txt"))) < writes and time.monotonic() < deadline:
        time.sleep(0.05)
    entered = {int(seq): int(ns) for seq, ns in lines_of(os.path.join(work, "probe.txt"))}
    if len(entered) < writes:
        sys.exit("only %d of %d writes reached the handler" % (len(entered), writes))
    # The dispatcher is woken by the commit, so a handler is often entered before the client has
    # read its answer: those count as 0.
    deltas = [max(0, entered[s] - acked[s]) / 1000 for s in range(writes)]
    early = sum(1 for s in range(writes) if entered[s] <= acked[s])
    return {"p50_us": percentile(deltas, 50), "p99_us": percentile(deltas, 99),
            "before_ack": early / writes}


def measure_dispatch(client, work, records):
    """Records/s from a mapping created at TRIM_HORIZON over `records` waiting records."""
    for start in range(0, records, 25):
        client.dynamodb("BatchWriteItem", {"RequestItems": {"bulk": [
            {"PutRequest": {"Item": {"pk": {"S": "b%d" % i}, "seq": {"N": str(i)}}}}
            for i in range(start, min(records, start + 25))]}})
    arn = client.dynamodb("DescribeTable", {"TableName": "bulk"})["Table"]["LatestStreamArn"]
    began_ns = time.time_ns()
    client.lambda_post("/2015-03-31/event-source-mappings/", {
        "FunctionName": "count", "EventSourceArn": arn, "StartingPosition": "TRIM_HORIZON",
        "BatchSize": 100})
    path = os.path.join(work, "count.txt")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        seen = lines_of(path)
        if seen and int(seen[-1][0]) >= records:
            elapsed = (int(seen[-1][1]) - began_ns) / 1e9
            return {"records": records, "seconds": elapsed, "records_per_s": records / elapsed}
        time.sleep(0.02)
    sys.exit("the mapping did not deliver %d records in time" % records)


def wrk_putitem(port, table_name, duration):
    out = subprocess.run(["wrk", "-t2", "-c16", "-d" + duration, "--latency", "-s", "bench/wrk/putitem.lua",
                          "http://127.0.0.1:%d/" % port, "--", table_name, "%s-%d" % (table_name, time.time_ns())],
                         capture_output=True, text=True)
    line = next((l for l in out.stdout.splitlines() if l.startswith("BENCH")), None)
    if line is None:
        sys.exit("wrk printed no result: %s" % out.stderr)
    fields = dict(f.split("=") for f in line.split()[1:])
    if int(fields["errors"]) or int(fields["socket_errors"]):
        sys.exit("PutItem on %s had errors: %s" % (table_name, line))
    return float(fields["rps"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--handlers", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--duration", default="8s")
    parser.add_argument("--latency-writes", type=int, default=2000)
    parser.add_argument("--dispatch-records", type=int, default=50000)
    args = parser.parse_args()

    process, port = start(args.bin, args.work, write_stack(args.work, os.path.abspath(args.handlers)))
    try:
        client = Client(port)
        latency = measure_latency(client, args.work, args.latency_writes)
        print("STREAMS latency p50_us=%.0f p99_us=%.0f before_ack=%.2f" %
              (latency["p50_us"], latency["p99_us"], latency["before_ack"]), flush=True)
        dispatch = measure_dispatch(client, args.work, args.dispatch_records)
        print("STREAMS dispatch records=%d seconds=%.3f records_per_s=%.0f" %
              (dispatch["records"], dispatch["seconds"], dispatch["records_per_s"]), flush=True)
        # Alternate the two tables so drift on a shared machine hits both alike.
        plain, streamed = [], []
        for _ in range(2):
            plain.append(wrk_putitem(port, "plain", args.duration))
            streamed.append(wrk_putitem(port, "streamed", args.duration))
        cost = 1 - statistics.median(streamed) / statistics.median(plain)
        print("STREAMS putitem plain_rps=%.0f streamed_rps=%.0f cost=%.3f" %
              (statistics.median(plain), statistics.median(streamed), cost), flush=True)
    finally:
        process.terminate()
        process.wait(timeout=10)

    print()
    print("| stream dispatcher | streamstack | target |")
    print("|---|---:|---:|")
    print("| PutItem acknowledged -> handler entered, BatchSize 1, p50 | %.0f µs | ≤ 1 ms |" % latency["p50_us"])
    print("| same, p99 | %.0f µs | ≤ 5 ms |" % latency["p99_us"])
    print("| handler entered before the client read the acknowledgement | %.0f%% | |" % (100 * latency["before_ack"]))
    print("| dispatch into a no-op handler, BatchSize 100, %d records | %.0f records/s | ≥ 20,000 |" %
          (dispatch["records"], dispatch["records_per_s"]))
    print("| PutItem at 16 conns, no stream / stream + mapping (median of 2) | %.0f / %.0f req/s (%.0f%% cost) | ≤ 20%% |" %
          (statistics.median(plain), statistics.median(streamed), 100 * cost))


if __name__ == "__main__":
    main()
